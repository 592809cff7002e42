"""A childminder who is also a mother: her parent profile reaches her own needs and requests,
whatever her first profile."""

import pytest
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.services import user_role_add
from maillage.families.perms import can_edit_need
from tests.families.factories import ChildminderFactory, ContactRequestFactory, NeedFactory

pytestmark = pytest.mark.django_db


def test_a_childminder_with_a_parent_profile_edits_her_need_and_sees_her_requests(client):
    childminder = ChildminderFactory().user
    user_role_add(user=childminder, role=Role.PARENT)
    need = NeedFactory(parent=childminder)
    mine = ContactRequestFactory(need=need)
    ContactRequestFactory()  # someone else's
    assert can_edit_need(childminder, need)
    assert not can_edit_need(childminder, NeedFactory())
    client.force_login(childminder)
    response = client.get(reverse("families:request_list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["contact"].pk if isinstance(row, dict) else row.pk for row in rows] == [mine.pk]
