"""The public search form (no account): territory, distance, qualification, contract, dates."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import ContractType
from maillage.jobs.forms.fields import QUALIFICATIONS, check_dates, commune_field, date_field

KINDS = [
    ("", "Tout"),
    ("offres", "Offres d'emploi"),
    ("formations", "Formations"),
    ("formations-continues", "Formations continues et VAE (en poste)"),
    ("immersions", "Immersions (PMSMP)"),
    ("evenements", "Réunions et événements"),
]


class PublicSearchForm(MaillageForm):
    departement = forms.ModelChoiceField(
        label="Département", queryset=None, required=False, to_field_name="code"
    )
    commune = commune_field("Autour de la commune", required=False)
    distance_km = forms.IntegerField(
        label="Distance maximale (km)", min_value=1, max_value=100, initial=15, required=False
    )
    kind = forms.ChoiceField(label="Type", choices=KINDS, required=False)
    qualification = forms.ChoiceField(
        label="Diplôme", choices=[("", "Tous"), *QUALIFICATIONS], required=False
    )
    contract = forms.ChoiceField(
        label="Contrat", choices=[("", "Tous"), *ContractType.choices], required=False
    )
    date_from = date_field("À partir du", required=False)
    date_to = date_field("Jusqu'au", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from maillage.territory.models import Departement

        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = Departement.objects.order_by("code")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_dates(self, "date_from", "date_to", "La date de fin doit suivre la date de début.")
        return data
