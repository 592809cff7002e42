"""Counsellor pages, scoped to her territory; the dashboard's accessible tables."""

import pytest
import time_machine

from maillage.outcomes.models import OutcomeCheckpoint
from tests.accounts.factories import AnalystFactory, CounsellorFactory, ParentFactory
from tests.outcomes.conftest import paris
from tests.outcomes.factories import follow_up_with, served_need
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evry_and_saint_denis():
    return CommuneFactory(evry=True), CommuneFactory(saint_denis=True)


def test_the_counsellor_records_a_checkpoint_of_her_territory(login, evry_and_saint_denis):
    _, saint_denis = evry_and_saint_denis
    follow_up = follow_up_with({}, need=served_need(commune=saint_denis))
    m1 = follow_up.checkpoints.get(checkpoint="m1")
    client = login(CounsellorFactory(departements=["93"]))
    with time_machine.travel(paris(2026, 2, 10, 9), tick=False):
        assert client.get(f"/retour-emploi/points/{m1.pk}/").status_code == 200
        response = client.post(
            f"/retour-emploi/points/{m1.pk}/", {"situation": "training", "job_change": "started"}
        )
    assert response.status_code == 302
    m1.refresh_from_db()
    assert (m1.situation, m1.answered_by) == ("training", "counsellor")


def test_a_checkpoint_outside_her_territory_is_not_found(login, evry_and_saint_denis):
    evry, _ = evry_and_saint_denis
    follow_up = follow_up_with({}, need=served_need(commune=evry))
    checkpoint = follow_up.checkpoints.get(checkpoint="start")
    client = login(CounsellorFactory(departements=["93"]))
    assert client.get(f"/retour-emploi/points/{checkpoint.pk}/").status_code == 404


def test_the_dashboard_shows_only_her_communes_and_masks_small_cells(
    login, evry_and_saint_denis, settings
):
    settings.MAILLAGE_SMALL_CELL_THRESHOLD = 2
    evry, saint_denis = evry_and_saint_denis
    for situation in ("employed", "job_seeking"):
        follow_up_with({"m1": situation}, need=served_need(commune=saint_denis))
    follow_up_with({"m1": "employed"}, need=served_need(commune=evry))
    client = login(CounsellorFactory(departements=["93"]))
    html = client.get("/retour-emploi/").content.decode()
    assert "Saint-Denis" in html and "Évry" not in html
    assert "50 %" in html and "(1 sur 2)" in html
    assert "<caption>" in html and 'scope="row"' in html
    assert html.count("<h1") == 1
    # Only one answer at 3 months and none at 6: masked or empty, never a figure.
    assert "effectif trop faible" in html or "aucune réponse" in html


def test_served_needs_without_follow_up_are_listed_and_can_be_opened(login):
    need = served_need(commune=CommuneFactory(saint_denis=True))
    client = login(CounsellorFactory(departements=["93"]))
    assert (
        f"/retour-emploi/besoins/{need.pk}/suivre/"
        in client.get("/retour-emploi/").content.decode()
    )
    response = client.post(
        f"/retour-emploi/besoins/{need.pk}/suivre/", {"mode": "nursery", "care_start": "2026-01-05"}
    )
    assert response.status_code == 302
    assert OutcomeCheckpoint.objects.filter(follow_up__need=need).count() == 4


def test_analysts_see_rates_but_parents_do_not(login):
    assert login(AnalystFactory()).get("/retour-emploi/").status_code == 200
    assert login(ParentFactory()).get("/retour-emploi/").status_code == 403
