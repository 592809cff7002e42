"""Counsellors' forms: orientation, stages, drop-out, agrément, trainings, meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import DropOutReason, Funding, MeetingKind, TrainingKind
from maillage.jobs.forms.fields import (
    HALF_HOURS,
    QUALIFICATIONS,
    check_dates,
    commune_field,
    date_field,
)
from maillage.jobs.models import PathTemplate, TrainingOffer
from maillage.jobs.querysets import path_offered_in, paths_offered_in
from maillage.jobs.services.paths import AGREMENT_MAX_CAPACITY


def _check_path_offered(form: forms.Form, data: dict[str, Any]) -> None:
    """A training or a meeting is attached only to a path offered in its commune's
    département."""
    template, commune = data.get("path_template"), data.get("commune")
    if (
        template is not None
        and commune is not None
        and not path_offered_in(template, commune.departement_id)
    ):
        form.add_error(
            "path_template",
            f"Le parcours « {template.name} » n'est pas proposé dans le département "
            f"{commune.departement_id} : son administrateur(rice) de territoire peut l'activer.",
        )


class OrientForm(MaillageForm):
    template = forms.ModelChoiceField(
        label="Parcours",
        queryset=PathTemplate.objects.filter(is_active=True),
        required=False,
        help_text="Facultatif si la formation choisie est rattachée à un parcours.",
    )
    training = forms.ModelChoiceField(
        label="Formation", queryset=TrainingOffer.objects.none(), required=False
    )

    def __init__(self, *args: Any, departement_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the paths that exist in the candidate's département (or that it enabled).
        self.fields["template"].queryset = paths_offered_in(departement_code)
        self.fields["training"].queryset = TrainingOffer.objects.filter(
            end_date__gte=timezone.localdate()
        ).select_related("commune")
        self.fields["training"].label_from_instance = lambda t: (
            f"{t.title} — {t.organisation}, {t.commune.name}, dès le {t.start_date:%d/%m/%Y}"
            f" ({'complète' if t.is_full else f'{t.seats_left} place(s) restante(s)'})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("template") and not data.get("training"):
            raise forms.ValidationError("Choisissez un parcours ou une formation.")
        return data


class StageAdvanceForm(MaillageForm):
    on = date_field("Date de fin de l'étape en cours")
    outcome = forms.CharField(
        label="Résultat de l'étape",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Par exemple : immersion validée, attestation de formation obtenue.",
    )

    def clean_on(self) -> dt.date:
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date de fin d'étape ne peut pas être dans le futur.")
        return day


class DropOutForm(MaillageForm):
    reason = forms.ChoiceField(label="Motif", choices=DropOutReason.choices)
    detail = forms.CharField(
        label="Précisions",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Obligatoire pour le motif « Autre ».",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reason") == DropOutReason.OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", "Précisez le motif de l'abandon.")
        return data


class AgrementForm(MaillageForm):
    capacity = forms.IntegerField(
        label="Nombre d'enfants accueillis simultanément (agrément)",
        min_value=1,
        max_value=AGREMENT_MAX_CAPACITY,
        error_messages={
            "min_value": "L'agrément compte au moins 1 enfant.",
            "max_value": f"L'agrément compte au plus {AGREMENT_MAX_CAPACITY} enfants.",
        },
    )
    agrement_number = forms.CharField(label="Numéro d'agrément", max_length=50, required=False)
    on = date_field("Agrément accordé le")
    valid_until = date_field(
        "Valable jusqu'au", required=False, help_text="Vide : 5 ans après la date d'accord."
    )
    min_age_months = forms.IntegerField(label="Âge minimum (mois)", min_value=0, initial=0)
    max_age_months = forms.IntegerField(label="Âge maximum (mois)", min_value=1, initial=72)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("min_age_months"), data.get("max_age_months")
        if low is not None and high is not None and low > high:
            self.add_error("max_age_months", "L'âge maximum doit dépasser l'âge minimum.")
        check_dates(
            self, "on", "valid_until", "L'agrément ne peut pas expirer avant d'être accordé."
        )
        return data


class NeedLinkForm(MaillageForm):
    need = forms.ModelChoiceField(label="Besoin d'accueil de son enfant", queryset=None)

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["need"].label_from_instance = lambda n: (
            f"Besoin n° {n.pk} — {n.commune.name}, dès le {n.start_date:%d/%m/%Y} "
            f"({n.get_status_display()})"
        )


class TrainingOfferForm(MaillageForm):
    organisation = forms.CharField(label="Organisme", max_length=200)
    title = forms.CharField(label="Intitulé", max_length=250, required=False)
    kind = forms.ChoiceField(
        label="Type de formation",
        choices=TrainingKind.choices,
        initial=TrainingKind.QUALIFYING,
        required=False,
    )
    qualification = forms.ChoiceField(
        label="Diplôme préparé",
        choices=QUALIFICATIONS,
        help_text="Pour une formation continue : le diplôme des professionnel·les visé·es.",
    )
    prerequisite_qualification = forms.ChoiceField(
        label="Diplôme requis pour entrer",
        choices=[("", "Aucun"), *QUALIFICATIONS],
        required=False,
        help_text="Une VAE d'auxiliaire de puériculture part du CAP AEPE, par exemple.",
    )
    commune = commune_field("Commune")
    start_date = date_field("Début")
    end_date = date_field("Fin")
    hours_per_week = forms.IntegerField(
        label="Heures par semaine",
        min_value=1,
        max_value=48,
        error_messages={
            "min_value": "Le nombre d'heures par semaine doit être compris entre 1 et 48.",
            "max_value": "Le nombre d'heures par semaine doit être compris entre 1 et 48.",
        },
    )
    seats = forms.IntegerField(
        label="Places",
        min_value=1,
        error_messages={"min_value": "Le nombre de places doit être d'au moins 1."},
    )
    prerequisites = forms.CharField(label="Prérequis", widget=forms.Textarea, required=False)
    funding = forms.ChoiceField(label="Financement", choices=Funding.choices)
    path_template = forms.ModelChoiceField(
        label="Parcours de rattachement",
        queryset=PathTemplate.objects.filter(is_active=True),
        required=False,
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or TrainingKind.QUALIFYING

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_path_offered(self, data)
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                f"La formation ne peut pas se terminer ({end:%d/%m/%Y}) "
                f"avant de commencer ({start:%d/%m/%Y}).",
            )
        return data


class TrainingImportForm(MaillageForm):
    csv_file = forms.FileField(label="Fichier CSV des formations")
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)


class InfoMeetingForm(MaillageForm):
    kind = forms.ChoiceField(label="Type", choices=MeetingKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200)
    organiser = forms.CharField(
        label="Organisateur", max_length=200, help_text="France Travail, RPE, PMI…"
    )
    commune = commune_field("Commune")
    address = forms.CharField(label="Adresse", max_length=250, required=False)
    day = date_field("Date")
    time = forms.ChoiceField(label="Heure", choices=HALF_HOURS, initial="14:00")
    duration_hours = forms.DecimalField(
        label="Durée (heures)", min_value=0.5, max_value=12, decimal_places=1, initial=2
    )
    seats = forms.IntegerField(label="Places", min_value=1, max_value=500, initial=20)
    online = forms.BooleanField(label="À distance", required=False)
    path_template = forms.ModelChoiceField(
        label="Parcours concerné",
        queryset=PathTemplate.objects.filter(is_active=True),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_path_offered(self, data)
        if data.get("day") and data.get("time"):
            hours, minutes = (int(p) for p in data["time"].split(":"))
            starts_at = timezone.make_aware(
                dt.datetime.combine(data["day"], dt.time(hours, minutes))
            )
            if starts_at < timezone.now():
                self.add_error("day", "La réunion doit avoir lieu dans le futur.")
            data["starts_at"] = starts_at
        return data
