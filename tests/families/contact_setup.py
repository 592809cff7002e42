"""Shared set-up of the two-way contact tests: an accepted request between a parent of
Saint-Denis and a childminder (Samia Benali), the clock frozen on a Monday morning."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.services import contact_request_create, contact_request_transition
from tests.accounts.factories import ChildminderUserFactory, ParentFactory
from tests.families.helpers import free_childminder, open_need

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=PARIS)
VISIT_AT = dt.datetime(2026, 11, 26, 17, 30, tzinfo=PARIS)


def accepted_request(commune, *, capacity: int = 3, childminder=None, **need):
    parent = ParentFactory(first_name="Awa", last_name="Diallo", phone="06 11 22 33 44")
    if childminder is None:
        user = ChildminderUserFactory(
            first_name="Samia", last_name="Benali", phone="07 55 66 77 88"
        )
        childminder = free_childminder(commune, user=user, agrement_capacity=capacity)
    need_row = open_need(commune, parent=parent, **need)
    request = contact_request_create(need=need_row, by=parent, childminder=childminder)
    return contact_request_transition(request=request, to_status=S.ACCEPTED, by=childminder.user)
