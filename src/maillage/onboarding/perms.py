"""Who may invite, validate and join (built on `maillage.accounts.perms`)."""

from __future__ import annotations

from typing import Any

from maillage.accounts.perms import _authenticated, can_manage_supply
from maillage.childcare.enums import StructureStatus


def _departement_of(provider: Any) -> str:
    return str(provider.commune.departement_id)


def can_list_territory_providers(user: Any) -> bool:
    """ "Prestataires de mon territoire": a territory administrator with at least one
    département, or a platform admin."""
    return can_manage_supply(user)


def can_invite_provider(user: Any, provider: Any) -> bool:
    """Send (again) the claim invitation of a childminder or a crèche of her départements."""
    return can_manage_supply(user, _departement_of(provider))


def can_review_structure(user: Any, nursery: Any) -> bool:
    """Validate or refuse a structure that signed up by itself, in her départements."""
    return nursery.status == StructureStatus.PENDING and can_manage_supply(
        user, _departement_of(nursery)
    )


def can_invite_colleague(user: Any, nursery: Any) -> bool:
    """A manager of the structure (active account) invites colleagues; not once refused."""
    if not _authenticated(user) or nursery.status == StructureStatus.REFUSED:
        return False
    return nursery.managers.filter(pk=user.pk).exists()


def can_declare_structure(user: Any) -> bool:
    """Anybody may declare a structure: a visitor creates her account at the same time; a
    signed-in person adds it to her account."""
    return True
