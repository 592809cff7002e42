from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from dsfr.utils import dsfr_input_class_attr

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import Qualification
from maillage.staffing.enums import WEEKDAY_LABELS, AbsenceKind, ContractType

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Diplomas a crèche counts in its staff (the childminder's agrément is not one of them).
STAFF_QUALIFICATIONS = [
    (value, label) for value, label in Qualification.choices if value != Qualification.AGREMENT_AM
]


class StaffPostsForm(MaillageForm):
    """One number of authorised posts (ETP) per diploma."""

    def __init__(
        self, *args: Any, current: dict[str, Decimal] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        for value, label in STAFF_QUALIFICATIONS:
            self.fields[f"post_{value}"] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=500,
                decimal_places=2,
                initial=current.get(value, Decimal(0)),
                help_text="En équivalents temps plein (ETP), par exemple 2,5.",
                localize=True,
            )
            dsfr_input_class_attr(self[f"post_{value}"])

    def posts(self) -> dict[str, Decimal]:
        return {value: self.cleaned_data[f"post_{value}"] for value, _ in STAFF_QUALIFICATIONS}


class StaffMemberForm(MaillageForm):
    qualification = forms.ChoiceField(
        label="Diplôme", choices=[("", "— Choisir —"), *STAFF_QUALIFICATIONS]
    )
    weekly_hours = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=48, decimal_places=1, localize=True
    )
    days = forms.MultipleChoiceField(
        label="Jours travaillés",
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_LABELS)],
        widget=forms.CheckboxSelectMultiple,
        initial=["0", "1", "2", "3", "4"],
    )
    contract_type = forms.ChoiceField(
        label="Contrat", choices=[("", "— Choisir —"), *ContractType.choices]
    )
    start_date = forms.DateField(label="En poste depuis le", widget=DATE_WIDGET)
    end_date = forms.DateField(
        label="Fin de contrat prévue le",
        widget=DATE_WIDGET,
        required=False,
        help_text="Laissez vide pour un contrat sans fin prévue.",
    )
    label = forms.CharField(
        label="Repère interne (facultatif)",
        max_length=20,
        required=False,
        help_text="Par exemple « AP 1 ». N'indiquez pas de nom.",
    )

    def working_days(self) -> str:
        chosen = set(self.cleaned_data.get("days") or [])
        return "".join("1" if str(i) in chosen else "0" for i in range(7))


class StaffAbsenceForm(MaillageForm):
    member = forms.ModelChoiceField(
        label="Professionnel absent", queryset=None, empty_label="— Choisir —"
    )
    start_date = forms.DateField(label="Du", widget=DATE_WIDGET)
    end_date = forms.DateField(label="Au (inclus)", widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label="Motif",
        choices=[("", "— Choisir —"), *AbsenceKind.choices],
        help_text="Une catégorie seulement : n'écrivez aucun détail de santé.",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.label + ' — ' if m.label else ''}{m.get_qualification_display()}, {m.weekly_hours} h"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin de l'absence ne peut pas précéder son début.")
        return data


class StaffEndForm(MaillageForm):
    end_date = forms.DateField(
        label="Dernier jour en poste", widget=DATE_WIDGET, initial=dt.date.today
    )


class StaffImportForm(MaillageForm):
    file = forms.FileField(
        label="Fichier CSV du personnel",
        help_text="Séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252. Voir le modèle.",
    )


class OccupancyForm(MaillageForm):
    month = forms.DateField(
        label="Mois",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    hours_offered = forms.IntegerField(
        label="Heures offertes",
        min_value=1,
        help_text="Places ouvertes × heures d'ouverture du mois.",
    )
    hours_billed = forms.IntegerField(label="Heures facturées aux familles", min_value=0)
