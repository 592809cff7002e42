"""Small named permission checks of the jobs app."""

from __future__ import annotations

from typing import Any

from maillage.accounts.enums import Role


def is_candidate(user: Any) -> bool:
    return user.is_authenticated and user.role == Role.CANDIDATE


def can_follow_candidates(user: Any) -> bool:
    return user.is_authenticated and user.role in (Role.COUNSELLOR, Role.ADMIN)


def can_manage_staff(user: Any) -> bool:
    """Nursery managers post job offers and substitute requests for the crèches they run."""
    return user.is_authenticated and user.role in (Role.NURSERY_MANAGER, Role.ADMIN)
