import pytest
from django.db import IntegrityError, transaction

from maillage.childcare.enums import ProviderKind
from maillage.families.enums import ContactRequestStatus, NeedStatus, SituationFlag
from maillage.families.models import ContactRequest, Need
from tests.accounts.factories import AdminFactory, AnalystFactory, CounsellorFactory
from tests.families.factories import (
    ChildminderFactory,
    ContactRequestFactory,
    NeedFactory,
    NurseryFactory,
)
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


def test_need_without_account_keeps_a_minimal_contact():
    need = NeedFactory(without_account=True)
    assert need.parent is None
    assert need.created_by == need.counsellor
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(family_email="")


def test_an_open_need_requires_consent_but_a_draft_does_not():
    draft = NeedFactory(draft=True)
    assert draft.consent_given_at is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=draft.pk).update(status=NeedStatus.OPEN)


def test_need_must_accept_at_least_one_mode():
    need = NeedFactory(accepts_mam=False, accepts_nursery=False)
    assert need.accepted_kinds == [ProviderKind.CHILDMINDER]
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(accepts_childminder=False)


def test_situations_lists_the_flags_set():
    need = NeedFactory(job_seeker_parent=True, single_parent=True)
    assert set(need.situations) == {
        SituationFlag.JOB_SEEKER,
        SituationFlag.SINGLE_PARENT,
        SituationFlag.COUNSELLOR_REFERRAL,
    }


def test_contact_request_goes_to_exactly_one_provider():
    need = NeedFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequest.objects.create(need=need, childminder=None, nursery=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequest.objects.create(
            need=need, childminder=ChildminderFactory(), nursery=NurseryFactory()
        )


def test_only_one_active_request_per_need_and_provider():
    request = ContactRequestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequestFactory(need=request.need, childminder=request.childminder)
    request.status = ContactRequestStatus.DECLINED
    request.save()
    again = ContactRequestFactory(need=request.need, childminder=request.childminder)
    assert again.status == ContactRequestStatus.PENDING


def test_parent_sees_only_own_needs():
    mine, other = NeedFactory(), NeedFactory()
    assert list(Need.objects.for_user(mine.parent)) == [mine]
    assert other not in Need.objects.for_user(mine.parent)


def test_counsellor_sees_needs_of_her_territory_only():
    saint_denis = NeedFactory()
    paris = CommuneFactory(
        code="75056", name="Paris", departement=DepartementFactory(code="75", name="Paris")
    )
    in_paris = NeedFactory(commune=paris)
    counsellor_93 = CounsellorFactory(departements=["93"])
    assert list(Need.objects.for_user(counsellor_93)) == [saint_denis]
    by_commune = CounsellorFactory(departements=[], communes=[paris])
    assert list(Need.objects.for_user(by_commune)) == [in_paris]
    assert set(Need.objects.for_user(AnalystFactory(departements=["75", "93"]))) == {
        saint_denis,
        in_paris,
    }
    assert Need.objects.for_user(AdminFactory()).count() == 2


def test_counsellor_sees_needs_she_follows_outside_her_territory():
    paris = CommuneFactory(
        code="75056", name="Paris", departement=DepartementFactory(code="75", name="Paris")
    )
    need = NeedFactory(job_seeker_parent=True, commune=paris)
    assert list(Need.objects.for_user(need.counsellor)) == [need]


def test_without_solution_excludes_confirmed_and_closed_needs():
    waiting = NeedFactory()
    NeedFactory(status=NeedStatus.CLOSED)
    solved = NeedFactory()
    ContactRequestFactory(need=solved, status=ContactRequestStatus.CONFIRMED)
    assert list(Need.objects.without_solution()) == [waiting]
    assert set(Need.objects.open()) == {waiting, solved}
    assert list(Need.objects.in_communes([waiting.commune])) == list(
        Need.objects.order_by("-created_at")
    )


def test_contact_requests_for_user_by_side():
    request = ContactRequestFactory()
    to_nursery = ContactRequestFactory(to_nursery=True)
    assert list(ContactRequest.objects.for_user(request.need.parent)) == [request]
    assert list(ContactRequest.objects.for_user(request.childminder.user)) == [request]
    manager = to_nursery.nursery.managers.get()
    assert list(ContactRequest.objects.for_user(manager)) == [to_nursery]
    assert ContactRequest.objects.active().count() == 2
