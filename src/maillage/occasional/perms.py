"""Who may do what in occasional care (built on `maillage.accounts.perms`)."""

from __future__ import annotations

from typing import Any

from maillage.accounts.enums import Role
from maillage.accounts.perms import is_childminder, is_counsellor, is_nursery_manager, is_parent

REQUESTER_ROLES = (Role.PARENT, Role.COUNSELLOR)
PROVIDER_ROLES = (Role.CHILDMINDER, Role.NURSERY_MANAGER)


def can_request_occasional(user: Any) -> bool:
    """A parent for herself, a counsellor for a family she follows."""
    return is_parent(user) or is_counsellor(user)


def can_offer_occasional(user: Any) -> bool:
    return is_childminder(user) or is_nursery_manager(user)
