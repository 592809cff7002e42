"""Territory scope of a user: what a counsellor, an analyst or an admin may see.

Later apps restrict their querysets with `scope_by_commune(qs, user, field=...)`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from maillage.accounts.enums import TERRITORIAL_ROLES
from maillage.accounts.perms import is_admin
from maillage.territory.models import Commune, Departement

_QS = TypeVar("_QS", bound=QuerySet[Any])


def _is_territorial(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in TERRITORIAL_ROLES


def communes_in_scope(user: Any) -> QuerySet[Commune]:
    """Admin: every commune. Counsellor/analyst: the communes of their départements plus
    their communes. Everybody else: none."""
    if is_admin(user):
        return Commune.objects.all()
    if not _is_territorial(user):
        return Commune.objects.none()
    return Commune.objects.filter(
        Q(departement_id__in=user.territory_departements.values("code"))
        | Q(code__in=user.territory_communes.values("code"))
    )


def departements_in_scope(user: Any, *, partial: bool = False) -> QuerySet[Departement]:
    """Admin: every département. Counsellor/analyst: the départements they follow as a whole;
    with `partial=True`, also those where they follow at least one commune (for filter lists,
    not for département-wide figures). Everybody else: none."""
    if is_admin(user):
        return Departement.objects.all()
    if not _is_territorial(user):
        return Departement.objects.none()
    condition = Q(code__in=user.territory_departements.values("code"))
    if partial:
        condition |= Q(code__in=user.territory_communes.values("departement_id"))
    return Departement.objects.filter(condition)


def scope_by_commune(qs: _QS, user: Any, field: str = "commune") -> _QS:
    """Keep the rows whose `field` (a commune FK or a lookup path such as "need__commune")
    lies in the user's territories. Admin: unchanged; roles without territories: empty."""
    if is_admin(user):
        return qs
    if not _is_territorial(user):
        return qs.none()
    return qs.filter(
        Q(**{f"{field}__departement_id__in": user.territory_departements.values("code")})
        | Q(**{f"{field}__in": user.territory_communes.values("code")})
    )
