"""The public search form (GET, no account): commune or postcode, the child's age or birth
date, the days and hours (the same every day, or day by day), a distance, the modes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from maillage import matching as engine
from maillage.accounts.forms import MaillageForm
from maillage.core.schedule import DAY_NAMES_FR, DAYS, EMPTY_WEEK, week_from_ranges
from maillage.core.schedule_picker import END_CHOICES, START_CHOICES, SchedulePickerMixin
from maillage.families.forms import DATE_WIDGET, MODE_CHOICES
from maillage.families.public_search import (
    SearchCriteria,
    birth_date_for_age,
    commune_for_term,
)

DISTANCE_CHOICES = [(v, f"{v} km") for v in ("1", "2", "3", "5", "10", "15", "20", "30")]
# A one-click relaxation may ask for another distance (« Jusqu'à 8 km »): any half kilometre
# up to the engine's search limit is accepted, and added to the select's choices.
MAX_DISTANCE_KM = Decimal(str(engine.Policy().max_candidates_km))
MAX_START_DAYS = 2 * 365
DAY_CHOICES = [(str(d), DAY_NAMES_FR[d].capitalize()) for d in range(DAYS)]


class FastSelect(forms.Select):
    """A `<select>` written directly (no template per option): the search page is rendered
    for every anonymous search and its time selects have 49 options each."""

    _options_cache: dict[tuple[Any, ...], str] = {}  # noqa: RUF012 - a few fixed lists

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "fr-select", **(attrs or {})}, choices)

    def _options_html(self) -> str:
        """The escaped options, written once per list of choices."""
        choices = tuple(tuple(c) for c in self.choices)
        html = self._options_cache.get(choices)
        if html is None:
            html = str(format_html_join("", '<option value="{}">{}</option>', choices))
            self._options_cache[choices] = html
        return html

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value[0] if isinstance(value, list) else value)
        options = self._options_html()
        marker = str(format_html('<option value="{}">', chosen))
        options = options.replace(marker, marker[:-1] + " selected>", 1)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final), mark_safe(options)
        )


class DetailScheduleForm(SchedulePickerMixin, MaillageForm):
    """The day-by-day hours (28 selects), bound only when the visitor used them."""

    schedule_prefix = "hours"
    schedule_legend = "Ou bien des horaires différents selon les jours"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_schedule_fields(None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["schedule"] = self.clean_schedule(required=False)
        return cleaned

    @staticmethod
    def used_in(data: Any) -> bool:
        return data is not None and any(k.startswith("hours_d") and v for k, v in data.items())


def relaxed_distance(value: Any) -> tuple[str, str] | None:
    """The choice for a distance outside the list (from a relaxation's link), when it is a
    whole or half kilometre between 1 km and the engine's limit; None otherwise."""
    if not isinstance(value, str) or value in dict(DISTANCE_CHOICES):
        return None
    try:
        km = Decimal(value)
    except ArithmeticError:
        return None
    if not km.is_finite() or not 1 <= km <= MAX_DISTANCE_KM or (km * 2) % 1:
        return None
    if value != f"{km.normalize():f}":
        return None  # one spelling per distance: "8", "7.5"
    return value, f"{value.replace('.', ',')} km"


class SharedChoiceField(forms.ChoiceField):
    """Fixed choices shared by every form instance instead of deep-copied: the search form is
    built at every anonymous search (its time selects have 49 choices each). A form that
    changes its choices assigns a new list (`PublicSearchForm.__init__`), never mutates it."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedChoiceField:
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices  # type: ignore[attr-defined]
        return result  # type: ignore[return-value]


class SharedMultipleChoiceField(forms.MultipleChoiceField):
    """`SharedChoiceField` for checkboxes."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedMultipleChoiceField:
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices  # type: ignore[attr-defined]
        return result  # type: ignore[return-value]


class PublicSearchForm(forms.Form):
    """Not a `MaillageForm`: its fields are written by `families.public_form` (the DSFR
    markup), so the DSFR form's per-field set-up at every search would be wasted."""

    commune = forms.CharField(
        label="Commune ou code postal",
        max_length=120,
        help_text="Par exemple : Montreuil ou 93100",
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={"required": "Indiquez une commune ou un code postal."},
    )
    age = forms.IntegerField(
        label="Âge de l'enfant (en mois)",
        required=False,
        min_value=0,
        max_value=72,
        help_text="0 pour un bébé à naître ; ou bien sa date de naissance ci-dessous.",
        error_messages={
            "min_value": "L'âge ne peut pas être négatif.",
            "max_value": "Les modes d'accueil du jeune enfant accueillent les moins de 6 ans.",
            "invalid": "Indiquez un nombre de mois, par exemple 10.",
        },
    )
    naissance = forms.DateField(
        label="Date de naissance (ou prévue)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Saisissez une date valide, par exemple 14/03/2026."},
    )
    jours = SharedMultipleChoiceField(
        label="Jours d'accueil",
        choices=DAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=["0", "1", "2", "3", "4"],
    )
    debut_heure = SharedChoiceField(
        label="Arrivée (mêmes horaires tous les jours)",
        choices=START_CHOICES,
        required=False,
        initial="08:30",
        widget=FastSelect,
    )
    fin_heure = SharedChoiceField(
        label="Départ", choices=END_CHOICES, required=False, initial="17:30", widget=FastSelect
    )
    distance = SharedChoiceField(
        label="Distance maximale", choices=DISTANCE_CHOICES, initial="5", widget=FastSelect
    )
    debut = forms.DateField(
        label="À partir du (facultatif)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Saisissez une date valide, par exemple 05/01/2027."},
    )
    modes = SharedMultipleChoiceField(
        label="Modes d'accueil",
        choices=MODE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[value for value, _ in MODE_CHOICES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail = (
            DetailScheduleForm(self.data) if DetailScheduleForm.used_in(self.data) else None
        )
        extra = relaxed_distance(self.data.get("distance") if self.is_bound else None)
        if extra is not None:
            field = self.fields["distance"]
            field.choices = sorted(  # type: ignore[attr-defined]
                [*DISTANCE_CHOICES, extra], key=lambda choice: Decimal(choice[0])
            )

    def clean_commune(self) -> Any:
        commune = commune_for_term(self.cleaned_data["commune"])
        if commune is None or commune.latitude is None:
            raise forms.ValidationError(
                "Commune inconnue : vérifiez l'orthographe ou indiquez le code postal."
            )
        return commune

    def clean_debut(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("debut")
        today = timezone.localdate()
        if value and value < today:
            raise forms.ValidationError("La date de début ne peut pas être dans le passé.")
        if value and value > today + dt.timedelta(days=MAX_START_DAYS):
            raise forms.ValidationError("La date de début doit être dans les deux ans.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        birth = cleaned.get("naissance")
        if birth is not None:
            if birth > today + dt.timedelta(days=280):
                self.add_error("naissance", "La date prévue est dans plus de 9 mois.")
            elif birth < today - dt.timedelta(days=6 * 365):
                self.add_error("naissance", "Les modes d'accueil accueillent les moins de 6 ans.")
        elif cleaned.get("age") is not None:
            cleaned["naissance"] = birth_date_for_age(cleaned["age"], today)
        elif "age" not in self.errors and "naissance" not in self.errors:
            self.add_error("age", "Indiquez l'âge de l'enfant ou sa date de naissance.")
        if self.detail is not None:
            if self.detail.is_valid():
                cleaned["schedule"] = self.detail.cleaned_data["schedule"]
            else:
                self.add_error(None, "Corrigez les horaires jour par jour.")
        else:
            cleaned["schedule"] = self._same_hours_every_day(cleaned)
        if not cleaned.get("modes"):
            cleaned["modes"] = [value for value, _ in MODE_CHOICES]
        return cleaned

    def _same_hours_every_day(self, cleaned: dict[str, Any]) -> str:
        days = [int(d) for d in cleaned.get("jours") or []]
        start, end = cleaned.get("debut_heure") or "", cleaned.get("fin_heure") or ""
        if not days:
            self.add_error(
                "jours", "Cochez au moins un jour (ou indiquez les horaires jour par jour)."
            )
            return EMPTY_WEEK
        if not start or not end:
            self.add_error("debut_heure", "Indiquez l'heure d'arrivée et l'heure de départ.")
            return EMPTY_WEEK
        if end != "24:00" and end <= start:
            self.add_error("fin_heure", "L'heure de départ doit être après l'heure d'arrivée.")
            return EMPTY_WEEK
        return week_from_ranges({d: [(start, end)] for d in days})

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            commune=data["commune"],
            birth_date=data["naissance"],
            schedule=data["schedule"],
            max_km=Decimal(data["distance"]),
            start=data.get("debut") or timezone.localdate(),
            modes=tuple(data["modes"]),
        )
