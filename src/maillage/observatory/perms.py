"""Who may do what in the observatory (public pages need no permission)."""

from __future__ import annotations

ACTION_ROLES = ("analyst", "admin")


def can_edit_actions(user) -> bool:  # noqa: ANN001
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or getattr(user, "role", None) in ACTION_ROLES


def can_edit_action_of(user, departement_code: str) -> bool:  # noqa: ANN001
    if not can_edit_actions(user):
        return False
    if user.is_superuser or user.role == "admin":
        return True
    deps = getattr(user, "territory_departements", None)
    if deps is None:
        return True
    codes = set(deps.values_list("code", flat=True))
    return not codes or departement_code in codes
