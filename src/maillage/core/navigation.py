"""The role-aware main menu. Links point to named URLs; an app that is not built yet is skipped.

Items of one `group` share a drop-down entry of the header, so that no role's menu holds more
than a handful of top-level entries and none wraps on a 1280 px screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from maillage.accounts.enums import Role
from maillage.core.memo import Memo


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    group: str = ""


_BY_ROLE: dict[str, tuple[NavItem, ...]] = {
    Role.PARENT: (
        NavItem("Déclarer un besoin", "families:need_new"),
        NavItem("Mes besoins d'accueil", "families:need_list"),
        NavItem("Mes demandes", "families:request_list"),
        NavItem("Accueil occasionnel", "occasional:request_list"),
        NavItem("Devenir parent réserviste", "jobs:reservist_join", "Emploi"),
    ),
    Role.CHILDMINDER: (
        NavItem("Mes disponibilités", "childcare:availability"),
        NavItem("Demandes reçues", "childcare:inbox"),
        NavItem("Mon profil", "childcare:childminder_profile"),
        NavItem("Créneaux ponctuels", "occasional:childminder_slots", "Accueil occasionnel"),
        NavItem("Demandes ponctuelles", "occasional:provider_inbox", "Accueil occasionnel"),
        # members see their MAM's offers; the others a page on how to join or found one
        NavItem("Ma MAM", "jobs:employer_offers"),
    ),
    Role.NURSERY_MANAGER: (
        NavItem("Mes crèches", "childcare:nursery_list"),
        NavItem("Commission d'attribution", "childcare:commission"),
        NavItem("Offres d'emploi", "jobs:employer_offers", "Recrutement"),
        NavItem("Candidatures reçues", "jobs:employer_inbox", "Recrutement"),
        NavItem("Immersions (PMSMP)", "jobs:immersion_manage", "Recrutement"),
        NavItem("Remplacements", "jobs:substitute_list", "Recrutement"),
        NavItem("Places occasionnelles", "occasional:nursery_slots", "Accueil occasionnel"),
        NavItem("Demandes ponctuelles", "occasional:provider_inbox", "Accueil occasionnel"),
    ),
    Role.CANDIDATE: (
        NavItem("Mon profil candidat", "jobs:candidate_profile"),
        NavItem("Offres et formations", "jobs:offer_list"),
        NavItem("Mes candidatures", "jobs:my_applications"),
        NavItem("Mon parcours", "jobs:my_path"),
        NavItem("Mon besoin d'accueil", "families:need_list"),
    ),
    Role.COUNSELLOR: (
        NavItem("Familles suivies", "families:counsellor_needs", "Familles"),
        NavItem("Attribution", "families:counsellor_allocation", "Familles"),
        NavItem("Besoins sans solution", "families:counsellor_unsolved", "Familles"),
        NavItem("Accueil occasionnel", "occasional:request_list", "Familles"),
        NavItem("Candidats suivis", "jobs:counsellor_candidates", "Emploi et formation"),
        NavItem("Formations", "jobs:training_manage", "Emploi et formation"),
        NavItem("Candidatures reçues", "jobs:employer_inbox", "Emploi et formation"),
        NavItem("Réunions d'information", "jobs:meeting_manage", "Emploi et formation"),
        NavItem("Retour à l'emploi", "outcomes:dashboard"),
        NavItem("Observatoire", "observatory:home", "Observatoire"),
        NavItem("Suivi du schéma (SDSF)", "observatory:zoom_home", "Observatoire"),
    ),
    Role.ANALYST: (
        NavItem("Observatoire", "observatory:home"),
        NavItem("Départs à la retraite", "observatory:cliff"),
        NavItem("Retour à l'emploi", "outcomes:dashboard"),
        NavItem("Fiches actions", "observatory:action_list", "Schéma (SDSF)"),
        NavItem("Suivi des actions clés", "observatory:zoom_home", "Schéma (SDSF)"),
    ),
    Role.TERRITORY_ADMIN: (
        NavItem("Observatoire", "observatory:home"),
        NavItem("Prestataires de mon territoire", "onboarding:territory_providers", "Offre"),
        NavItem("Structures à valider", "onboarding:pending_structures", "Offre"),
        NavItem("Registres des modes d'accueil", "registers:home", "Offre"),
        NavItem("Parcours du territoire", "jobs:territory_paths", "Territoire"),
        NavItem("Fiches actions (SDSF)", "observatory:action_list", "Territoire"),
        NavItem("Jetons d'API", "api:token_list"),
    ),
    Role.ADMIN: (
        NavItem("Observatoire", "observatory:home"),
        NavItem("Administration", "admin:index"),
        NavItem("Jetons d'API", "api:token_list"),
    ),
}

_PUBLIC: tuple[NavItem, ...] = (
    NavItem("Trouver un mode d'accueil", "core:home"),
    NavItem("Travailler dans la petite enfance", "jobs:public_offers"),
    NavItem("Observatoire", "observatory:home"),
)


# One person, several profiles: the menu of each other profile is one drop-down entry.
_ROLE_MENU_LABELS: dict[str, str] = {
    Role.PARENT: "Espace parent",
    Role.CANDIDATE: "Espace emploi",
    Role.CHILDMINDER: "Espace assistant(e) maternel(le)",
}


def _items_for(user: object) -> tuple[NavItem, ...]:
    from maillage.accounts.perms import user_roles

    roles = user_roles(user) if getattr(user, "is_authenticated", False) else []
    if not roles:
        return _PUBLIC
    items = list(_BY_ROLE.get(roles[0], _PUBLIC))
    seen = {item.url_name for item in items}
    for role in roles[1:]:
        group = _ROLE_MENU_LABELS.get(role, str(Role(role).label))
        for item in _BY_ROLE.get(role, ()):
            if item.url_name not in seen and item.url_name != "jobs:reservist_join":
                items.append(NavItem(item.label, item.url_name, group))
                seen.add(item.url_name)
    if Role.CANDIDATE in roles:
        items = [item for item in items if item.url_name != "jobs:reservist_join"]
    return tuple(items)


# The URL of a menu entry does not change while the process runs: reversed once (every page
# has a menu; the memos are emptied between tests).
_URLS: Memo[str] = Memo("navigation_urls", max_size=512)
_MISSING = ""


def _url(url_name: str) -> str | None:
    found = _URLS.get(url_name)
    if found is None:
        try:
            found = reverse(url_name)
        except NoReverseMatch:
            found = _MISSING
        _URLS.put(url_name, found)
    return found or None


def menu_for(user: object) -> list[dict[str, str]]:
    """Every link of the user's menu, flat (the dashboard's shortcuts)."""
    return [
        {"label": item.label, "url": url}
        for item in _items_for(user)
        if (url := _url(item.url_name)) is not None
    ]


def menu_tree_for(user: object) -> list[dict[str, Any]]:
    """The header's entries: a link, or a group {"label", "children": [links]} in the order of
    its first item."""
    entries: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for item in _items_for(user):
        url = _url(item.url_name)
        if url is None:
            continue
        link = {"label": item.label, "url": url}
        if not item.group:
            entries.append(link)
            continue
        group = groups.get(item.group)
        if group is None:
            group = groups[item.group] = {"label": item.group, "children": []}
            entries.append(group)
        group["children"].append(link)
    return entries
