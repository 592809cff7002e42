"""Substitute requests: staffing need, ranked notifications, first to accept, no double booking."""

from datetime import date

import pytest
from django.core import mail

from maillage.jobs.enums import (
    AssignmentStatus,
    NotificationResponse,
    SubstituteRequestStatus,
)
from maillage.jobs.enums import Qualification as Q
from maillage.jobs.errors import JobsError, SubstituteUnavailable
from maillage.jobs.models import SubstituteBooking, SubstituteNotification
from maillage.jobs.services.substitutes import (
    substitute_assignment_cancel,
    substitute_offer_accept,
    substitute_offer_decline,
    substitute_pool_ranked,
    substitute_request_cancel,
    substitute_request_create,
    substitute_request_notify,
    substitute_requests_expire,
)
from tests.jobs.factories import AgeGroupFactory, CandidateProfileFactory, NurseryFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday


def make_request(nursery=None, **kw):
    nursery = nursery or NurseryFactory()
    args = {
        "nursery": nursery,
        "start_date": date(2026, 3, 9),
        "end_date": date(2026, 3, 10),
        "start_time": "08:00",
        "end_time": "17:00",
        "children_not_walking": 10,
        "children_walking": 0,
        "staff_present": {Q.CAP_AEPE: 1},
    }
    return substitute_request_create(**{**args, **kw})


def test_request_computes_the_staffing_need():
    nursery = NurseryFactory()
    request = make_request(
        nursery=nursery,
        age_group=AgeGroupFactory(nursery=nursery),
        children_not_walking=10,
        children_walking=8,
        staff_present={Q.CAP_AEPE: 1},
    )
    # 10/5 + 8/8 = 3 required, 2 qualified; 1 CAP present: 2 AP+ missing.
    assert request.substitutes_needed == 2
    assert request.qualified_needed == 2
    assert not request.ratio_respected
    assert request.status == SubstituteRequestStatus.OPEN
    assert "Taux d'encadrement non respecté" in request.staffing_summary
    assert request.hours_label == "08:00–17:00"
    assert request.dates() == [date(2026, 3, 9), date(2026, 3, 10)]


def test_request_with_enough_staff_needs_nobody():
    request = make_request(staff_present={Q.EJE: 1, Q.CAP_AEPE: 1})
    assert request.ratio_respected and request.substitutes_needed == 0
    assert request.status == SubstituteRequestStatus.FILLED


def test_bad_request_input_gets_french_errors():
    with pytest.raises(JobsError) as exc:
        make_request(start_date=date(2026, 3, 10), end_date=date(2026, 3, 9), children_walking=-2)
    assert "La date de fin du remplacement précède la date de début." in exc.value.messages
    assert any("ne peut pas être négatif" in m for m in exc.value.messages)
    with pytest.raises(JobsError, match="Plage horaire vide ou inversée"):
        make_request(start_time="17:00", end_time="08:00")
    with pytest.raises(JobsError, match="Aucun jour ouvré"):
        make_request(start_date=date(2026, 3, 7), end_date=date(2026, 3, 8))


def test_pool_is_ranked_and_filtered():
    request = make_request()  # 1 AP+ needed
    near = CandidateProfileFactory(auxiliaire_in_pool=True)
    far = CandidateProfileFactory(
        auxiliaire_in_pool=True, latitude=48.86, longitude=2.44, max_distance_km=20
    )
    CandidateProfileFactory(cap_aepe_in_pool=True)  # not qualified enough
    CandidateProfileFactory(qualifications=[Q.EJE])  # no consent
    CandidateProfileFactory(auxiliaire_in_pool=True, max_distance_km=1, latitude=48.80)
    CandidateProfileFactory(auxiliaire_in_pool=True, availability="0" * 336)  # not available
    ranked = [p for p, _ in substitute_pool_ranked(request=request, today=TODAY)]
    assert ranked == [near, far]


def test_notify_sends_french_emails_in_ranked_order_without_child_data(
    django_capture_on_commit_callbacks,
):
    request = make_request()
    second = CandidateProfileFactory(auxiliaire_in_pool=True, latitude=48.90)
    first = CandidateProfileFactory(auxiliaire_in_pool=True)
    with django_capture_on_commit_callbacks(execute=True):
        notes = substitute_request_notify(request=request, today=TODAY)
    assert [(n.candidate, n.rank) for n in notes] == [(first, 1), (second, 2)]
    assert [m.to for m in mail.outbox] == [[first.user.email], [second.user.email]]
    body = mail.outbox[0].body
    assert "cherche un ou une remplaçant(e)" in body and "du 09/03/2026 au 10/03/2026" in body
    assert "enfant" not in body.replace("petite enfance", "")
    assert "marche" not in body and "section" not in body  # no child data
    # A second call notifies nobody twice.
    assert substitute_request_notify(request=request, today=TODAY) == []


def test_first_to_accept_gets_it_second_gets_a_french_message():
    request = make_request()  # 1 position
    alice = CandidateProfileFactory(auxiliaire_in_pool=True)
    bea = CandidateProfileFactory(auxiliaire_in_pool=True)
    substitute_request_notify(request=request, today=TODAY)
    assignment = substitute_offer_accept(request=request, candidate=bea)
    assert assignment.candidate == bea and assignment.position == 1
    request.refresh_from_db()
    assert request.status == SubstituteRequestStatus.FILLED
    assert SubstituteBooking.objects.filter(candidate=bea).count() == 2 * 18
    with pytest.raises(SubstituteUnavailable, match="vient d'être pourvu"):
        substitute_offer_accept(request=request, candidate=alice)
    note = SubstituteNotification.objects.get(request=request, candidate=alice)
    assert note.response == NotificationResponse.TOO_LATE


def test_a_candidate_is_never_booked_twice_on_the_same_hours():
    morning = make_request(start_time="08:00", end_time="12:00")
    overlapping = make_request(start_time="11:30", end_time="15:00")
    afternoon = make_request(start_time="12:00", end_time="17:00")
    carla = CandidateProfileFactory(auxiliaire_in_pool=True)
    for request in (morning, overlapping, afternoon):
        substitute_request_notify(request=request, today=TODAY)
    substitute_offer_accept(request=morning, candidate=carla)
    with pytest.raises(SubstituteUnavailable, match="deux fois sur les mêmes heures"):
        substitute_offer_accept(request=overlapping, candidate=carla)
    overlapping.refresh_from_db()
    assert overlapping.status == SubstituteRequestStatus.OPEN
    assert not overlapping.assignments.exists()
    substitute_offer_accept(request=afternoon, candidate=carla)  # adjacent, no overlap
    assert SubstituteBooking.objects.filter(candidate=carla).count() == 2 * (8 + 10)


def test_booked_candidates_are_left_out_of_the_next_pool():
    first = make_request()
    dora = CandidateProfileFactory(auxiliaire_in_pool=True)
    substitute_request_notify(request=first, today=TODAY)
    substitute_offer_accept(request=first, candidate=dora)
    second = make_request(start_time="09:00", end_time="10:00")
    assert substitute_pool_ranked(request=second, today=TODAY) == []


def test_qualified_positions_go_to_qualified_people():
    # 15 babies + 16 walkers, 2 CAP present: 2 AP+ and 1 CAP+ missing.
    request = make_request(
        children_not_walking=15, children_walking=16, staff_present={Q.CAP_AEPE: 2}
    )
    cap = CandidateProfileFactory(cap_aepe_in_pool=True)
    aps = [CandidateProfileFactory(auxiliaire_in_pool=True) for _ in range(2)]
    substitute_request_notify(request=request, today=TODAY, limit=10)
    assert substitute_offer_accept(request=request, candidate=cap).position == 3
    assert substitute_offer_accept(request=request, candidate=aps[0]).position == 1
    request.refresh_from_db()
    assert request.status == SubstituteRequestStatus.PARTIALLY_FILLED
    substitute_offer_accept(request=request, candidate=aps[1])
    request.refresh_from_db()
    assert request.status == SubstituteRequestStatus.FILLED


def test_only_notified_pool_members_may_accept():
    request = make_request()
    outsider = CandidateProfileFactory(auxiliaire_in_pool=True)
    with pytest.raises(JobsError, match="pas été sollicité"):
        substitute_offer_accept(request=request, candidate=outsider)


def test_decline_cancel_and_expire():
    request = make_request()
    emma, fanny = (CandidateProfileFactory(auxiliaire_in_pool=True) for _ in range(2))
    substitute_request_notify(request=request, today=TODAY)
    substitute_offer_decline(request=request, candidate=emma)
    assignment = substitute_offer_accept(request=request, candidate=fanny)
    substitute_assignment_cancel(assignment=assignment)
    assert assignment.status == AssignmentStatus.CANCELLED
    assert not SubstituteBooking.objects.filter(candidate=fanny).exists()
    request.refresh_from_db()
    assert request.status == SubstituteRequestStatus.OPEN
    assert substitute_requests_expire(today=date(2026, 3, 11)) == 1
    request.refresh_from_db()
    with pytest.raises(JobsError, match="annulée ou a expiré"):
        substitute_offer_accept(request=request, candidate=emma)
    with pytest.raises(JobsError, match="déjà close"):
        substitute_request_cancel(request=request)
