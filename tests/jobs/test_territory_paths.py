"""Reference paths on every install, offered only where they exist, chosen per territory."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.jobs.errors import JobsError
from maillage.jobs.forms import OrientForm
from maillage.jobs.models import PathTemplate, PathTerritorySetting
from maillage.jobs.querysets import path_offered_in, paths_offered_in
from maillage.jobs.reference import AGREMENT_NA, CAP_VERS_L_ENFANCE, path_templates_load
from maillage.jobs.services.paths import path_start
from maillage.jobs.services.territory_paths import path_adapt, path_territory_set
from tests.accounts.factories import UserFactory
from tests.jobs.factories import CandidateProfileFactory
from tests.territory.factories import DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db


def gironde():
    region = RegionFactory(code="75", name="Nouvelle-Aquitaine")
    return DepartementFactory(code="33", name="Gironde", region=region)


def bouches_du_rhone():
    region = RegionFactory(code="93", name="Provence-Alpes-Côte d'Azur")
    return DepartementFactory(code="13", name="Bouches-du-Rhône", region=region)


def seine_saint_denis():
    return DepartementFactory()


def test_a_fresh_install_loads_both_reference_paths_once():
    call_command("load_path_templates")
    call_command("load_path_templates")
    cap = PathTemplate.objects.get(slug=CAP_VERS_L_ENFANCE)
    agrement = PathTemplate.objects.get(slug=AGREMENT_NA)
    assert PathTemplate.objects.count() == 2
    # Seed 001: a 105-hour training path including the immersion.
    assert cap.total_hours == 105
    assert cap.steps.filter(kind="immersion").exists()
    assert cap.origin_regions == ["93", "94"]
    assert agrement.kind == "agrement" and agrement.origin_regions == ["75"]
    assert agrement.steps.count() == 6


def test_loading_again_keeps_what_was_edited():
    templates = path_templates_load()
    PathTemplate.objects.filter(pk=templates[CAP_VERS_L_ENFANCE].pk).update(name="Cap (édité)")
    path_templates_load()
    assert PathTemplate.objects.get(slug=CAP_VERS_L_ENFANCE).name == "Cap (édité)"


def test_a_path_is_offered_only_in_its_region_of_origin():
    path_templates_load()
    seine_saint_denis(), gironde(), bouches_du_rhone()
    offered = {
        code: set(paths_offered_in(code).values_list("slug", flat=True))
        for code in ("93", "33", "13")
    }
    assert offered == {"93": set(), "33": {AGREMENT_NA}, "13": {CAP_VERS_L_ENFANCE}}


def test_a_territory_enables_the_nouvelle_aquitaine_path_in_seine_saint_denis():
    templates = path_templates_load()
    dep = seine_saint_denis()
    agrement = templates[AGREMENT_NA]
    assert not path_offered_in(agrement, "93")
    path_territory_set(template=agrement, departement=dep, enabled=True, by=None)
    assert path_offered_in(agrement, "93")
    # And a territory of its région may stop offering it.
    path_territory_set(template=agrement, departement=gironde(), enabled=False, by=None)
    assert not path_offered_in(agrement, "33")


def test_every_place_that_offers_paths_keeps_to_the_candidates_departement(client):
    templates = path_templates_load()
    candidate = CandidateProfileFactory()
    form = OrientForm(prefix="o", departement_code="93")
    assert list(form.fields["template"].queryset) == []
    with pytest.raises(JobsError, match="n'est pas proposé dans le département 93"):
        path_start(
            candidate=candidate, template=templates[AGREMENT_NA], on=candidate.available_from
        )
    client.force_login(candidate.user)
    page = client.get(reverse("jobs:my_path")).content.decode()
    assert "Aucun parcours n'est encore proposé dans votre département" in page
    assert "Parcours agrément Nouvelle-Aquitaine" not in page
    path_territory_set(
        template=templates[CAP_VERS_L_ENFANCE],
        departement=candidate.commune.departement,
        enabled=True,
        local_note="Session à Bobigny, contact : rpe@exemple.fr",
        by=None,
    )
    page = client.get(reverse("jobs:my_path")).content.decode()
    assert "Cap vers l&#x27;enfance" in page and "Session à Bobigny" in page
    assert "Parcours agrément Nouvelle-Aquitaine" not in page


def test_a_training_cannot_be_attached_to_a_path_not_offered_there():
    from maillage.jobs.forms import TrainingOfferForm
    from maillage.jobs.forms.counsellor import _check_path_offered

    templates = path_templates_load()
    candidate = CandidateProfileFactory()
    form = TrainingOfferForm()
    form.cleaned_data = {}
    _check_path_offered(
        form, {"path_template": templates[AGREMENT_NA], "commune": candidate.commune}
    )
    assert "n'est pas proposé dans le département 93" in " ".join(form.errors["path_template"])


def test_a_territory_admin_adapts_a_reference_path_and_edits_it(client):
    templates = path_templates_load()
    dep = seine_saint_denis()
    admin = UserFactory(role=Role.TERRITORY_ADMIN, departements=["93"])
    client.force_login(admin)
    page = client.get(reverse("jobs:territory_paths"))
    assert page.status_code == 200
    assert "Parcours agrément Nouvelle-Aquitaine" in page.content.decode()
    response = client.post(
        reverse("jobs:territory_path_adapt", args=["93", templates[AGREMENT_NA].pk])
    )
    copy = PathTemplate.objects.get(departement=dep)
    assert response.url == reverse("jobs:territory_path_edit", args=["93", copy.pk])
    assert copy.adapted_from == templates[AGREMENT_NA] and copy.steps.count() == 6
    assert path_offered_in(copy, "93") and not path_offered_in(templates[AGREMENT_NA], "93")
    gironde()
    assert not path_offered_in(copy, "33")
    data = {
        "name": "Parcours agrément Seine-Saint-Denis",
        "description": "Réunions à Bobigny.",
        "step-TOTAL_FORMS": "2",
        "step-INITIAL_FORMS": "0",
        "step-0-kind": "information",
        "step-0-title": "Réunion d'information à la PMI",
        "step-0-duration_hours": "3",
        "step-1-kind": "qualification",
        "step-1-title": "Agrément délivré par la PMI",
    }
    response = client.post(reverse("jobs:territory_path_edit", args=["93", copy.pk]), data)
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.name == "Parcours agrément Seine-Saint-Denis"
    assert [s.title for s in copy.steps.order_by("order")] == [
        "Réunion d'information à la PMI",
        "Agrément délivré par la PMI",
    ]
    assert path_adapt(template=templates[AGREMENT_NA], departement=dep, by=admin) == copy


def test_a_territory_admin_chooses_paths_only_in_her_departements(client):
    templates = path_templates_load()
    seine_saint_denis()
    gironde()
    admin = UserFactory(role=Role.TERRITORY_ADMIN, departements=["33"])
    client.force_login(admin)
    url = reverse("jobs:territory_path_set", args=["93", templates[AGREMENT_NA].pk])
    response = client.post(url, {f"p{templates[AGREMENT_NA].pk}-enabled": "on"})
    assert response.status_code == 404
    assert not PathTerritorySetting.objects.exists()
    url = reverse("jobs:territory_path_set", args=["33", templates[CAP_VERS_L_ENFANCE].pk])
    client.post(url, {f"p{templates[CAP_VERS_L_ENFANCE].pk}-enabled": "on"})
    assert path_offered_in(templates[CAP_VERS_L_ENFANCE], "33")
    for role in (Role.COUNSELLOR, Role.CANDIDATE, Role.ANALYST):
        client.force_login(UserFactory(role=role, departements=["33"]))
        assert client.get(reverse("jobs:territory_paths")).status_code == 403
