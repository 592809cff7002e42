"""Who may do what with personal data."""

from __future__ import annotations

from typing import Any

from maillage.accounts.perms import _authenticated, is_admin, is_nursery_manager


def can_manage_own_data(user: Any) -> bool:
    """Every signed-in person downloads her data and may delete her account."""
    return _authenticated(user) and getattr(user, "deleted_at", None) is None


def can_export_commission_people(user: Any) -> bool:
    """The commission export lists families one by one (need, child's age, commune, points):
    only the crèche managers who sit on the commission need it. Counsellors, analysts,
    territory admins, providers, candidates and families are refused (the commission itself
    is further scoped to the manager's crèches)."""
    return is_nursery_manager(user)


def can_read_access_log(user: Any) -> bool:
    """The whole log (every family): platform admins, for a complaint or an audit."""
    return is_admin(user)
