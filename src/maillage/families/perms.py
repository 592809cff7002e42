"""Small named permission functions of the families domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maillage.accounts.enums import Role
from maillage.accounts.perms import has_role
from maillage.families.enums import NeedStatus

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.families.models import Need

# Only a need still searching may be edited (not a draft, a confirmed place, a closed or
# cancelled need).
EDITABLE_NEED_STATUSES = frozenset({NeedStatus.OPEN})


def can_edit_need(user: User, need: Need) -> bool:
    """The parent of the need, or the counsellor who recorded or follows it (or an admin).

    A counsellor who only sees the need through her territory does not edit it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or has_role(user, Role.ADMIN):
        return True
    # Her own need, whatever her first profile (a childminder may also be a parent).
    if need.parent_id is not None and need.parent_id == user.pk:
        return True
    if has_role(user, Role.COUNSELLOR):
        return user.pk in {need.counsellor_id, need.created_by_id}
    return False


def need_is_editable(need: Need) -> bool:
    return need.status in EDITABLE_NEED_STATUSES
