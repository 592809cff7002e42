"""Substitute requests on screen: section, computed need before posting, ratio restored after
the pool answered, zero ratio refused, automatic waves and the cron command."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.jobs.enums import Qualification as Q
from maillage.jobs.enums import SubstituteRequestStatus
from maillage.jobs.models import SubstituteNotification, SubstituteRequest
from maillage.jobs.services.substitute_requests import substitute_request_staffing
from maillage.jobs.services.substitutes import (
    substitute_offer_accept,
    substitute_request_create,
    substitute_request_notify,
)
from maillage.jobs.services.waves import (
    schedule_next_wave,
    substitute_wave_due,
    substitute_waves_run,
)
from maillage.jobs.tasks import notify_next_substitute_wave
from tests.jobs.factories import (
    AgeGroupFactory,
    CandidateProfileFactory,
    NurseryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def request_for(nursery, **kw):
    args = {
        "nursery": nursery,
        "start_date": date(2026, 3, 9),
        "end_date": date(2026, 3, 9),
        "start_time": "08:00",
        "end_time": "12:00",
        "children_not_walking": 10,
        "children_walking": 0,
        "staff_present": {Q.AUXILIAIRE_PUERICULTURE: 1},
    }
    return substitute_request_create(**{**args, **kw})


def form_data(nursery, **kw):
    data = {
        "nursery": nursery.pk,
        "start_date": "2026-03-09",
        "end_date": "2026-03-09",
        "start_time": "08:00",
        "end_time": "12:00",
        "children_not_walking": 10,
        "children_walking": 0,
        "staff_cap_aepe": 0,
        "staff_auxiliaire": 1,
        "staff_eje": 0,
        "staff_infirmier": 0,
        "staff_none": 0,
        "ratio_mode": "by_walking",
    }
    return {**data, **kw}


def test_the_ratio_is_shown_restored_once_the_substitute_accepted():
    nursery = NurseryFactory()
    request = request_for(nursery, age_group=AgeGroupFactory(nursery=nursery))
    member = CandidateProfileFactory(cap_aepe_in_pool=True)
    before = substitute_request_staffing(request)
    assert not before.after.ratio_respected and before.after.missing_total == 1
    substitute_request_notify(request=request, today=date(2026, 3, 2))
    substitute_offer_accept(request=request, candidate=member)
    view = substitute_request_staffing(request)
    assert view.restored and view.after.present_total == 2
    assert view.summary_fr.startswith("Taux d'encadrement rétabli : 1 remplaçant(s)")


def test_manager_previews_the_need_then_posts_for_a_section(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    babies = AgeGroupFactory(nursery=nursery)
    client.force_login(manager)
    url = reverse("jobs:substitute_list")
    preview = client.post(url, {**form_data(nursery, age_group=babies.pk), "action": "preview"})
    page = preview.content.decode()
    assert "Besoin calculé" in page and "1 remplaçant(s) : CAP Accompagnant" in page
    assert not SubstituteRequest.objects.exists()
    created = client.post(url, {**form_data(nursery, age_group=babies.pk), "action": "create"})
    request = SubstituteRequest.objects.get()
    assert created.status_code == 302 and request.age_group == babies
    detail = client.get(reverse("jobs:substitute_detail", args=[request.pk])).content.decode()
    assert "section Bébés" in detail or babies.get_kind_display() in detail
    assert "pas encore rétabli" in detail


def test_a_section_of_another_nursery_and_a_zero_ratio_are_refused_on_the_form(client):
    manager = UserFactory(role=Role.NURSERY_MANAGER)
    nursery = NurseryFactory(managers=[manager])
    other_group = AgeGroupFactory(nursery=NurseryFactory(managers=[manager]))
    client.force_login(manager)
    url = reverse("jobs:substitute_list")
    page = client.post(url, form_data(nursery, age_group=other_group.pk)).content.decode()
    assert "Cette section n&#x27;appartient pas à cette crèche." in page
    zero = client.post(url, form_data(nursery, ratio_mode="average", children_per_staff=0))
    assert "un taux de zéro n&#x27;a pas de sens" in zero.content.decode()
    nobody = client.post(url, form_data(nursery, children_not_walking=0))
    assert "Indiquez au moins un enfant attendu" in nobody.content.decode()
    assert not SubstituteRequest.objects.exists()


def test_average_ratio_is_stored_and_used():
    request = request_for(
        NurseryFactory(),
        children_not_walking=6,
        children_walking=6,
        staff_present={Q.AUXILIAIRE_PUERICULTURE: 1},
        ratio_mode="average",
        children_per_staff=6,
    )
    assert request.children_per_staff == 6 and request.substitutes_needed == 1
    assert substitute_request_staffing(request).before.required_total == 2


@override_settings(MAILLAGE_SUBSTITUTE_WAVE_MINUTES=30)
def test_the_next_wave_goes_out_only_after_the_delay_while_unfilled():
    request = request_for(NurseryFactory())
    members = [CandidateProfileFactory(cap_aepe_in_pool=True) for _ in range(5)]
    first = substitute_request_notify(request=request, today=date(2026, 3, 2), limit=3)
    assert len(first) == 3
    assert not substitute_wave_due(request=request, now=timezone.now())
    assert notify_next_substitute_wave.call(request.pk) == 0
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert substitute_wave_due(request=request, now=timezone.now())
        assert notify_next_substitute_wave.call(request.pk) == 2
    assert SubstituteNotification.objects.filter(request=request).count() == 5
    assert {n.rank for n in request.notifications.all()} == {1, 2, 3, 4, 5}
    substitute_offer_accept(request=request, candidate=members[0])
    request.refresh_from_db()
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert not substitute_wave_due(request=request, now=timezone.now())


def test_cron_command_expires_past_requests_and_sends_due_waves():
    past = request_for(NurseryFactory(), start_date=date(2026, 2, 2), end_date=date(2026, 2, 3))
    current = request_for(NurseryFactory())
    CandidateProfileFactory(cap_aepe_in_pool=True)
    CandidateProfileFactory(cap_aepe_in_pool=True)
    substitute_request_notify(request=current, today=date(2026, 3, 2), limit=1)
    out = StringIO()
    with time_machine.travel(NOW + timedelta(minutes=45), tick=False):
        call_command("expire_substitute_requests", "--waves", stdout=out)
    past.refresh_from_db()
    assert past.status == SubstituteRequestStatus.EXPIRED
    assert "1 demande(s) de remplacement expirée(s)." in out.getvalue()
    assert "1 personne(s) du vivier sollicitée(s)." in out.getvalue()
    assert substitute_waves_run(now=timezone.now()) == 0


def test_without_a_deferring_backend_the_cron_takes_over(django_capture_on_commit_callbacks):
    request = request_for(NurseryFactory())
    assert schedule_next_wave(request=request) is False  # immediate backend in tests
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy, MAILLAGE_SUBSTITUTE_WAVE_MINUTES=20):
        from django_tasks import task_backends

        with django_capture_on_commit_callbacks(execute=True):
            assert schedule_next_wave(request=request) is True
        (result,) = task_backends["default"].results
        assert result.args == [request.pk]
        assert result.task.run_after >= NOW + timedelta(minutes=20)
