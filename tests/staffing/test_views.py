"""Crèche staff pages as a manager uses them (forms posted as a browser sends them)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from maillage.jobs.models import SubstituteRequest
from maillage.staffing.models import StaffAbsence, StaffMember, StaffPost
from tests.accounts.factories import NurseryManagerFactory, ParentFactory
from tests.browser_form import browser_form_data
from tests.childcare.factories import NurseryAgeGroupFactory, NurseryFactory
from tests.staffing.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def manager():
    return NurseryManagerFactory()


@pytest.fixture
def nursery(manager):
    nursery = NurseryFactory(managers=[manager], name="Les Lilas")
    NurseryAgeGroupFactory(nursery=nursery, places=10)
    StaffMemberFactory(nursery=nursery, label="AP 1")
    StaffMemberFactory(nursery=nursery, qualification="cap_aepe", label="CAP 1")
    return nursery


def test_manager_adds_a_professional_with_the_form_as_sent(login, manager, nursery):
    client = login(manager)
    url = reverse("staffing:member_new", args=[nursery.pk])
    data = browser_form_data(client.get(url).content.decode(), field="weekly_hours")
    data.update(
        qualification="eje",
        weekly_hours="17,5",
        contract_type="cdd",
        start_date="2026-03-02",
        label="EJE 1",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    member = StaffMember.objects.get(label="EJE 1")
    assert (member.qualification, str(member.weekly_hours), member.working_days) == (
        "eje",
        "17.5",
        "1111100",
    )


def test_bad_member_input_is_summarised_in_french_and_nothing_saved(login, manager, nursery):
    client = login(manager)
    url = reverse("staffing:member_new", args=[nursery.pk])
    response = client.post(
        url,
        {
            "qualification": "",
            "weekly_hours": "60",
            "start_date": "2026-03-02",
            "contract_type": "cdi",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and 'id="resume-erreurs"' in page
    assert "Heures par semaine" in page and StaffMember.objects.count() == 2


def test_an_absence_shows_the_closed_places_and_the_prefilled_request_is_sent(
    login, manager, nursery
):
    client = login(manager)
    member = StaffMember.objects.get(label="AP 1")
    url = reverse("staffing:absence_new", args=[nursery.pk])
    data = browser_form_data(client.get(url).content.decode(), field="kind")
    data.update(
        member=str(member.pk), start_date="2026-03-03", end_date="2026-03-03", kind="sick_leave"
    )
    assert client.post(url, data).status_code == 302
    assert StaffAbsence.objects.filter(member=member).count() == 1

    overview = client.get(reverse("staffing:overview", args=[nursery.pk])).content.decode()
    assert "1 jour avec des places fermées faute de personnel" in overview
    request_url = reverse("staffing:substitute_request", args=[nursery.pk, "2026-03-03"])
    assert request_url in overview
    page = client.get(request_url).content.decode()
    # The only professional left holds a CAP: without a qualified one, no place opens.
    assert "0 places sur 10" in page
    response = client.post(request_url, {"note": "Section des bébés"})
    created = SubstituteRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:substitute_detail", args=[created.pk]
    )
    assert created.start_date == dt.date(2026, 3, 3) and created.substitutes_needed == 1


def test_posts_are_saved_with_decimal_commas(login, manager, nursery):
    client = login(manager)
    url = reverse("staffing:posts", args=[nursery.pk])
    data = browser_form_data(client.get(url).content.decode(), field="post_eje")
    data.update(post_eje="1,5", post_auxiliaire_puericulture="2")
    assert client.post(url, data).status_code == 302
    assert dict(StaffPost.objects.values_list("qualification", "authorised_fte")) == {
        "eje": pytest.approx(1.5),
        "auxiliaire_puericulture": 2,
    }
    # Saving the page again as shown changes nothing.
    again = browser_form_data(client.get(url).content.decode(), field="post_eje")
    assert client.post(url, again).status_code == 302
    assert StaffPost.objects.count() == 2


def test_departure_makes_the_post_vacant(login, manager, nursery):
    client = login(manager)
    member = StaffMember.objects.get(label="AP 1")
    url = reverse("staffing:member_leave", args=[nursery.pk, member.pk])
    assert client.post(url, {"end_date": "2026-03-02"}).status_code == 302
    member.refresh_from_db()
    assert member.end_date == MONDAY


def test_pages_are_for_the_crèche_s_managers_only(login, client, nursery):
    url = reverse("staffing:overview", args=[nursery.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert login(ParentFactory()).get(url).status_code == 403
    assert login(NurseryManagerFactory()).get(url).status_code == 404
    other = StaffMember.objects.get(label="AP 1")
    foreign = NurseryFactory(managers=[NurseryManagerFactory()])
    leave = reverse("staffing:member_leave", args=[foreign.pk, other.pk])
    assert login(NurseryManagerFactory()).post(leave, {"end_date": "2026-03-02"}).status_code == 404


def test_the_manager_declares_a_month_of_activity(login, manager, nursery):
    client = login(manager)
    url = reverse("staffing:occupancy", args=[nursery.pk])
    response = client.post(
        url, {"month": "2026-02", "hours_offered": "2000", "hours_billed": "1500"}
    )
    assert response.status_code == 302
    row = nursery.occupancy_months.get()
    assert (row.month, row.rate) == (dt.date(2026, 2, 1), 75.0)
    again = client.post(url, {"month": "2026-02", "hours_offered": "2000", "hours_billed": "2500"})
    assert again.status_code == 400 and "ne peuvent pas dépasser" in again.content.decode()
    assert client.get(url).status_code == 200
