"""The dashboard says what to do next, counted, for each role; nothing when all is done."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from maillage.childcare.enums import CommissionStatus
from maillage.childcare.models import Commission
from maillage.core.dashboard import todos_for
from maillage.families.enums import ContactRequestStatus as S
from tests.accounts.factories import CounsellorFactory, NurseryManagerFactory, ParentFactory
from tests.childcare.factories import NurseryAgeGroupFactory
from tests.families.factories import (
    ChildminderFactory,
    ContactRequestFactory,
    NeedFactory,
    NurseryFactory,
)
from tests.staffing.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def texts(user):
    return [todo.text for todo in todos_for(user)]


def test_a_parent_with_an_accepted_place_is_asked_to_confirm_it():
    request = ContactRequestFactory(status=S.ACCEPTED)
    ContactRequestFactory(need__parent=request.need.parent, status=S.DATE_PROPOSED)
    assert texts(request.need.parent) == [
        "1 place acceptée à confirmer",
        "1 autre date proposée à examiner",
    ]


def test_a_new_parent_is_invited_to_declare_her_need_and_an_idle_need_to_find_solutions():
    parent = ParentFactory()
    todo = todos_for(parent)[0]
    assert todo.text == "Aucun besoin d'accueil déclaré" and todo.url == reverse(
        "families:need_new"
    )
    NeedFactory(parent=parent)
    assert texts(parent) == ["1 besoin sans demande en cours"]


def test_a_childminder_sees_her_pending_requests_and_stale_availability():
    childminder = ChildminderFactory(availability_updated_at=NOW - dt.timedelta(days=45))
    ContactRequestFactory(childminder=childminder, status=S.PENDING)
    assert texts(childminder.user) == [
        "1 demande en attente de votre réponse",
        "Disponibilités non mises à jour depuis 45 jours",
    ]
    childminder.availability_updated_at = NOW
    childminder.save()
    ContactRequestFactory(childminder=childminder, status=S.DECLINED)
    assert texts(childminder.user) == ["1 demande en attente de votre réponse"]


def test_a_manager_sees_requests_commissions_and_the_days_her_staff_closes_places():
    manager = NurseryManagerFactory()
    nursery = NurseryFactory(name="Les Lilas", managers=[manager], availability_updated_at=NOW)
    NurseryAgeGroupFactory(nursery=nursery, places=10)
    StaffMemberFactory(nursery=nursery, qualification="cap_aepe")  # no qualified professional
    ContactRequestFactory(to_nursery=True, nursery=nursery, status=S.PENDING)
    commission = Commission.objects.create(
        mode="stable", run_by=manager, run_at=timezone.now(), status=CommissionStatus.DRAFT
    )
    commission.nurseries.set([nursery])
    found = texts(manager)
    assert "1 demande de famille en attente" in found
    assert "1 commission à valider" in found
    assert (
        "Les Lilas : 10 jours avec des places fermées faute de personnel dans les 14 prochains jours"
        in found
    )


def test_a_counsellor_sees_the_families_without_a_solution_in_her_territory():
    counsellor = CounsellorFactory()
    NeedFactory(counsellor=counsellor)
    assert texts(counsellor) == ["1 famille sans solution d'accueil"]


def test_nothing_to_do_is_said_plainly(client):
    manager = NurseryManagerFactory()
    client.force_login(manager)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Rien ne vous attend pour l'instant." in html


def test_the_dashboard_page_lists_the_todos_with_their_action(client):
    request = ContactRequestFactory(status=S.ACCEPTED)
    client.force_login(request.need.parent)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "1 place acceptée à confirmer" in html
    assert f'href="{reverse("families:request_list")}">Confirmer' in html
