"""Everything Maillage holds about one person, for « Mes données » (page and JSON file).

Each section lists rows of (field, label, value): the JSON file keeps the field names, the page
shows the French labels. Rows are read through the person's own relations only.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from maillage.core.schedule import WeeklyScheduleField, week_to_ranges

# Never exported, even to the person herself (secrets) or meaningless to her (technical).
HIDDEN_FIELDS = {"password", "is_staff", "is_superuser", "roles"}
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass
class Section:
    key: str
    title: str
    items: list[list[tuple[str, str, Any]]] = field(default_factory=list)

    def as_json(self) -> list[dict[str, Any]]:
        return [{name: value for name, _label, value in item} for item in self.items]


def _schedule_text(bits: str) -> str:
    ranges = week_to_ranges(bits)
    parts = [
        f"{DAY_NAMES[day]} " + ", ".join(f"{a}–{b}" for a, b in spans)
        for day, spans in sorted(ranges.items())
        if spans
    ]
    return " ; ".join(parts)


def _value(obj: models.Model, f: models.Field) -> Any:
    if isinstance(f, WeeklyScheduleField):
        return _schedule_text(getattr(obj, f.attname) or "")
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if isinstance(f, models.ForeignKey):
        related_id = getattr(obj, f.attname)
        return None if related_id is None else str(getattr(obj, f.name))
    value = getattr(obj, f.attname)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _row(obj: models.Model, *, skip: tuple[str, ...] = (), extra: dict | None = None) -> list:
    row = [
        (f.name, str(f.verbose_name), _value(obj, f))
        for f in obj._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and f.name not in skip
    ]
    for name, (label, value) in (extra or {}).items():
        row.append((name, label, value))
    return row


def _age_months(birth: dt.date, today: dt.date) -> int:
    return (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)


def user_data(user: Any) -> list[Section]:
    """Every section that has something for this person (empty sections are left out)."""
    from maillage.childcare.models import ChildInCare, Childminder
    from maillage.families.models import (
        ContactRequest,
        ContactSharing,
        FamilyBudget,
        Need,
        NeedEvent,
        RequestEvent,
        RequestMessage,
        Visit,
    )
    from maillage.jobs.models import Application, CandidateProfile, EventRegistration
    from maillage.occasional.models import OccasionalRequest
    from maillage.outcomes.models import OutcomeCheckpoint
    from maillage.privacy.models import FileAccess

    today = timezone.localdate()
    sections: list[Section] = []

    def add(key: str, title: str, rows: list[list]) -> None:
        if rows:
            sections.append(Section(key, title, rows))

    add("compte", "Mon compte", [_row(user, skip=("deleted_at",))])
    add(
        "partage",
        "Coordonnées partagées",
        [_row(s) for s in ContactSharing.objects.filter(user=user)],
    )
    add(
        "budget",
        "Ressources déclarées pour l'estimation du coût",
        [_row(b) for b in FamilyBudget.objects.filter(user=user)],
    )
    needs = list(Need.objects.filter(parent=user).select_related("commune").order_by("pk"))
    add(
        "besoins",
        "Mes besoins d'accueil",
        [
            _row(
                n,
                skip=("latitude", "longitude"),
                extra={
                    "child_age_months": (
                        "âge de l'enfant aujourd'hui (mois)",
                        _age_months(n.child_birth_date, today),
                    )
                },
            )
            for n in needs
        ],
    )
    add(
        "historique_besoins",
        "Historique de mes besoins",
        [_row(e) for e in NeedEvent.objects.filter(need__in=needs).order_by("at", "pk")],
    )
    requests = list(
        ContactRequest.objects.filter(need__in=needs)
        .select_related("childminder__user", "nursery")
        .order_by("pk")
    )
    add("demandes", "Mes demandes de mise en relation", [_row(r) for r in requests])
    add(
        "historique_demandes",
        "Historique de mes demandes",
        [_row(e) for e in RequestEvent.objects.filter(request__in=requests).order_by("at", "pk")],
    )
    add(
        "messages",
        "Messages échangés",
        [
            _row(m)
            for m in RequestMessage.objects.filter(request__in=requests).order_by("created_at")
        ],
    )
    add("rencontres", "Rencontres", [_row(v) for v in Visit.objects.filter(request__in=requests)])
    add(
        "retour_emploi",
        "Questionnaires de retour à l'emploi",
        [
            _row(c)
            for c in OutcomeCheckpoint.objects.filter(follow_up__need__in=needs).order_by(
                "due_date"
            )
        ],
    )
    add(
        "accueil_occasionnel",
        "Demandes d'accueil occasionnel",
        [
            _row(o, skip=("latitude", "longitude"))
            for o in OccasionalRequest.objects.filter(parent=user)
        ],
    )
    profiles = list(CandidateProfile.objects.filter(user=user))
    add("profil_candidat", "Mon profil de candidat(e)", [_row(p) for p in profiles])
    add(
        "candidatures",
        "Mes candidatures",
        [_row(a) for a in Application.objects.filter(candidate__in=profiles).order_by("pk")],
    )
    add(
        "inscriptions",
        "Mes inscriptions aux événements",
        [_row(r) for r in EventRegistration.objects.filter(candidate__in=profiles)],
    )
    minders = list(Childminder.objects.filter(user=user))
    add(
        "assistante_maternelle",
        "Mon activité d'assistant(e) maternel(le)",
        [_row(c) for c in minders],
    )
    add(
        "enfants_accueillis",
        "Enfants accueillis (âge et créneaux, sans nom)",
        [_row(c) for c in ChildInCare.objects.filter(childminder__in=minders)],
    )
    add(
        "creches",
        "Crèches que je gère",
        [
            [("name", "nom", n.name), ("commune", "commune", str(n.commune))]
            for n in user.managed_nurseries.select_related("commune")
        ],
    )
    add(
        "consultations",
        "Qui a consulté mon dossier",
        [
            _row(a, skip=("viewer", "family"))
            for a in FileAccess.objects.filter(family=user).order_by("-at")
        ],
    )
    return sections


def user_data_json(user: Any) -> dict[str, Any]:
    return {
        "format": "maillage-donnees-personnelles/1",
        "exporte_le": timezone.localtime().isoformat(timespec="seconds"),
        "sections": {s.key: s.as_json() for s in user_data(user)},
    }
