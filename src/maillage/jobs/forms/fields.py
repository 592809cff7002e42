"""Shared fields and choices of the jobs forms."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.core.schedule import DAY_NAMES_FR, week_from_ranges
from maillage.jobs.enums import Qualification

HALF_HOURS = [(f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(24) for m in (0, 30)]
HALF_HOURS_END = [*HALF_HOURS[1:], ("24:00", "24:00")]
DAYS = [(str(i), name.capitalize()) for i, name in enumerate(DAY_NAMES_FR)]
QUALIFICATIONS = [(q.value, q.label) for q in Qualification if q != Qualification.NONE]
ISO_DATE = "%Y-%m-%d"


def date_widget() -> forms.DateInput:
    """``<input type=date>`` only understands ISO values: never the localised dd/mm/yyyy."""
    return forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_widget(), **kwargs)


def commune_field(label: str = "Commune", **kwargs: Any) -> Any:
    """The commune autocomplete families already have (name or postcode in, Commune out)."""
    from maillage.territory.forms import CommuneField

    return CommuneField(label=label, **kwargs)


def week_of(data: dict[str, Any], days: str = "days") -> str:
    """The weekly schedule from ticked days and one daily range."""
    return week_from_ranges(
        {int(d): [(data["start_time"], data["end_time"])] for d in data.get(days) or []}
    )


def check_dates(form: forms.Form, start: str, end: str, message: str) -> None:
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, message)


class EmployerChoiceField(forms.ChoiceField):
    """A crèche or a MAM, as "nursery-<pk>" / "mam-<pk>" keys (two models in one list)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employers: dict[str, Any] = {}

    def set_employers(self, nurseries: Any, mams: Any) -> None:
        self.employers = {f"nursery-{n.pk}": n for n in nurseries}
        self.employers.update({f"mam-{m.pk}": m for m in mams})
        self.choices = [
            (key, f"{'MAM' if key.startswith('mam') else 'Crèche'} — {obj}")
            for key, obj in self.employers.items()
        ]

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        return self.employers[key]
