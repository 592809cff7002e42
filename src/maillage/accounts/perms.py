"""Small, named permission functions and the `role_required` guard reused by every app.

Each function takes any user (anonymous included) and returns a bool. An "admin" is a user
with the admin role or a superuser.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from maillage.accounts.enums import Role

WRONG_ROLE_MESSAGE = "Cette page est réservée à un autre type de compte."


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def user_roles(user: Any) -> list[str]:
    """Every role a person holds (one person, several profiles): the primary ``role`` first."""
    all_roles = getattr(user, "all_roles", None)
    if all_roles is not None:
        return list(all_roles)
    role = getattr(user, "role", None)
    return [role] if role else []


def has_role(user: Any, *roles: str) -> bool:
    """The single choke point of role checks: any of the person's profiles counts."""
    return _authenticated(user) and any(r in roles for r in user_roles(user))


def has_any_role(user: Any, roles: tuple[str, ...]) -> bool:
    """`has_role`, where listing Role.ADMIN also lets superusers in."""
    return has_role(user, *roles) or (Role.ADMIN in roles and is_admin(user))


def is_parent(user: Any) -> bool:
    return has_role(user, Role.PARENT)


def is_job_seeker_parent(user: Any) -> bool:
    return is_parent(user) and bool(user.is_job_seeker)


def is_childminder(user: Any) -> bool:
    return has_role(user, Role.CHILDMINDER)


def is_nursery_manager(user: Any) -> bool:
    return has_role(user, Role.NURSERY_MANAGER)


def is_candidate(user: Any) -> bool:
    return has_role(user, Role.CANDIDATE)


def is_counsellor(user: Any) -> bool:
    return has_role(user, Role.COUNSELLOR)


def is_analyst(user: Any) -> bool:
    return has_role(user, Role.ANALYST)


def is_territory_admin(user: Any) -> bool:
    """A Caf, PMI or département agent who manages the supply of her départements."""
    return has_role(user, Role.TERRITORY_ADMIN)


def can_manage_supply(user: Any, departement_code: str | None = None) -> bool:
    """Imports, invitations and validation of structures: a territory administrator for her
    own départements (any of them when no code is given), or a platform admin."""
    if is_admin(user):
        return True
    if not is_territory_admin(user):
        return False
    departements = user.territory_departements.all()
    if departement_code is None:
        return departements.exists()
    return departements.filter(code=departement_code).exists()


def is_admin(user: Any) -> bool:
    return _authenticated(user) and (user.role == Role.ADMIN or bool(user.is_superuser))


def is_professional(user: Any) -> bool:
    """Offers care: a childminder or a crèche manager."""
    return has_role(user, Role.CHILDMINDER, Role.NURSERY_MANAGER)


def can_view_observatory(user: Any, *, detailed: bool = False) -> bool:
    """Aggregated public figures: anyone, even anonymous. Detailed figures (small counts,
    lists): analysts, counsellors and admins."""
    if not detailed:
        return True
    return can_view_detailed_observatory(user)


def can_view_detailed_observatory(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.ANALYST, Role.COUNSELLOR)


def can_manage_territory_actions(user: Any) -> bool:
    return is_admin(user) or is_analyst(user)


def can_follow_families(user: Any) -> bool:
    return is_counsellor(user)


def can_follow_candidates(user: Any) -> bool:
    return is_counsellor(user)


def is_prescriber(user: Any) -> bool:
    """Staff of France Travail, a Mission locale, Cap emploi, an IAE structure, a GEIQ, an OPCO
    (or an RPE, the Département) with a counsellor account: they follow and orient candidates."""
    from maillage.accounts.enums import PRESCRIBER_ORGANISATIONS

    return is_counsellor(user) and getattr(user, "organisation", "") in PRESCRIBER_ORGANISATIONS


def in_territory(user: Any, commune_code: str) -> bool:
    """Whether the commune (INSEE code) is in the user's territories (admins: always)."""
    if is_admin(user):
        return True
    from maillage.accounts.querysets import communes_in_scope

    return communes_in_scope(user).filter(code=commune_code).exists()


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous visitors go to the login page; a signed-in user whose role is
    not listed gets the French 403 page. Admins are not let in implicitly: list Role.ADMIN."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_role(request.user, roles):
                raise PermissionDenied(WRONG_ROLE_MESSAGE)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RoleRequiredMixin:
    """Class-based view counterpart of `role_required`: set `allowed_roles`."""

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_any_role(request.user, self.allowed_roles):
            raise PermissionDenied(WRONG_ROLE_MESSAGE)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
