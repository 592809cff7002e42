"""Forms of events: a caravan stop, a counsellor registering a candidate she follows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.forms import MaillageForm
from maillage.jobs.forms.fields import HALF_HOURS, commune_field, date_field


class EventStopForm(MaillageForm):
    commune = commune_field("Commune de l'étape")
    day = date_field("Date")
    time = forms.ChoiceField(label="Heure", choices=HALF_HOURS, initial="10:00")
    address = forms.CharField(label="Adresse", max_length=250, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("time"):
            hours, minutes = (int(p) for p in data["time"].split(":"))
            data["starts_at"] = timezone.make_aware(
                dt.datetime.combine(data["day"], dt.time(hours, minutes))
            )
        return data


class RegisterCandidateForm(MaillageForm):
    candidate = forms.ModelChoiceField(label="Candidate que vous suivez", queryset=None)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = lambda c: (
            f"{c.user.display_name} ({c.commune.name})"
        )
