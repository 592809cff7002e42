"""Who may do what in the observatory (public pages need no permission).

SDSF axes and actions are edited by analysts and territory administrators within their territory — the départements they follow
as a whole (``accounts.querysets.departements_in_scope``) — and by admins everywhere. An
analyst with no département assigned edits nothing.
"""

from __future__ import annotations

from maillage.accounts.perms import is_admin
from maillage.accounts.querysets import departements_in_scope

ACTION_ROLES = ("analyst", "territory_admin", "admin")


def can_edit_actions(user) -> bool:  # noqa: ANN001
    if not getattr(user, "is_authenticated", False):
        return False
    from maillage.accounts.perms import has_role

    return is_admin(user) or has_role(user, *ACTION_ROLES)


def action_departements(user):  # noqa: ANN001, ANN201 - a Departement queryset
    """The départements whose actions the user may read and edit."""
    from maillage.territory.models import Departement

    if not can_edit_actions(user):
        return Departement.objects.none()
    return departements_in_scope(user)


def can_edit_action_of(user, departement_code: str) -> bool:  # noqa: ANN001
    return action_departements(user).filter(code=departement_code).exists()


def zoom_departements(user):  # noqa: ANN001, ANN201 - a Departement queryset
    """Départements whose action tracking the user may read: analysts and admins for the
    actions they edit, and the partners' staff (an organisation, a territory) for theirs."""
    if not getattr(user, "is_authenticated", False):
        from maillage.territory.models import Departement

        return Departement.objects.none()
    if can_edit_actions(user):
        return action_departements(user)
    if getattr(user, "organisation", ""):
        return departements_in_scope(user)
    return departements_in_scope(user).none()


def can_read_zoom(user, departement_code: str) -> bool:  # noqa: ANN001
    return zoom_departements(user).filter(code=departement_code).exists()


def can_edit_key_action(user, key_action) -> bool:  # noqa: ANN001
    """Analysts of the département and admins; otherwise the staff of a pilot or partner
    organisation of this action, within their territory."""
    departement = key_action.sheet.departement_id
    if can_edit_action_of(user, departement):
        return True
    organisation = getattr(user, "organisation", "")
    return (
        bool(organisation)
        and organisation in key_action.organisations
        and (departements_in_scope(user).filter(code=departement).exists())
    )
