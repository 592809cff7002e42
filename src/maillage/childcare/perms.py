"""Who may do what in the childcare app (built on `maillage.accounts.perms`)."""

from __future__ import annotations

from typing import Any

from maillage.accounts.enums import Role
from maillage.accounts.perms import is_childminder, is_nursery_manager

CHILDMINDER_ROLES = (Role.CHILDMINDER,)
MANAGER_ROLES = (Role.NURSERY_MANAGER,)
PROVIDER_ROLES = (Role.CHILDMINDER, Role.NURSERY_MANAGER)


def can_edit_childminder_profile(user: Any) -> bool:
    return is_childminder(user)


def can_update_availability(user: Any) -> bool:
    return is_childminder(user)


def can_manage_nurseries(user: Any) -> bool:
    return is_nursery_manager(user)


def can_answer_requests(user: Any) -> bool:
    return is_childminder(user) or is_nursery_manager(user)
