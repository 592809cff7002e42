"""Childcare forms (DSFR, French messages). Business rules live in the services; the views
copy a service's ValidationError back onto these fields so that the values typed stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates
from dsfr.utils import dsfr_input_class_attr

from maillage.childcare.enums import AgeGroupKind
from maillage.core.schedule import DAY_NAMES_FR, week_from_ranges
from maillage.core.schedule_picker import END_CHOICES, START_CHOICES, SchedulePickerMixin
from maillage.families.enums import DeclineReason
from maillage.territory.models import Commune
from maillage.territory.services.geo import locate_commune

PAST_DATE = "La date ne peut pas être passée : indiquez aujourd'hui ou une date à venir."
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChildcareForm(DsfrBaseForm):
    """DSFR form whose widget templates come from django-dsfr first (see accounts)."""

    default_renderer = DsfrDjangoTemplates()  # type: ignore[assignment]


def apply_errors(
    form: forms.Form, exc: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Copy a service's ValidationError onto the form (unknown fields become non-field)."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        name = aliases.get(field, field)
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _future_or_today(value: dt.date | None) -> dt.date | None:
    if value and value < timezone.localdate():
        raise ValidationError(PAST_DATE)
    return value


class ChildminderProfileForm(SchedulePickerMixin, ChildcareForm):
    schedule_prefix = "hours"
    schedule_legend = "Mes horaires de travail"

    commune = forms.CharField(
        label="Commune où vous accueillez les enfants",
        help_text="Nom ou code postal, par exemple : Saint-Denis 93200. "
        "Les familles ne voient que la commune et une distance approximative.",
        max_length=120,
    )
    address = forms.CharField(
        label="Adresse (jamais montrée aux familles)",
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    agrement_number = forms.CharField(label="Numéro d'agrément", required=False, max_length=50)
    agrement_capacity = forms.IntegerField(
        label="Nombre d'enfants accueillis en même temps (agrément)",
        min_value=1,
        error_messages={"min_value": "Indiquez au moins 1 enfant accueilli."},
    )
    agrement_min_age_months = forms.IntegerField(
        label="Âge minimum des enfants (en mois)", min_value=0, max_value=131, initial=0
    )
    agrement_max_age_months = forms.IntegerField(
        label="Âge maximum des enfants (en mois)",
        min_value=1,
        max_value=132,
        initial=72,
        help_text="Par exemple 36 si votre agrément est limité aux moins de 3 ans.",
    )
    agrement_valid_until = forms.DateField(label="Agrément valable jusqu'au", widget=DATE_WIDGET)
    own_children_under_3 = forms.IntegerField(
        label="Vos enfants de moins de 3 ans présents", min_value=0, max_value=10, initial=0
    )
    own_children_under_11 = forms.IntegerField(
        label="Vos enfants de moins de 11 ans présents (y compris les moins de 3 ans)",
        min_value=0,
        max_value=10,
        initial=0,
    )
    available_from = forms.DateField(
        label="Places libres à partir du",
        required=False,
        widget=DATE_WIDGET,
        help_text="Laissez vide si vous n'avez pas de place libre.",
    )
    languages = forms.CharField(
        label="Langues parlées",
        required=False,
        max_length=200,
        help_text="Par exemple : français, arabe, portugais",
    )
    has_garden = forms.BooleanField(label="J'ai un jardin", required=False)
    accepts_atypical_hours = forms.BooleanField(
        label="J'accepte les horaires atypiques (tôt le matin, tard le soir, la nuit, le week-end)",
        required=False,
    )
    disability_experience = forms.BooleanField(
        label="J'ai l'expérience de l'accueil d'enfants en situation de handicap", required=False
    )

    def __init__(self, *args: Any, working_hours: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_schedule_fields(working_hours)

    def clean_commune(self) -> Commune:
        commune = locate_commune(self.cleaned_data["commune"])
        if commune is None:
            raise ValidationError(
                "Commune introuvable : vérifiez l'orthographe ou indiquez le code postal."
            )
        return commune

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["working_hours"] = self.clean_schedule()
        return data


class ChildInCareForm(ChildcareForm):
    """One child already in care: no name, only age and the slots used."""

    age_months = forms.IntegerField(label="Âge (en mois)", min_value=0, max_value=144)
    days = forms.MultipleChoiceField(
        label="Jours d'accueil",
        choices=[(str(i), name.capitalize()) for i, name in enumerate(DAY_NAMES_FR)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start = forms.ChoiceField(label="Arrivée", choices=START_CHOICES, required=False)
    end = forms.ChoiceField(label="Départ", choices=END_CHOICES, required=False)
    leaves_on = forms.DateField(
        label="Fin d'accueil prévue le",
        required=False,
        widget=DATE_WIDGET,
        help_text="La place se libère ce jour-là.",
    )

    def clean_leaves_on(self) -> dt.date | None:
        return _future_or_today(self.cleaned_data.get("leaves_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("days"):
            self.add_error("days", "Cochez au moins un jour d'accueil.")
        if not data.get("start"):
            self.add_error("start", "Indiquez l'heure d'arrivée.")
        if not data.get("end"):
            self.add_error("end", "Indiquez l'heure de départ.")
        if self.errors:
            return data
        if data["end"] <= data["start"]:
            self.add_error("end", "L'heure de départ doit être après l'heure d'arrivée.")
            return data
        data["schedule"] = week_from_ranges(
            {int(day): [(data["start"], data["end"])] for day in data["days"]}
        )
        return data


ChildInCareFormSet = forms.formset_factory(ChildInCareForm, extra=1, can_delete=True, max_num=10)


class AvailabilityForm(ChildcareForm):
    """One pair of fields per place: "libre dès le …" (a date) or "pas de place libre"."""

    FREE, NONE = "free", "none"

    def __init__(self, *args: Any, places: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        for place in places:
            status = f"place_{place.number}_status"
            self.fields[status] = forms.ChoiceField(
                label=f"Place n° {place.number}",
                choices=[(self.FREE, "Libre dès le…"), (self.NONE, "Pas de place libre")],
                widget=forms.RadioSelect,
                initial=self.FREE if place.free_from else self.NONE,
                error_messages={
                    "required": "Choisissez « libre dès le… » ou « pas de place libre »."
                },
            )
            self.fields[f"place_{place.number}_from"] = forms.DateField(
                label=f"Place n° {place.number} libre à partir du",
                required=False,
                widget=DATE_WIDGET,
                initial=place.free_from,
            )
        for name in self.fields:
            dsfr_input_class_attr(self[name])

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (p, self[f"place_{p.number}_status"], self[f"place_{p.number}_from"])
            for p in self.places
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dates: list[dt.date | None] = []
        for place in self.places:
            status = data.get(f"place_{place.number}_status")
            day = data.get(f"place_{place.number}_from")
            if status == self.FREE and not day:
                self.add_error(
                    f"place_{place.number}_from",
                    "Indiquez la date à partir de laquelle la place est libre.",
                )
            dates.append(day if status == self.FREE else None)
        data["place_dates"] = dates
        return data


class NurseryPlacesForm(SchedulePickerMixin, ChildcareForm):
    schedule_prefix = "open"
    schedule_legend = "Horaires d'ouverture"

    is_avip = forms.BooleanField(
        label="Crèche AVIP (à vocation d'insertion professionnelle)", required=False
    )
    avip_share = forms.DecimalField(
        label="Part des places réservée AVIP (en %)",
        min_value=0,
        max_value=100,
        decimal_places=0,
        initial=0,
        error_messages={
            "min_value": "La part réservée doit être comprise entre 0 et 100 %%.",
            "max_value": "La part réservée doit être comprise entre 0 et 100 %%.",
        },
    )
    social_minima_share = forms.DecimalField(
        label="Part des places réservée aux familles aux minima sociaux (en %)",
        min_value=0,
        max_value=100,
        decimal_places=0,
        initial=0,
        error_messages={
            "min_value": "La part réservée doit être comprise entre 0 et 100 %%.",
            "max_value": "La part réservée doit être comprise entre 0 et 100 %%.",
        },
    )

    def __init__(self, *args: Any, opening_hours: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_schedule_fields(opening_hours)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["opening_hours"] = self.clean_schedule()
        return data


class AgeGroupForm(ChildcareForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A blank first choice: an untouched "Ajouter une section" row posts nothing and is ignored.
    kind = forms.ChoiceField(
        label="Section", choices=[("", "— Choisir une section —"), *AgeGroupKind.choices]
    )
    min_age_months = forms.IntegerField(label="Âge minimum (mois)", min_value=0, max_value=72)
    max_age_months = forms.IntegerField(label="Âge maximum (mois)", min_value=1, max_value=72)
    places = forms.IntegerField(label="Places autorisées", min_value=0, max_value=200)
    places_taken = forms.IntegerField(label="Places occupées", min_value=0, max_value=200)
    free_from = forms.DateField(
        label="Places libres à partir du", required=False, widget=DATE_WIDGET
    )


AgeGroupFormSet = forms.formset_factory(AgeGroupForm, extra=1, can_delete=True, max_num=12)


class DeclineForm(ChildcareForm):
    reason = forms.ChoiceField(label="Motif du refus", choices=DeclineReason.choices)


class ProposeDateForm(ChildcareForm):
    proposed_start_date = forms.DateField(label="Date de début proposée", widget=DATE_WIDGET)

    def clean_proposed_start_date(self) -> dt.date | None:
        return _future_or_today(self.cleaned_data.get("proposed_start_date"))
