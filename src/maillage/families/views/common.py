"""Small helpers shared by the families views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from maillage.accounts.perms import is_counsellor
from maillage.core.schedule import DAY_NAMES_FR, week_hours, week_to_ranges
from maillage.families.models import ContactRequest, Need


def schedule_lines(bits: str) -> list[str]:
    return [
        f"{DAY_NAMES_FR[day].capitalize()} : "
        + ", ".join(f"{a.replace(':', ' h ')} – {b.replace(':', ' h ')}" for a, b in spans)
        for day, spans in week_to_ranges(bits).items()
    ]


def hours_label(bits: str) -> str:
    return f"{week_hours(bits):g}".replace(".", ",") + " h par semaine"


def provider_public_label(contact: ContactRequest) -> str:
    """A childminder by the name she chose to show and her commune; a crèche by its name."""
    if contact.childminder_id:
        from maillage.families.engine_records import childminder_public_label

        cm = contact.childminder
        return f"{childminder_public_label(cm)} — {cm.commune.name}"
    return f"Crèche {contact.nursery.name} — {contact.nursery.commune.name}"


def needs_for(request: HttpRequest):  # type: ignore[no-untyped-def]
    return Need.objects.for_user(request.user).select_related("commune")


def requests_for(request: HttpRequest):  # type: ignore[no-untyped-def]
    return ContactRequest.objects.for_user(request.user).select_related(
        "need",
        "need__commune",
        "childminder__user",
        "childminder__commune",
        "nursery__commune",
    )


def need_crumbs(user: Any) -> dict[str, str]:
    """The breadcrumb above a need's pages: a counsellor goes back to the needs she follows, a
    parent to her own (each list is closed to the other role)."""
    if is_counsellor(user):
        return {
            "crumb_list_url": reverse("families:counsellor_needs"),
            "crumb_list_label": "Besoins d'accueil de mes territoires",
            "crumb_need_label": "Le besoin",
        }
    return {
        "crumb_list_url": reverse("families:need_list"),
        "crumb_list_label": "Mes besoins d'accueil",
        "crumb_need_label": "Mon besoin",
    }
