"""Action tracking of the SDSF: reference sheets on every install, partners edit the actions
they pilot or partner and read the rest, yearly revision, export and printable summary."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.observatory.models import KeyAction, KeyActionRevision, SdsfAction
from maillage.observatory.reference import sdsf_reference_load
from tests.accounts.factories import AnalystFactory, CounsellorFactory, ParentFactory
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seine_saint_denis():
    dep = CommuneFactory(saint_denis=True).departement
    sdsf_reference_load()
    return dep


def _partner(dep, organisation):
    user = CounsellorFactory(organisation=organisation)
    user.territory_departements.set([dep])
    return user


def _articulation():
    return KeyAction.objects.get(sheet__number="2.1", title__startswith="Articulation")


def test_the_reference_sheets_and_key_actions_are_loaded_once(seine_saint_denis):
    assert sorted(SdsfAction.objects.values_list("number", flat=True)) == [
        "1.1",
        "2.1",
        "2.2",
        "2.3",
    ]
    count = KeyAction.objects.count()
    assert count == 8
    call_command("load_sdsf_reference")
    assert KeyAction.objects.count() == count
    sheet = SdsfAction.objects.get(number="1.1")
    assert "places_created" in sheet.indicator_keys and sheet.pilot == "Caf"


def test_a_france_travail_partner_updates_the_status_of_her_action(client, seine_saint_denis):
    partner = _partner(seine_saint_denis, "france_travail")
    action = _articulation()
    client.force_login(partner)
    url = reverse("observatory:key_action", args=["93", action.pk])
    response = client.post(
        url,
        {
            "what": "status",
            "status": "done",
            "progress": "Feuille de route adoptée.",
            "note": "Comité du 12 juin",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", "Feuille de route adoptée.")
    assert action.notes.get().author == partner
    client.post(url, {"what": "milestone", "label": "Comité plénier", "due_on": "2026-06-12"})
    client.post(url, {"what": "target", "indicator_key": "vacant_posts", "target": "120,5"})
    assert action.milestones.get().label == "Comité plénier"
    assert str(action.indicators.get().target) == "120.5"


def test_a_partner_reads_but_cannot_edit_an_action_she_does_not_take_part_in(
    client, seine_saint_denis
):
    partner = _partner(seine_saint_denis, "france_travail")
    caf_only = KeyAction.objects.get(title__startswith="Accompagnement au montage financier")
    client.force_login(partner)
    url = reverse("observatory:key_action", args=["93", caf_only.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"what": "status", "status": "done", "progress": ""}).status_code == 403
    caf_only.refresh_from_db()
    assert caf_only.status == "in_progress"


def test_outside_her_territory_or_without_organisation_nothing_is_shown(client, seine_saint_denis):
    other = DepartementFactory(code="94", name="Val-de-Marne", region=seine_saint_denis.region)
    client.force_login(_partner(other, "france_travail"))
    assert client.get(reverse("observatory:zoom", args=["93"])).status_code == 404
    client.force_login(ParentFactory())
    assert client.get(reverse("observatory:zoom", args=["93"])).status_code == 404
    assert client.get(reverse("observatory:zoom_home")).status_code == 403


def test_the_yearly_revision_keeps_the_previous_version_readable(client, seine_saint_denis):
    analyst = AnalystFactory()
    analyst.territory_departements.set([seine_saint_denis])
    action = _articulation()
    action.progress = "Point d'étape 2026"
    action.save()
    client.force_login(analyst)
    client.post(reverse("observatory:zoom_revise", args=["93"]), {"year": str(action.year)})
    revision = KeyActionRevision.objects.get(key_action=action)
    assert revision.data["progress"] == "Point d'étape 2026"
    action.refresh_from_db()
    assert action.year == revision.year + 1
    page = client.get(reverse("observatory:key_action", args=["93", action.pk])).content.decode()
    assert f"Plan {revision.year}" in page and "Point d&#x27;étape 2026" in page
    partner = _partner(seine_saint_denis, "caf")
    client.force_login(partner)
    assert (
        client.post(reverse("observatory:zoom_revise", args=["93"]), {"year": "2026"}).status_code
        == 403
    )


def test_the_whole_table_exports_and_each_axis_prints(client, seine_saint_denis):
    client.force_login(_partner(seine_saint_denis, "caf"))
    export = client.get(reverse("observatory:zoom_export", args=["93"]))
    text = export.content.decode("utf-8-sig")
    assert export.status_code == 200 and "Articulation entre le CDSF" in text and ";" in text
    summary = client.get(reverse("observatory:zoom_axis_print", args=["93", 2])).content.decode()
    assert "Fiche 2.3" in summary and "Fiche 1.1" not in summary
    home = client.get(reverse("observatory:zoom_home"))
    assert home.status_code == 302 and home["Location"] == reverse("observatory:zoom", args=["93"])
