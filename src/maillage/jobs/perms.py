"""Small named permission checks of the jobs app."""

from __future__ import annotations

from typing import Any

from maillage.accounts.enums import Role
from maillage.accounts.perms import has_role


def is_candidate(user: Any) -> bool:
    return has_role(user, Role.CANDIDATE)


def can_follow_candidates(user: Any) -> bool:
    return has_role(user, Role.COUNSELLOR, Role.ADMIN)


def can_manage_staff(user: Any) -> bool:
    """Nursery managers post job offers and substitute requests for the crèches they run."""
    return has_role(user, Role.NURSERY_MANAGER, Role.ADMIN)


def can_join_substitute_pool(user: Any) -> bool:
    """A parent may also join the substitute pool (« parent réserviste », seed 002)."""
    return has_role(user, Role.PARENT) and not has_role(user, Role.CANDIDATE)


def mam_of(user: Any) -> Any:
    """The MAM a childminder works in (None otherwise)."""
    if not has_role(user, Role.CHILDMINDER):
        return None
    from maillage.childcare.models import Childminder

    childminder = Childminder.objects.filter(user=user).select_related("mam").first()
    return childminder.mam if childminder else None


def belongs_to_mam(user: Any) -> bool:
    """A childminder who is a member of a MAM (she sees the MAM pages and their menu entry)."""
    return mam_of(user) is not None


def is_childminder_without_mam(user: Any) -> bool:
    """Shown an explanation of the MAM instead of a refusal: she may join or found one."""
    return has_role(user, Role.CHILDMINDER) and not belongs_to_mam(user)


def can_publish_offers(user: Any) -> bool:
    """Crèche managers, and childminders of a MAM, publish job offers and immersions."""
    return can_manage_staff(user) or mam_of(user) is not None


def can_organise_meetings(user: Any) -> bool:
    """Counsellors (France Travail, RPE animators with a counsellor account) and admins."""
    return can_follow_candidates(user)


def can_receive_applications(user: Any) -> bool:
    """Crèche managers, MAM members, and counsellors or admins (for the trainings they post)."""
    return can_publish_offers(user) or can_follow_candidates(user)


def can_see_candidate_profile(user: Any, profile: Any) -> bool:
    """An employer sees a candidate's profile only once she applied to one of its offers."""
    from maillage.jobs.querysets import applications_for_employer

    if not user.is_authenticated or not can_receive_applications(user):
        return False
    return applications_for_employer(user).filter(candidate=profile).exists()


def path_departements(user: Any) -> Any:
    """The départements whose paths the user enables and edits: a territory administrator's
    own départements; every département for a platform admin."""
    from maillage.accounts.perms import is_admin, is_territory_admin
    from maillage.territory.models import Departement

    if is_admin(user):
        return Departement.objects.all()
    if not is_territory_admin(user):
        return Departement.objects.none()
    return Departement.objects.filter(code__in=user.territory_departements.values("code"))


def can_manage_territory_paths(user: Any, departement_code: str | None = None) -> bool:
    departements = path_departements(user)
    if departement_code is None:
        return departements.exists()
    return departements.filter(code=departement_code).exists()
