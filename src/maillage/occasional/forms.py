"""Forms of occasional care (DSFR, French). Business rules live in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from maillage.accounts.forms import MaillageForm
from maillage.childcare.models import NurseryAgeGroup
from maillage.occasional.enums import HalfDay, OccasionalReason
from maillage.territory.models import Commune
from maillage.territory.services.geo import locate_commune

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DAYS = 5
TIME_CHOICES = [("", "—")] + [
    (f"{h:02d}:{m:02d}", f"{h} h {m:02d}") for h in range(5, 23) for m in (0, 30)
]


def _time(value: str) -> dt.time | None:
    if not value:
        return None
    hours, mins = (int(p) for p in value.split(":"))
    return dt.time(hours, mins)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Copy a service's ValidationError onto the form (unknown fields become non-field)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


class OccasionalRequestForm(MaillageForm):
    reason = forms.ChoiceField(
        label="Pour quoi avez-vous besoin d'un accueil ?",
        choices=OccasionalReason.choices,
        widget=forms.RadioSelect,
    )
    parent_email = forms.EmailField(
        label="Adresse électronique du parent",
        help_text="Le parent reçoit la confirmation de l'accueil. Format attendu : nom@domaine.fr",
        required=False,
    )
    child_birth_date = forms.DateField(label="Date de naissance de l'enfant", widget=DATE_WIDGET)
    commune = forms.CharField(
        label="Commune", help_text="Nom ou code postal, par exemple : Saint-Denis 93200"
    )
    max_distance_km = forms.DecimalField(
        label="Distance maximale (km)", min_value=Decimal("0.5"), max_value=50, initial=5
    )
    accepts_nursery = forms.BooleanField(
        label="Une crèche me convient", required=False, initial=True
    )
    accepts_childminder = forms.BooleanField(
        label="Un(e) assistant(e) maternel(le) me convient", required=False, initial=True
    )

    def __init__(self, *args: Any, for_counsellor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_counsellor:
            self.fields["parent_email"].required = True
        else:
            del self.fields["parent_email"]
        for i in range(1, MAX_DAYS + 1):
            required = i == 1
            hint = "" if required else " (facultatif)"
            self.fields[f"day_{i}_date"] = forms.DateField(
                label=f"Journée {i}{hint} : date", required=required, widget=DATE_WIDGET
            )
            self.fields[f"day_{i}_start"] = forms.ChoiceField(
                label=f"Journée {i} : heure d'arrivée", choices=TIME_CHOICES, required=required
            )
            self.fields[f"day_{i}_end"] = forms.ChoiceField(
                label=f"Journée {i} : heure de départ", choices=TIME_CHOICES, required=required
            )

    def clean_commune(self) -> Commune:
        commune = locate_commune(self.cleaned_data["commune"])
        if commune is None:
            raise ValidationError(
                "Commune introuvable : vérifiez l'orthographe ou indiquez le code postal."
            )
        return commune

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        days = []
        for i in range(1, MAX_DAYS + 1):
            date = cleaned.get(f"day_{i}_date")
            start, end = (
                _time(cleaned.get(f"day_{i}_start", "")),
                _time(cleaned.get(f"day_{i}_end", "")),
            )
            if date is None and start is None and end is None:
                continue
            if date is None or start is None or end is None:
                self.add_error(f"day_{i}_date", "Indiquez la date, l'heure d'arrivée et de départ.")
                continue
            days.append((date, start, end))
        if not (cleaned.get("accepts_nursery") or cleaned.get("accepts_childminder")):
            self.add_error("accepts_nursery", "Acceptez au moins un mode d'accueil.")
        cleaned["days"] = days
        return cleaned


class NurserySlotForm(MaillageForm):
    age_group = forms.ModelChoiceField(label="Section", queryset=NurseryAgeGroup.objects.none())
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    half_day = forms.ChoiceField(
        label="Période",
        choices=[(c.value, c.label) for c in (HalfDay.MORNING, HalfDay.AFTERNOON, HalfDay.DAY)],
        widget=forms.RadioSelect,
    )
    places = forms.IntegerField(label="Places libres", min_value=1, initial=1)

    def __init__(self, *args: Any, nursery: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age_group"].queryset = NurseryAgeGroup.objects.filter(nursery=nursery)
        self.set_help_text(
            "half_day", "Le matin finit et l'après-midi commence à 13 h, selon vos horaires."
        )


class ChildminderSlotForm(MaillageForm):
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    start_time = forms.ChoiceField(label="De", choices=TIME_CHOICES)
    end_time = forms.ChoiceField(label="À", choices=TIME_CHOICES)
    places = forms.IntegerField(label="Places libres", min_value=1, initial=1)

    def clean_start_time(self) -> dt.time | None:
        return _time(self.cleaned_data["start_time"])

    def clean_end_time(self) -> dt.time | None:
        return _time(self.cleaned_data["end_time"])
