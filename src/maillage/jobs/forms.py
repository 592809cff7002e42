"""Forms of the jobs app (DSFR)."""

from __future__ import annotations

from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.core.schedule import DAY_NAMES_FR, week_from_ranges
from maillage.jobs.enums import ContractType, DropOutReason, Funding, Qualification, Transport
from maillage.jobs.models import RomeJob

HALF_HOURS = [(f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}") for h in range(24) for m in (0, 30)]
HALF_HOURS_END = [*HALF_HOURS[1:], ("24:00", "24:00")]
DAYS = [(str(i), name.capitalize()) for i, name in enumerate(DAY_NAMES_FR)]
QUALIFICATIONS = [(q.value, q.label) for q in Qualification if q != Qualification.NONE]
STAFF_FIELDS = {
    Qualification.CAP_AEPE: "staff_cap_aepe",
    Qualification.AUXILIAIRE_PUERICULTURE: "staff_auxiliaire",
    Qualification.EJE: "staff_eje",
    Qualification.INFIRMIER_PUERICULTEUR: "staff_infirmier",
    Qualification.NONE: "staff_none",
}


class CommuneCodeField(forms.CharField):
    def clean(self, value: Any) -> Any:
        from maillage.territory.models import Commune

        code = super().clean(value).strip()
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise forms.ValidationError(f"Commune inconnue : « {code} » (code INSEE attendu).")
        return commune


class CandidateProfileForm(DsfrBaseForm):
    commune = CommuneCodeField(label="Ma commune (code INSEE)", max_length=5)
    max_distance_km = forms.IntegerField(
        label="Distance maximale (km)", min_value=1, max_value=200, initial=15
    )
    transport = forms.ChoiceField(label="Moyen de transport", choices=Transport.choices)
    days = forms.MultipleChoiceField(
        label="Jours où je peux travailler",
        choices=DAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_time = forms.ChoiceField(label="À partir de", choices=HALF_HOURS, initial="08:00")
    end_time = forms.ChoiceField(label="Jusqu'à", choices=HALF_HOURS_END, initial="18:00")
    accepts_atypical_hours = forms.BooleanField(
        label="J'accepte les horaires atypiques (avant 7 h, après 19 h, week-end)", required=False
    )
    available_from = forms.DateField(
        label="Disponible à partir du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    qualifications = forms.MultipleChoiceField(
        label="Diplômes obtenus",
        choices=QUALIFICATIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    experience_years = forms.IntegerField(
        label="Années d'expérience auprès d'enfants", min_value=0, max_value=60, initial=0
    )
    desired_jobs = forms.ModelMultipleChoiceField(
        label="Métiers recherchés",
        queryset=RomeJob.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    substitute_pool_consent = forms.BooleanField(
        label="J'accepte de faire partie du vivier de remplaçants des crèches", required=False
    )
    visible_to_employers = forms.BooleanField(
        label="Les employeurs peuvent voir mon profil (sans mes coordonnées)", required=False
    )
    needs_childcare = forms.BooleanField(
        label="J'ai besoin d'un mode d'accueil pour mon enfant pour travailler ou me former",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
        return data

    def availability(self) -> str:
        data = self.cleaned_data
        return week_from_ranges(
            {int(d): [(data["start_time"], data["end_time"])] for d in data.get("days", [])}
        )


class JobOfferForm(DsfrBaseForm):
    employer = forms.ModelChoiceField(label="Crèche", queryset=None)
    rome_code = forms.CharField(label="Code ROME (ex. J1304)", max_length=5)
    title = forms.CharField(label="Intitulé", max_length=200, required=False)
    required_qualification = forms.ChoiceField(
        label="Diplôme demandé", choices=Qualification.choices
    )
    contract_type = forms.ChoiceField(label="Contrat", choices=ContractType.choices)
    hours_per_week = forms.IntegerField(label="Heures par semaine", min_value=1, max_value=48)
    start_date = forms.DateField(
        label="Prise de poste", widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, nurseries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = nurseries


class SubstituteRequestForm(DsfrBaseForm):
    nursery = forms.ModelChoiceField(label="Crèche", queryset=None)
    start_date = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}))
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
    note = forms.CharField(label="Précisions", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, nurseries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nursery"].queryset = nurseries

    def staff_present(self) -> dict[str, int]:
        return {q: self.cleaned_data.get(name) or 0 for q, name in STAFF_FIELDS.items()}


class DropOutForm(DsfrBaseForm):
    reason = forms.ChoiceField(label="Motif", choices=DropOutReason.choices)
    detail = forms.CharField(label="Précisions", widget=forms.Textarea, required=False)


class TrainingOfferForm(DsfrBaseForm):
    organisation = forms.CharField(label="Organisme", max_length=200)
    title = forms.CharField(label="Intitulé", max_length=250, required=False)
    qualification = forms.ChoiceField(label="Diplôme préparé", choices=QUALIFICATIONS)
    commune = CommuneCodeField(label="Commune (code INSEE)", max_length=5)
    start_date = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="Fin", widget=forms.DateInput(attrs={"type": "date"}))
    hours_per_week = forms.IntegerField(label="Heures par semaine")
    seats = forms.IntegerField(label="Places")
    prerequisites = forms.CharField(label="Prérequis", widget=forms.Textarea, required=False)
    funding = forms.ChoiceField(label="Financement", choices=Funding.choices)


class TrainingImportForm(DsfrBaseForm):
    csv_file = forms.FileField(label="Fichier CSV des formations")
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)
