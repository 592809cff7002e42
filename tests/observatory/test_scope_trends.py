"""Who edits which SDSF actions; trend series and history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.observatory.models import IndicatorHistory, SdsfAction
from maillage.observatory.services import indicators_recompute, trends
from maillage.territory.models import CafCoverageRate
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_departements():
    sd = CommuneFactory(saint_denis=True, children_under_3=100)
    val = DepartementFactory(code="94", name="Val-de-Marne", region=sd.region)
    CommuneFactory(code="94028", name="Créteil", departement=val)
    for code in ("93", "94"):
        SdsfAction.objects.create(
            departement_id=code, axis=1, number="1.1", title=f"Fiche {code}", pilot="Caf"
        )
    return sd


@pytest.mark.parametrize(
    ("role", "deps", "edit_93", "edit_94", "listed"),
    [
        ("admin", [], 200, 200, 2),
        ("analyst", ["93"], 200, 404, 1),
        ("analyst", [], 404, 404, 0),  # no territory: edits nothing
        ("counsellor", ["93"], 403, 403, None),
        ("parent", [], 403, 403, None),
    ],
)
def test_action_edit_is_limited_to_the_departements_in_scope(
    client, two_departements, role, deps, edit_93, edit_94, listed
):
    user = f.user(role=role)
    user.territory_departements.add(*deps)
    client.force_login(user)
    for code, expected in (("93", edit_93), ("94", edit_94)):
        action = SdsfAction.objects.get(departement_id=code)
        assert (
            client.get(reverse("observatory:action_edit", args=[code, action.pk])).status_code
            == expected
        )
        assert client.get(reverse("observatory:action_create", args=[code])).status_code == expected
    response = client.get(reverse("observatory:action_list"))
    if listed is None:
        assert response.status_code == 403
    else:
        assert len(response.context["actions"]) == listed


def test_analyst_cannot_post_a_note_outside_her_departement(client, two_departements):
    analyst = f.user(role="analyst")
    analyst.territory_departements.add("93")
    client.force_login(analyst)
    action = SdsfAction.objects.get(departement_id="94")
    url = reverse("observatory:action_note", args=["94", action.pk])
    assert client.post(url, {"note-date": "2026-05-27", "note-text": "x"}).status_code == 404
    assert not action.notes.exists()


def test_children_trend_is_a_rolling_three_year_sum_indexed_on_france():
    dep = DepartementFactory(
        code="93", births_by_year={"2020": 10, "2021": 20, "2022": 30, "2023": 60}
    )
    DepartementFactory(
        code="94",
        region=dep.region,
        births_by_year={"2020": 90, "2021": 80, "2022": 70, "2023": 60},
    )
    rows = trends.children_trend(dep.births_by_year)
    assert [(r["year"], r["value"]) for r in rows] == [(2022, 60), (2023, 110)]
    assert rows[1]["index"] == round(100 * 110 / 60, 1)
    # France: 2022 = 10+20+30+90+80+70 = 300; 2023 = 20+30+60+80+70+60 = 320.
    assert rows[1]["france_index"] == round(100 * 320 / 300, 1)


def test_caf_trend_gives_the_national_median_per_year():
    for code, rate in (("93", 30.0), ("94", 50.0), ("75", 70.0), ("977", 5.0)):
        CafCoverageRate.objects.create(departement_code=code, year=2023, txcouv_global=rate)
    CafCoverageRate.objects.create(departement_code="93", year=2022, txcouv_global=28.5)
    rows = trends.caf_trend("93")
    assert [(r["year"], r["global"]) for r in rows] == [(2022, 28.5), (2023, 30.0)]
    assert rows[1]["national_median"] == 50.0  # Saint-Barthélemy excluded


def test_each_recompute_day_keeps_its_history(client, two_departements, time_machine):
    time_machine.move_to("2026-03-01 10:00Z", tick=False)
    f.childminder(two_departements, capacity=4)
    indicators_recompute()
    indicators_recompute()  # same day: replaces
    time_machine.move_to("2026-04-01 10:00Z", tick=False)
    f.childminder(two_departements, capacity=2)
    indicators_recompute()
    rows = IndicatorHistory.objects.filter(level="departement", code="93").order_by("date")
    assert [r.values["places_childminders"] for r in rows] == [4, 6]
    assert not IndicatorHistory.objects.filter(level="commune").exists()
    series = trends.platform_trend("departement", "93")
    assert [r["coverage"] for r in series] == [4.0, 6.0]
    page = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    assert "1 avril 2026" in page and "<polyline" in page
