"""Editing an open need ("Modifier mon besoin"): `need_update` and what it tells others.

Kept apart from `services` (contact requests' life cycle) so that each module stays small.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.families.enums import SituationFlag
from maillage.families.models import ContactRequest, Need, NeedEvent
from maillage.families.perms import can_edit_need, need_is_editable
from maillage.families.querysets import ACTIVE_STATUSES
from maillage.families.services import InvalidTransition, TransitionNotPermitted

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

# What a family may change, by group: the history and the emails name the groups, never the
# values (no child data leaves the platform).
EDIT_GROUPS: dict[str, tuple[str, ...]] = {
    "coordonnées de la famille": ("family_email", "family_phone"),
    "informations sur l'enfant": ("child_first_name", "child_birth_date"),
    "horaires": ("schedule",),
    "lieu": ("commune", "latitude", "longitude"),
    "distance maximale": ("max_distance_km",),
    "date de début": ("start_date",),
    "modes d'accueil acceptés": ("accepts_childminder", "accepts_mam", "accepts_nursery"),
    "situation de la famille": tuple(flag.value for flag in SituationFlag),
}
EDITABLE_FIELDS = frozenset(name for names in EDIT_GROUPS.values() for name in names)
# Groups a provider is told about: the rest (the family's situation, its contact) is not
# theirs to know through an email.
PROVIDER_GROUPS = (
    "informations sur l'enfant",
    "horaires",
    "lieu",
    "distance maximale",
    "date de début",
    "modes d'accueil acceptés",
)
RULE_FR = (
    "Les demandes de mise en relation déjà envoyées restent en cours : les modes d'accueil "
    "contactés voient aussitôt votre besoin modifié et sont prévenus par e-mail, sans aucune "
    "information sur votre enfant. Les résultats de recherche tiennent compte tout de suite "
    "des nouvelles valeurs."
)


def _normalise(name: str, value: Any) -> Any:
    if name == "max_distance_km" and value is not None:
        return Decimal(str(value)).quantize(Decimal("0.1"))
    if name == "commune":
        return getattr(value, "pk", value)
    if name in ("latitude", "longitude") and value is not None:
        return round(float(value), 6)
    return value


def need_changes(*, need: Need, data: dict[str, Any]) -> list[str]:
    """The groups of `EDIT_GROUPS` whose values in `data` differ from the need's."""
    changed = []
    for group, names in EDIT_GROUPS.items():
        for name in names:
            if name not in data:
                continue
            current = need.commune_id if name == "commune" else getattr(need, name)
            if _normalise(name, data[name]) != _normalise(name, current):
                changed.append(group)
                break
    return changed


@transaction.atomic
def need_update(
    *, need: Need, by: User, data: dict[str, Any], label: str = "Besoin modifié"
) -> list[str]:
    """Apply the edited values of an open need; return the groups that changed.

    `data` holds model field names (a subset of `EDITABLE_FIELDS`; `commune` is a Commune).
    Only an open need is edited, by its parent or the counsellor who recorded or follows it.
    A "Besoin modifié" event naming the changed groups goes to the need's history.

    Rule for the contact requests already sent: they all stay as they are (pending, accepted
    or with another date proposed). Providers read the need live, so they see the new hours,
    dates and modes at once; the providers of the active requests get an email naming what
    changed (never a value, never the child), after the commit. A provider who no longer fits
    answers or declines as usual. Results are computed from the need on every view: no index
    stamp to bump (the `ProviderIndexStamp` versions the providers, not the needs).
    """
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if not can_edit_need(by, locked):
        raise TransitionNotPermitted("Vous ne pouvez pas modifier ce besoin.")
    if not need_is_editable(locked):
        raise InvalidTransition(
            f"Ce besoin est « {locked.get_status_display().lower()} » : seul un besoin en "
            "recherche peut être modifié."
        )
    changed = need_changes(need=locked, data=data)
    if not changed:
        return []
    for name, value in data.items():
        if name == "max_distance_km":
            value = Decimal(str(value))
        setattr(locked, name, value)
    if not (locked.parent_id or locked.family_email or locked.family_phone):
        raise ValidationError(
            "Indiquez au moins une adresse électronique ou un téléphone de la famille."
        )
    locked.full_clean()
    locked.save()
    now = timezone.now()
    NeedEvent.objects.create(
        need=locked, actor=by, at=now, label=label, note=", ".join(changed)[:200]
    )
    told = [group for group in changed if group in PROVIDER_GROUPS]
    if told:
        request_ids = list(
            ContactRequest.objects.filter(need=locked, status__in=ACTIVE_STATUSES).values_list(
                "pk", flat=True
            )
        )
        if request_ids:
            transaction.on_commit(lambda: send_need_updated(request_ids, told))
    logger.info("need_update need=%s by=%s changed=%s", locked.pk, by.pk, ",".join(changed))
    need.refresh_from_db()
    return changed


def send_need_updated(request_ids: list[int], groups: list[str]) -> int:
    """Tell the providers of these requests that the family changed its need (groups only)."""
    base = settings.MAILLAGE_BASE_URL.rstrip("/")
    try:
        link = base + reverse("childcare:inbox")
    except Exception:  # noqa: BLE001 - the inbox belongs to another app
        link = base + reverse("core:dashboard")
    sent = 0
    requests = ContactRequest.objects.filter(pk__in=request_ids).select_related(
        "need__commune", "childminder__user"
    )
    for request in requests.prefetch_related("nursery__managers"):
        if request.childminder_id:
            emails = [request.childminder.user.email]
        else:
            emails = [m.email for m in request.nursery.managers.all()]
        emails = sorted({e for e in emails if e})
        if not emails:
            continue
        ctx = {
            "site_name": settings.MAILLAGE_SITE_NAME,
            "number": request.pk,
            "family_commune": request.need.commune.name,
            "groups": groups,
            "link": link,
        }
        subject = render_to_string("families/emails/need_updated_subject.txt", ctx).strip()
        body = render_to_string("families/emails/need_updated.txt", ctx)
        sent += send_mail(subject, body, None, emails)
    logger.info("need_updated_mail requests=%s sent=%s", len(request_ids), sent)
    return sent
