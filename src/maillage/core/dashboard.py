"""What each person should do next, counted: the dashboard's first section.

A dashboard of links tells a childminder nothing; "1 demande en attente de votre réponse" tells
her what to do. Each role's function returns the items that need her (nothing when all is done),
each with a count, a sentence, the page that does it and the button's verb. Roles are read
through the named permission functions, so a person with several profiles sees each one's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from maillage.accounts import perms


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    action: str
    urgent: bool = False


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def parent_todos(user: Any) -> list[Todo]:
    from maillage.families.enums import ContactRequestStatus as S
    from maillage.families.models import ContactRequest, Need

    todos = []
    requests = ContactRequest.objects.filter(need__parent=user)
    to_confirm = requests.filter(status=S.ACCEPTED).count()
    if to_confirm:
        todos.append(
            Todo(
                _plural(to_confirm, "place acceptée à confirmer", "places acceptées à confirmer"),
                reverse("families:request_list"),
                "Confirmer",
                urgent=True,
            )
        )
    dates = requests.filter(status=S.DATE_PROPOSED).count()
    if dates:
        todos.append(
            Todo(
                _plural(
                    dates, "autre date proposée à examiner", "autres dates proposées à examiner"
                ),
                reverse("families:request_list"),
                "Répondre",
            )
        )
    needs = Need.objects.filter(parent=user)
    if not needs.exists():
        todos.append(
            Todo(
                "Aucun besoin d'accueil déclaré",
                reverse("families:need_new"),
                "Déclarer mon besoin",
            )
        )
    else:
        waiting = (
            needs.open()
            .exclude(
                contact_requests__status__in=[S.PENDING, S.ACCEPTED, S.DATE_PROPOSED, S.CONFIRMED]
            )
            .count()
        )
        if waiting:
            todos.append(
                Todo(
                    _plural(
                        waiting, "besoin sans demande en cours", "besoins sans demande en cours"
                    ),
                    reverse("families:need_list"),
                    "Voir les solutions",
                )
            )
    return todos


def childminder_todos(user: Any) -> list[Todo]:
    from maillage.childcare.policy import get_policy
    from maillage.families.enums import ContactRequestStatus as S
    from maillage.families.models import ContactRequest

    todos = []
    pending = ContactRequest.objects.filter(childminder__user=user, status=S.PENDING).count()
    if pending:
        todos.append(
            Todo(
                _plural(
                    pending,
                    "demande en attente de votre réponse",
                    "demandes en attente de votre réponse",
                ),
                reverse("childcare:inbox"),
                "Répondre",
                urgent=True,
            )
        )
    childminder = getattr(user, "childminder", None)
    if childminder is not None:
        updated = childminder.availability_updated_at
        stale_after = get_policy().availability_stale_days
        if updated is None:
            todos.append(
                Todo(
                    "Disponibilités jamais confirmées : les familles ne vous voient pas en tête",
                    reverse("childcare:availability"),
                    "Mettre à jour",
                    urgent=True,
                )
            )
        else:
            days = (timezone.now() - updated).days
            if days >= stale_after:
                todos.append(
                    Todo(
                        f"Disponibilités non mises à jour depuis {days} jours",
                        reverse("childcare:availability"),
                        "Mettre à jour",
                        urgent=True,
                    )
                )
    return todos


def nursery_manager_todos(user: Any) -> list[Todo]:
    from maillage.childcare.enums import CommissionStatus
    from maillage.childcare.models import Commission, Nursery
    from maillage.childcare.policy import get_policy
    from maillage.families.enums import ContactRequestStatus as S
    from maillage.families.models import ContactRequest
    from maillage.jobs.enums import SubstituteRequestStatus
    from maillage.jobs.models import SubstituteRequest
    from maillage.staffing.services import staffing_days_for

    todos = []
    nurseries = list(
        Nursery.objects.managed_by(user).only(
            "pk", "name", "opening_hours", "availability_updated_at"
        )
    )
    if not nurseries:
        return todos
    pending = ContactRequest.objects.filter(nursery__in=nurseries, status=S.PENDING).count()
    if pending:
        todos.append(
            Todo(
                _plural(
                    pending, "demande de famille en attente", "demandes de familles en attente"
                ),
                reverse("childcare:inbox"),
                "Répondre",
                urgent=True,
            )
        )
    drafts = Commission.objects.for_manager(user).filter(status=CommissionStatus.DRAFT).count()
    if drafts:
        todos.append(
            Todo(
                _plural(drafts, "commission à valider", "commissions à valider"),
                reverse("childcare:commission"),
                "Ajuster et valider",
            )
        )
    unfilled = SubstituteRequest.objects.filter(
        nursery__in=nurseries,
        status__in=[SubstituteRequestStatus.OPEN, SubstituteRequestStatus.PARTIALLY_FILLED],
        end_date__gte=timezone.localdate(),
    ).count()
    if unfilled:
        todos.append(
            Todo(
                _plural(unfilled, "remplacement non pourvu", "remplacements non pourvus"),
                reverse("jobs:substitute_list"),
                "Suivre",
                urgent=True,
            )
        )
    today = timezone.localdate()
    days = staffing_days_for(nurseries, first=today, days=14)
    for nursery in nurseries:
        gaps = [d for d in days[nursery.pk] if d.has_gap]
        if gaps:
            todos.append(
                Todo(
                    f"{nursery.name} : "
                    + _plural(
                        len(gaps),
                        "jour avec des places fermées faute de personnel",
                        "jours avec des places fermées faute de personnel",
                    )
                    + " dans les 14 prochains jours",
                    reverse("staffing:overview", args=[nursery.pk]),
                    "Demander un remplacement",
                    urgent=True,
                )
            )
    limit = timezone.now() - dt.timedelta(days=get_policy().availability_stale_days)
    stale = [
        n
        for n in nurseries
        if n.availability_updated_at is None or n.availability_updated_at < limit
    ]
    if stale:
        todos.append(
            Todo(
                _plural(
                    len(stale),
                    "crèche dont les places ne sont plus à jour",
                    "crèches dont les places ne sont plus à jour",
                ),
                reverse("childcare:nursery_list"),
                "Publier les places",
            )
        )
    return todos


def counsellor_todos(user: Any) -> list[Todo]:
    from maillage.families.models import Need, TerritoryAllocation
    from maillage.families.models_allocation import AllocationStatus

    todos = []
    latest = TerritoryAllocation.objects.filter(counsellor=user).first()
    if latest is not None and latest.status == AllocationStatus.READY:
        todos.append(
            Todo(
                _plural(
                    len(latest.proposals),
                    "proposition d'attribution à vérifier et envoyer",
                    "propositions d'attribution à vérifier et envoyer",
                ),
                reverse("families:counsellor_allocation"),
                "Vérifier",
                urgent=True,
            )
        )
    unsolved = Need.objects.for_user(user).without_solution().count()
    if not unsolved:
        return todos
    return todos + [
        Todo(
            _plural(
                unsolved, "famille sans solution d'accueil", "familles sans solution d'accueil"
            ),
            reverse("families:counsellor_unsolved"),
            "Accompagner",
        )
    ]


_BY_PERMISSION = (
    (perms.is_parent, parent_todos),
    (perms.is_childminder, childminder_todos),
    (perms.is_nursery_manager, nursery_manager_todos),
    (perms.is_counsellor, counsellor_todos),
)


def todos_for(user: Any) -> list[Todo]:
    todos: list[Todo] = []
    for allowed, todos_of in _BY_PERMISSION:
        if allowed(user):
            todos.extend(todos_of(user))
    return sorted(todos, key=lambda todo: not todo.urgent)
