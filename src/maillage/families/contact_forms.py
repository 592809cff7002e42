"""Forms of the two-way contact: a message, a visit proposal and its answer, sharing choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.forms import MaillageForm
from maillage.families.contact_services import (
    HEALTH_REMINDER,
    MESSAGE_MAX_CHARS,
    hold_hours_after_visit,
)


class MessageForm(MaillageForm):
    body = forms.CharField(
        label="Votre message",
        help_text=HEALTH_REMINDER,
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Écrivez votre message avant de l'envoyer.",
            "max_length": f"Votre message fait plus de {MESSAGE_MAX_CHARS} caractères.",
        },
    )


class VisitForm(MaillageForm):
    date = forms.DateField(
        label="Date de la rencontre",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date.", "invalid": "Date invalide."},
    )
    time = forms.TimeField(
        label="Heure",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Indiquez l'heure.", "invalid": "Heure invalide."},
    )
    place = forms.CharField(
        label="Lieu",
        help_text="Par exemple : à mon domicile, ou l'adresse de la crèche.",
        max_length=200,
        error_messages={"required": "Indiquez le lieu de la rencontre."},
    )
    hold_place = forms.BooleanField(
        label="Retenir la place pour cette famille jusqu'à la rencontre",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hours = hold_hours_after_visit()
        self.set_help_text(
            "hold_place",
            f"La place ne sera proposée à personne d'autre jusqu'à {hours} h après la rencontre.",
        )

    def starts_at(self) -> dt.datetime:
        data: dict[str, Any] = self.cleaned_data
        naive = dt.datetime.combine(data["date"], data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class VisitAnswerForm(MaillageForm):
    note = forms.CharField(
        label="Vos disponibilités (facultatif)",
        help_text="Par exemple : plutôt le mercredi matin.",
        max_length=200,
        required=False,
    )


class ContactSharingForm(MaillageForm):
    share_name = forms.BooleanField(label="Mon nom et mon prénom", required=False)
    share_phone = forms.BooleanField(label="Mon numéro de téléphone", required=False)
    share_email = forms.BooleanField(label="Mon adresse électronique", required=False)
