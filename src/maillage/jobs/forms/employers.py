"""Employers' forms: job offers and immersions (crèches and MAM), substitute requests."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.core.schedule import EMPTY_WEEK
from maillage.jobs.enums import ContractType, Qualification, RatioModeChoice
from maillage.jobs.errors import JobsError
from maillage.jobs.forms.fields import (
    DAYS,
    HALF_HOURS,
    HALF_HOURS_END,
    EmployerChoiceField,
    check_dates,
    date_field,
    week_of,
)

# A code of the shipped ROME catalogue (data/territory/rome4_metiers_petite_enfance.csv.gz).
ROME_EXAMPLE = "J1304"

STAFF_FIELDS = {
    Qualification.CAP_AEPE: "staff_cap_aepe",
    Qualification.AUXILIAIRE_PUERICULTURE: "staff_auxiliaire",
    Qualification.EJE: "staff_eje",
    Qualification.INFIRMIER_PUERICULTEUR: "staff_infirmier",
    Qualification.NONE: "staff_none",
}


class _EmployerForm(MaillageForm):
    employer = EmployerChoiceField(label="Employeur (crèche ou MAM)")

    def __init__(self, *args: Any, nurseries: Any, mams: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].set_employers(nurseries, mams)


class JobOfferForm(_EmployerForm):
    rome_code = forms.CharField(
        label="Code ROME",
        max_length=5,
        help_text=f"Un métier du catalogue, par exemple {ROME_EXAMPLE} (auxiliaire de puériculture).",
    )
    title = forms.CharField(label="Intitulé", max_length=200, required=False)
    required_qualification = forms.ChoiceField(
        label="Diplôme demandé", choices=Qualification.choices
    )
    contract_type = forms.ChoiceField(label="Contrat", choices=ContractType.choices)
    hours_per_week = forms.IntegerField(label="Heures par semaine", min_value=1, max_value=48)
    start_date = date_field("Prise de poste")
    days = forms.MultipleChoiceField(
        label="Jours travaillés",
        choices=DAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_time = forms.ChoiceField(label="De", choices=HALF_HOURS, initial="08:00", required=False)
    end_time = forms.ChoiceField(label="À", choices=HALF_HOURS_END, initial="18:00", required=False)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)

    def clean_rome_code(self) -> str:
        from maillage.jobs.services.catalogue import rome_get

        try:
            return rome_get(self.cleaned_data["rome_code"]).code
        except JobsError as exc:
            raise forms.ValidationError(
                f"{exc.messages[0]} Consultez la liste des métiers de la petite enfance "
                f"(par exemple {ROME_EXAMPLE} : auxiliaire de puériculture, K1303 : garde d'enfant)."
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("days"):
            if not data.get("start_time") or not data.get("end_time"):
                self.add_error("start_time", "Indiquez les heures de travail des jours cochés.")
            elif data["end_time"] <= data["start_time"]:
                self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        return data

    def schedule(self) -> str:
        if not self.cleaned_data.get("days"):
            return EMPTY_WEEK
        return week_of(self.cleaned_data)


class ImmersionOfferForm(_EmployerForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    start_date = date_field("À partir du")
    end_date = date_field("Jusqu'au")
    days = forms.IntegerField(label="Nombre de jours d'immersion", min_value=1, max_value=30)
    seats = forms.IntegerField(label="Places", min_value=1, max_value=20, initial=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_dates(
            self,
            "start_date",
            "end_date",
            "L'immersion ne peut pas se terminer avant de commencer.",
        )
        return data


class SubstituteRequestForm(MaillageForm):
    nursery = forms.ModelChoiceField(label="Crèche", queryset=None)
    age_group = forms.ModelChoiceField(
        label="Section",
        queryset=None,
        required=False,
        help_text="La section (bébés, moyens, grands…) dont il faut rétablir le taux.",
    )
    start_date = date_field("Du")
    end_date = date_field("Au")
    start_time = forms.ChoiceField(label="De", choices=HALF_HOURS, initial="08:00")
    end_time = forms.ChoiceField(label="À", choices=HALF_HOURS_END, initial="18:00")
    include_weekends = forms.BooleanField(label="Y compris le week-end", required=False)
    children_not_walking = forms.IntegerField(
        label="Enfants attendus qui ne marchent pas", min_value=0
    )
    children_walking = forms.IntegerField(label="Enfants attendus qui marchent", min_value=0)
    staff_cap_aepe = forms.IntegerField(label="Présents : CAP AEPE", min_value=0, initial=0)
    staff_auxiliaire = forms.IntegerField(
        label="Présents : auxiliaires de puériculture", min_value=0, initial=0
    )
    staff_eje = forms.IntegerField(label="Présents : EJE", min_value=0, initial=0)
    staff_infirmier = forms.IntegerField(
        label="Présents : infirmier(ère)s puériculteur(rice)s", min_value=0, initial=0
    )
    staff_none = forms.IntegerField(
        label="Présents : autres professionnels", min_value=0, initial=0
    )
    ratio_mode = forms.ChoiceField(
        label="Taux d'encadrement appliqué",
        choices=RatioModeChoice.choices,
        initial=RatioModeChoice.BY_WALKING,
        required=False,
    )
    children_per_staff = forms.IntegerField(
        label="Enfants par professionnel (taux moyen)",
        required=False,
        help_text="Seulement pour le taux moyen ; vide = 6 enfants par professionnel.",
    )
    note = forms.CharField(label="Précisions", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, nurseries: Any, **kwargs: Any) -> None:
        from maillage.childcare.models import NurseryAgeGroup

        super().__init__(*args, **kwargs)
        self.fields["nursery"].queryset = nurseries
        groups = NurseryAgeGroup.objects.filter(nursery__in=nurseries).select_related("nursery")
        self.fields["age_group"].queryset = groups
        self.fields["age_group"].label_from_instance = lambda g: (
            f"{g.nursery.name} — {g.get_kind_display()}"
        )

    def clean(self) -> dict[str, Any]:
        from maillage.jobs.services.substitute_requests import staffing_policy

        data = super().clean()
        data["ratio_mode"] = data.get("ratio_mode") or RatioModeChoice.BY_WALKING
        check_dates(
            self,
            "start_date",
            "end_date",
            "La date de fin du remplacement précède la date de début.",
        )
        if (
            data.get("end_time")
            and data.get("start_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        group, nursery = data.get("age_group"), data.get("nursery")
        if group and nursery and group.nursery_id != nursery.pk:
            self.add_error("age_group", "Cette section n'appartient pas à cette crèche.")
        if data.get("children_not_walking") == 0 and data.get("children_walking") == 0:
            self.add_error(
                "children_walking",
                "Indiquez au moins un enfant attendu : sans enfant, il n'y a pas de taux "
                "d'encadrement à calculer.",
            )
        try:
            staffing_policy(
                ratio_mode=data["ratio_mode"], children_per_staff=data.get("children_per_staff")
            )
        except JobsError as exc:
            self.add_error("children_per_staff", exc.messages[0])
        return data

    def staff_present(self) -> dict[str, int]:
        return {q: self.cleaned_data.get(name) or 0 for q, name in STAFF_FIELDS.items()}
