"""Who may do what in the outcomes app (built on `maillage.accounts.perms`)."""

from __future__ import annotations

from typing import Any

from maillage.accounts.enums import Role
from maillage.accounts.perms import is_admin, is_analyst, is_counsellor

RECORD_ROLES = (Role.COUNSELLOR, Role.ADMIN)
DASHBOARD_ROLES = (Role.COUNSELLOR, Role.ANALYST, Role.ADMIN)


def can_record_outcomes(user: Any) -> bool:
    return is_counsellor(user) or is_admin(user)


def can_view_outcome_rates(user: Any) -> bool:
    return is_counsellor(user) or is_analyst(user) or is_admin(user)
