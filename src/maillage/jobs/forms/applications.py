"""Forms of applications: the candidate's message, an interview, a refusal, an invitation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import RefusalReason
from maillage.jobs.forms.fields import HALF_HOURS, date_field


class ApplicationForm(MaillageForm):
    message = forms.CharField(
        label="Votre message (facultatif)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1500,
        required=False,
        help_text="Quelques lignes : pourquoi ce poste, vos disponibilités. 1 500 caractères.",
    )


class InterviewForm(MaillageForm):
    day = date_field("Date de l'entretien")
    time = forms.ChoiceField(label="Heure", choices=HALF_HOURS[14:40], initial="10:00")
    place = forms.CharField(
        label="Lieu", max_length=250, help_text="Adresse de la crèche, ou « par téléphone »."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("time"):
            hours, minutes = (int(p) for p in data["time"].split(":"))
            data["at"] = timezone.make_aware(
                dt.datetime.combine(data["day"], dt.time(hours, minutes))
            )
        return data


class RefusalForm(MaillageForm):
    reason = forms.ChoiceField(label="Motif", choices=RefusalReason.choices)
    detail = forms.CharField(
        label="Précisions (transmises à la candidate)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Obligatoire pour « Autre motif ».",
    )


class InvitationForm(MaillageForm):
    message = forms.CharField(
        label="Message à la candidate (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
