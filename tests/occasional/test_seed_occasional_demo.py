"""manage.py seed_occasional_demo: occasional-care demo data on top of seed_demo."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.occasional.enums import OccasionalRequestStatus, ProposalResponse
from maillage.occasional.models import (
    OccasionalBooking,
    OccasionalProposal,
    OccasionalRequest,
    OccasionalSlot,
)
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db
NOW = "2026-11-20 09:00:00+01:00"  # a Friday
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def territory_93():
    """Four communes of Seine-Saint-Denis, from a large town to a small one."""
    return [
        CommuneFactory(
            code=f"930{i:02d}",
            population=pop,
            children_under_3=children,
            births_by_year={"2023": births, "2024": births},
            latitude=48.85 + i / 100,
            longitude=2.35 + i / 100,
        )
        for i, (pop, children, births) in enumerate(
            [(113_000, 6_000, 2_000), (111_000, 5_400, 1_800), (55_000, 2_700, 900)], start=1
        )
    ]


def run(command, *args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_93(territory_93):
    """seed_demo already ran for the département (a small scale, for speed)."""
    run("seed_demo", "--departement", "93", "--seed", "1", "--scale", "0.2")
    return territory_93


def snapshot():
    """Every row that matters, as text (some keys are None)."""
    return tuple(
        sorted(map(repr, rows))
        for rows in (
            OccasionalSlot.objects.values_list(
                "nursery_id", "childminder_id", "date", "start_time", "end_time", "places"
            ),
            OccasionalRequest.objects.values_list(
                "parent__email", "family_email", "commune_id", "reason", "status"
            ),
            OccasionalProposal.objects.values_list(
                "request__parent__email", "request__family_email", "rank", "response"
            ),
        )
    )


def wipe():
    OccasionalBooking.objects.all().delete()
    OccasionalRequest.objects.all().delete()
    OccasionalSlot.objects.all().delete()


def test_a_realistic_set_of_slots_requests_and_answers_in_french(
    demo_93, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("seed_occasional_demo", "--departement", "93", "--seed", "1")
    assert "Accueil occasionnel pour Seine-Saint-Denis (93) :" in output
    assert "demandes" in output and "réservation" in output and "communes." in output
    requests = OccasionalRequest.objects.all()
    assert requests.count() >= 8
    assert requests.values("commune").distinct().count() >= 2
    statuses = set(requests.values_list("status", flat=True))
    assert {OccasionalRequestStatus.OPEN, OccasionalRequestStatus.CANCELLED} <= statuses
    assert statuses & {OccasionalRequestStatus.PARTIAL, OccasionalRequestStatus.COVERED}
    responses = set(OccasionalProposal.objects.values_list("response", flat=True))
    assert {ProposalResponse.PENDING, ProposalResponse.ACCEPTED, ProposalResponse.DECLINED} <= (
        responses
    )
    assert OccasionalSlot.objects.filter(nursery__isnull=False).exists()
    assert OccasionalSlot.objects.filter(childminder__isnull=False).exists()
    assert OccasionalBooking.objects.exists()
    days = OccasionalRequest.objects.values_list("days__date", flat=True)
    assert all(TODAY < d <= TODAY + dt.timedelta(days=14) and d.weekday() < 5 for d in days)
    assert mail.outbox == []  # fake accounts are never emailed, even after the commit


def test_the_demo_accounts_each_have_something_to_do(demo_93):
    run("seed_occasional_demo", "--departement", "93", "--seed", "1")
    own = OccasionalRequest.objects.get(parent__email="parent@demo.maillage.fr")
    assert own.status == OccasionalRequestStatus.PARTIAL and own.days.count() == 3
    for email in ("am@demo.maillage.fr", "creche@demo.maillage.fr"):
        from maillage.accounts.models import User

        provider = User.objects.get(email=email)
        assert OccasionalProposal.objects.for_provider(provider).filter(response="pending")
        assert OccasionalSlot.objects.of_provider(provider).exists()
    followed = OccasionalRequest.objects.filter(counsellor__email="conseiller@demo.maillage.fr")
    assert followed.filter(parent__isnull=True).exclude(family_email="").exists()
    logins = run("demo_logins")
    assert "parent@demo.maillage.fr" in logins and "pas encore créé" not in logins


def test_same_seed_same_data(demo_93):
    run("seed_occasional_demo", "--departement", "93", "--seed", "1")
    first = snapshot()
    wipe()
    run("seed_occasional_demo", "--departement", "93", "--seed", "1")
    assert snapshot() == first


def test_if_empty_does_nothing_the_second_time(demo_93):
    run("seed_occasional_demo", "--departement", "93", "--seed", "1", "--if-empty")
    before = snapshot()
    output = run("seed_occasional_demo", "--departement", "93", "--seed", "1", "--if-empty")
    assert "existent déjà" in output and "rien n'est recréé" in output
    assert snapshot() == before
    with pytest.raises(CommandError, match="Utilisez --if-empty"):
        run("seed_occasional_demo", "--departement", "93", "--seed", "1")


def test_without_seed_demo_the_error_says_what_to_run(territory_93):
    with pytest.raises(CommandError) as exc:
        run("seed_occasional_demo", "--departement", "93", "--seed", "1")
    assert str(exc.value) == (
        "Aucune donnée de démonstration pour Seine-Saint-Denis (93) : lancez d'abord "
        "manage.py seed_demo --departement 93 --seed 1."
    )
    assert not OccasionalSlot.objects.exists()


def test_an_unknown_departement_is_a_clear_error(demo_93):
    with pytest.raises(CommandError, match="Département inconnu : '999'"):
        run("seed_occasional_demo", "--departement", "999")
