"""Who opened a family's file: counsellors, commission members, admins; the family sees it."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from maillage.childcare.services.commission import commission_run
from maillage.privacy.enums import AccessContext
from maillage.privacy.models import FileAccess
from tests.accounts.factories import (
    AdminFactory,
    AnalystFactory,
    CandidateFactory,
    ChildminderUserFactory,
    CounsellorFactory,
    NurseryManagerFactory,
    ParentFactory,
)
from tests.childcare.commission_setup import small_territory
from tests.families.factories import NeedFactory
from tests.families.helpers import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_counsellor_opening_a_need_is_logged_and_the_family_sees_it(client):
    need = NeedFactory()
    counsellor = CounsellorFactory(first_name="Claire", last_name="Morel")
    client.force_login(counsellor)
    assert client.get(reverse("families:need_detail", args=[need.pk])).status_code == 200
    # A reload in the same visit is one line.
    client.get(reverse("families:need_detail", args=[need.pk]))
    access = FileAccess.objects.get()
    assert (access.viewer, access.family, access.need) == (counsellor, need.parent, need)
    assert access.context == AccessContext.NEED_FILE
    assert access.viewer_role == "Conseiller(ère)"
    client.force_login(need.parent)
    html = client.get(reverse("privacy:my_data")).content.decode()
    assert "Claire Morel" in html and "Fiche du besoin d" in html


def test_the_family_opening_her_own_need_is_not_logged(client):
    need = NeedFactory()
    client.force_login(need.parent)
    client.get(reverse("families:need_detail", args=[need.pk]))
    assert not FileAccess.objects.exists()


def test_counsellor_outside_the_territory_gets_404_and_no_log(client):
    need = NeedFactory()
    client.force_login(CounsellorFactory(departements=["75"]))
    assert client.get(reverse("families:need_detail", args=[need.pk])).status_code == 404
    assert not FileAccess.objects.exists()


def test_commission_page_print_and_export_are_logged_per_family(client):
    t = small_territory()
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    client.force_login(t.manager)
    client.get(reverse("childcare:commission_detail", args=[commission.pk]))
    client.get(reverse("childcare:commission_print", args=[commission.pk]))
    client.get(reverse("childcare:commission_export", args=[commission.pk]))
    for context in (
        AccessContext.COMMISSION,
        AccessContext.COMMISSION_PRINT,
        AccessContext.COMMISSION_EXPORT,
    ):
        logged = set(FileAccess.objects.filter(context=context).values_list("need_id", flat=True))
        assert logged == {t.a.pk, t.b.pk, t.c.pk, t.d.pk}, context
    assert FileAccess.objects.filter(family=t.a.parent, viewer=t.manager).count() == 3


def test_admin_opening_a_need_in_the_admin_is_logged(client):
    need = NeedFactory()
    admin = AdminFactory(superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:families_need_change", args=[need.pk]))
    assert response.status_code == 200
    assert FileAccess.objects.get().context == AccessContext.ADMIN


@pytest.mark.parametrize(
    ("factory", "allowed"),
    [
        (NurseryManagerFactory, True),
        (ParentFactory, False),
        (ChildminderUserFactory, False),
        (CandidateFactory, False),
        (CounsellorFactory, False),
        (AnalystFactory, False),
        (AdminFactory, False),
    ],
)
def test_commission_people_export_per_role(client, factory, allowed):
    from maillage.accounts.enums import Role
    from maillage.privacy.perms import can_export_commission_people

    t = small_territory()
    commission = commission_run(manager=t.manager, nurseries=[t.nursery], mode="stable")
    user = t.manager if allowed else factory()
    assert can_export_commission_people(user) is allowed
    client.force_login(user)
    response = client.get(reverse("childcare:commission_export", args=[commission.pk]))
    assert response.status_code == (200 if allowed else 403)
    # A territory admin does not need families one by one either.
    assert not can_export_commission_people(factory(role=Role.TERRITORY_ADMIN))
