"""The role-aware main menu. Links point to named URLs; an app that is not built yet is skipped."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from maillage.accounts.enums import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


_BY_ROLE: dict[str, tuple[NavItem, ...]] = {
    Role.PARENT: (
        NavItem("Déclarer un besoin", "families:need_new"),
        NavItem("Mes besoins d'accueil", "families:need_list"),
        NavItem("Mes demandes", "families:request_list"),
        NavItem("Accueil occasionnel", "occasional:request_list"),
    ),
    Role.CHILDMINDER: (
        NavItem("Mes disponibilités", "childcare:availability"),
        NavItem("Demandes reçues", "childcare:inbox"),
        NavItem("Mon profil", "childcare:childminder_profile"),
        NavItem("Créneaux ponctuels", "occasional:childminder_slots"),
        NavItem("Demandes ponctuelles", "occasional:provider_inbox"),
        # members see their MAM's offers; the others a page on how to join or found one
        NavItem("Ma MAM", "jobs:employer_offers"),
    ),
    Role.NURSERY_MANAGER: (
        NavItem("Mes crèches", "childcare:nursery_list"),
        NavItem("Commission d'attribution", "childcare:commission"),
        NavItem("Offres d'emploi", "jobs:employer_offers"),
        NavItem("Immersions (PMSMP)", "jobs:immersion_manage"),
        NavItem("Remplacements", "jobs:substitute_list"),
        NavItem("Places occasionnelles", "occasional:nursery_slots"),
        NavItem("Demandes ponctuelles", "occasional:provider_inbox"),
    ),
    Role.CANDIDATE: (
        NavItem("Mon profil candidat", "jobs:candidate_profile"),
        NavItem("Offres et formations", "jobs:offer_list"),
        NavItem("Mon parcours", "jobs:my_path"),
        NavItem("Mon besoin d'accueil", "families:need_list"),
    ),
    Role.COUNSELLOR: (
        NavItem("Familles suivies", "families:counsellor_needs"),
        NavItem("Attribution", "families:counsellor_allocation"),
        NavItem("Besoins sans solution", "families:counsellor_unsolved"),
        NavItem("Candidats suivis", "jobs:counsellor_candidates"),
        NavItem("Formations", "jobs:training_manage"),
        NavItem("Réunions d'information", "jobs:meeting_manage"),
        NavItem("Accueil occasionnel", "occasional:request_list"),
        NavItem("Retour à l'emploi", "outcomes:dashboard"),
        NavItem("Observatoire", "observatory:home"),
    ),
    Role.ANALYST: (
        NavItem("Observatoire", "observatory:home"),
        NavItem("Départs à la retraite", "observatory:cliff"),
        NavItem("Retour à l'emploi", "outcomes:dashboard"),
        NavItem("Actions du schéma", "observatory:action_list"),
    ),
    Role.ADMIN: (
        NavItem("Observatoire", "observatory:home"),
        NavItem("Administration", "admin:index"),
    ),
}

_PUBLIC: tuple[NavItem, ...] = (
    NavItem("Trouver un mode d'accueil", "core:home"),
    NavItem("Observatoire", "observatory:home"),
)


def menu_for(user: object) -> list[dict[str, str]]:
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    items = _BY_ROLE.get(role, _PUBLIC) if role else _PUBLIC
    links = []
    for item in items:
        try:
            links.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return links
