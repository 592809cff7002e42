"""Staff of a crèche: the places each day, vacant posts, the substitute request of a gap day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.jobs.enums import Qualification
from maillage.jobs.models import SubstituteRequest
from maillage.staffing import services
from maillage.staffing.enums import AbsenceKind
from tests.accounts.factories import NurseryManagerFactory
from tests.childcare.factories import NurseryAgeGroupFactory, NurseryFactory
from tests.staffing.factories import StaffMemberFactory, StaffPostFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def nursery():
    """10 babies' places (2 professionals, 1 qualified) and 16 older (2 professionals)."""
    nursery = NurseryFactory(name="Les Lilas")
    NurseryAgeGroupFactory(nursery=nursery, places=10, places_taken=10)
    NurseryAgeGroupFactory(
        nursery=nursery,
        kind="older",
        min_age_months=30,
        max_age_months=48,
        places=16,
        places_taken=12,
    )
    return nursery


@pytest.fixture
def team(nursery):
    return [
        StaffMemberFactory(nursery=nursery, label="AP 1"),
        StaffMemberFactory(nursery=nursery, label="AP 2"),
        StaffMemberFactory(nursery=nursery, cap_part_time=True, label="CAP 1"),  # off on Wednesdays
        StaffMemberFactory(nursery=nursery, qualification=Qualification.CAP_AEPE, label="CAP 2"),
    ]


def test_each_opening_day_shows_the_places_the_team_can_open(nursery, team):
    days = services.nursery_staffing_days(nursery=nursery, first=MONDAY, days=7)
    assert [d.day.weekday() for d in days] == [0, 1, 2, 3, 4]  # closed at the weekend
    monday, _, wednesday, *_ = days
    assert (monday.capacity.can_open, monday.capacity.authorised) == (26, 26)
    assert not monday.has_gap
    # Wednesday: the part-time CAP is off, 3 professionals for 4 required.
    assert wednesday.capacity.staff_present == 3 and wednesday.has_gap
    assert wednesday.capacity.closed > 0
    assert wednesday.hours == ("07:30", "19:00")


def test_an_absence_closes_places_that_day_only(nursery, team):
    manager = NurseryManagerFactory()
    services.staff_absence_record(
        member=team[0], by=manager, start_date=MONDAY, end_date=MONDAY, kind=AbsenceKind.SICK_LEAVE
    )
    monday, tuesday = services.nursery_staffing_days(nursery=nursery, first=MONDAY, days=2)
    assert monday.absent == 1 and monday.has_gap
    assert monday.present_by_qualification == {"auxiliaire_puericulture": 1, "cap_aepe": 2}
    assert not tuesday.has_gap


def test_absence_dates_in_the_wrong_order_are_refused_in_french(team):
    with pytest.raises(ValidationError) as error:
        services.staff_absence_record(
            member=team[0],
            by=None,
            start_date=MONDAY,
            end_date=MONDAY - dt.timedelta(days=1),
            kind="leave",
        )
    assert "précéder son début" in str(error.value)


def test_vacant_posts_compare_authorised_posts_with_the_hours_in_post(nursery, team):
    StaffPostFactory(
        nursery=nursery,
        qualification=Qualification.AUXILIAIRE_PUERICULTURE,
        authorised_fte=Decimal(3),
    )
    StaffPostFactory(
        nursery=nursery, qualification=Qualification.CAP_AEPE, authorised_fte=Decimal(2)
    )
    lines = {v.qualification: v for v in services.nursery_vacancies(nursery=nursery, on=MONDAY)}
    assert lines["auxiliaire_puericulture"].vacant_fte == Decimal(1)
    # 35 h + 28 h = 1.8 ETP in post for 2 authorised.
    assert lines["cap_aepe"].in_post_fte == Decimal("1.80")
    assert lines["cap_aepe"].vacant_fte == Decimal("0.20")
    services.staff_member_end(member=team[0], by=None, end_date=MONDAY)
    later = {
        v.qualification: v
        for v in services.nursery_vacancies(nursery=nursery, on=MONDAY + dt.timedelta(days=1))
    }
    assert later["auxiliaire_puericulture"].vacant_fte == Decimal(2)


def test_the_gap_day_becomes_a_prefilled_substitute_request(nursery, team):
    manager = NurseryManagerFactory()
    wednesday = MONDAY + dt.timedelta(days=2)
    request = services.staffing_substitute_request_send(nursery=nursery, day=wednesday, by=manager)
    stored = SubstituteRequest.objects.get(pk=request.pk)
    assert (stored.start_date, stored.end_date) == (wednesday, wednesday)
    assert (stored.children_not_walking, stored.children_walking) == (10, 16)
    assert stored.staff_present == {"auxiliaire_puericulture": 2, "cap_aepe": 1}
    assert stored.substitutes_needed == 1 and stored.created_by == manager


def test_no_substitute_request_when_every_place_opens(nursery, team):
    with pytest.raises(ValidationError) as error:
        services.staffing_substitute_request_send(nursery=nursery, day=MONDAY, by=None)
    assert "aucun remplacement n'est nécessaire" in str(error.value)
    assert not SubstituteRequest.objects.exists()


def test_posts_lines_are_replaced_and_a_zero_removes_one(nursery):
    services.staff_posts_set(
        nursery=nursery, by=None, posts={"eje": Decimal(1), "cap_aepe": Decimal("2.5")}
    )
    services.staff_posts_set(
        nursery=nursery, by=None, posts={"eje": Decimal(0), "cap_aepe": Decimal(3)}
    )
    assert dict(nursery.staff_posts.values_list("qualification", "authorised_fte")) == {
        "cap_aepe": Decimal(3)
    }


def test_many_creches_are_computed_in_three_queries(django_assert_num_queries, team):
    nurseries = [team[0].nursery, *(NurseryFactory() for _ in range(3))]
    with django_assert_num_queries(3):
        result = services.staffing_days_for(nurseries, first=MONDAY, days=7)
    assert len(result) == 4 and len(result[team[0].nursery.pk]) == 5
