"""What a token may do (small named functions, like the apps' perms.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from maillage.api.models import ApiToken

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def token_of(request: Any) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def scope_departements(token: ApiToken) -> list[str]:
    """Codes of the départements a territory token covers (none for a provider token)."""
    if token.is_provider_token:
        return []
    return [d.code for d in token.departements.all()]


def can_read_territory(token: ApiToken | None) -> bool:
    return token is not None and bool(scope_departements(token))


def can_write(token: ApiToken | None) -> bool:
    return token is not None and token.can_write


def can_update_childminder(token: ApiToken | None, childminder: Any) -> bool:
    """Her own token, or a territory token with write access on her département."""
    if not can_write(token):
        return False
    if token.childminder_id:
        return token.childminder_id == childminder.pk
    if token.nursery_id:
        return False
    return childminder.commune.departement_id in scope_departements(token)


def can_update_nursery(token: ApiToken | None, nursery: Any) -> bool:
    if not can_write(token):
        return False
    if token.nursery_id:
        return token.nursery_id == nursery.pk
    if token.childminder_id:
        return False
    return nursery.commune.departement_id in scope_departements(token)


def can_push_register(token: ApiToken | None, departement: str) -> bool:
    return can_write(token) and departement in scope_departements(token)


def can_manage_api_tokens(user: Any) -> bool:
    """Platform admins, and territory admins for their own départements."""
    from maillage.accounts.perms import can_manage_supply

    return can_manage_supply(user)


class HasToken(permissions.BasePermission):
    message = "Cette adresse demande le jeton d'API d'un organisme."

    def has_permission(self, request: Any, view: Any) -> bool:
        return token_of(request) is not None


class TerritoryToken(permissions.BasePermission):
    message = "Ce jeton ne couvre aucun territoire (jeton d'un mode d'accueil)."

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_read_territory(token_of(request))


class WriteToken(permissions.BasePermission):
    message = "Ce jeton est en lecture seule."

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method not in WRITE_METHODS:
            return True
        return can_write(token_of(request))
