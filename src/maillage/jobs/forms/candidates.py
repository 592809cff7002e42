"""The candidate's profile form."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import Transport
from maillage.jobs.forms.fields import (
    DAYS,
    HALF_HOURS,
    HALF_HOURS_END,
    QUALIFICATIONS,
    commune_field,
    date_widget,
    week_of,
)
from maillage.jobs.models import RomeJob


class CandidateProfileForm(MaillageForm):
    commune = commune_field("Ma commune")
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
        widget=date_widget(),
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
        return week_of(self.cleaned_data)
