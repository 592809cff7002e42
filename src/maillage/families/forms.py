"""The steps of the need form (parent or counsellor), the results filters, the requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.forms import MaillageForm
from maillage.core.schedule_picker import SchedulePickerMixin
from maillage.families.enums import NeedStatus, SituationFlag
from maillage.families.geocoding import get_geocoder
from maillage.territory.forms import CommuneField

MAX_DISTANCE_KM = Decimal("50")
MODE_CHOICES = [
    ("accepts_childminder", "Assistant(e) maternel(le) à son domicile"),
    ("accepts_mam", "Maison d'assistants maternels (MAM)"),
    ("accepts_nursery", "Crèche"),
]
FAMILY_SITUATIONS = [
    SituationFlag.JOB_SEEKER,
    SituationFlag.IN_TRAINING,
    SituationFlag.EMPLOYED,
    SituationFlag.SINGLE_PARENT,
    SituationFlag.SOCIAL_MINIMA,
    SituationFlag.CHILD_DISABILITY,
    SituationFlag.SIBLING_PLACED,
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChildStepForm(MaillageForm):
    title = "Votre enfant"
    child_first_name = forms.CharField(
        label="Prénom de l'enfant (facultatif)",
        max_length=60,
        required=False,
        help_text="Il n'est jamais transmis dans les e-mails.",
    )
    child_birth_date = forms.DateField(
        label="Date de naissance, ou date prévue de naissance",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Indiquez la date de naissance de l'enfant (ou la date prévue).",
            "invalid": "Saisissez une date valide, par exemple 14/03/2026.",
        },
    )

    def clean_child_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["child_birth_date"]
        today = timezone.localdate()
        if value > today + dt.timedelta(days=280):
            raise forms.ValidationError(
                "La date prévue de naissance est dans plus de 9 mois : vérifiez la date."
            )
        if value < today - dt.timedelta(days=6 * 365):
            raise forms.ValidationError(
                "Les modes d'accueil du jeune enfant accueillent les enfants de moins de 6 ans."
            )
        return value


class ScheduleStepForm(SchedulePickerMixin, MaillageForm):
    title = "Les horaires d'accueil"
    schedule_prefix = "hours"
    schedule_legend = "Horaires d'accueil souhaités, jour par jour"

    def __init__(self, *args: Any, initial_bits: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_schedule_fields(initial_bits)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["schedule"] = self.clean_schedule()
        return cleaned


class PlaceStepForm(MaillageForm):
    title = "Où et à partir de quand"
    address = forms.CharField(
        label="Adresse (facultatif)",
        max_length=250,
        required=False,
        help_text="Elle sert seulement à trouver votre commune ; elle n'est pas conservée.",
    )
    commune = CommuneField(
        label="Commune",
        required=True,
        error_messages={"required": "Indiquez votre commune (nom ou code postal)."},
    )
    max_distance_km = forms.DecimalField(
        label="Distance maximale (km)",
        min_value=Decimal("0.5"),
        max_value=MAX_DISTANCE_KM,
        decimal_places=1,
        initial=Decimal("5"),
        error_messages={
            "required": "Indiquez une distance maximale.",
            "min_value": "La distance doit être d'au moins 0,5 km.",
            "max_value": "La distance ne peut pas dépasser 50 km.",
            "invalid": "Saisissez un nombre de kilomètres, par exemple 3 ou 2,5.",
        },
    )
    start_date = forms.DateField(
        label="Date de début souhaitée",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Indiquez la date de début souhaitée.",
            "invalid": "Saisissez une date valide, par exemple 05/01/2027.",
        },
    )
    modes = forms.MultipleChoiceField(
        label="Modes d'accueil acceptés",
        choices=MODE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[value for value, _ in MODE_CHOICES],
        error_messages={"required": "Choisissez au moins un mode d'accueil."},
    )

    def clean_max_distance_km(self) -> Decimal:
        value: Decimal = self.cleaned_data["max_distance_km"]
        if value <= 0:
            raise forms.ValidationError("La distance doit être supérieure à 0 km.")
        return value

    def clean_start_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["start_date"]
        if value < timezone.localdate():
            raise forms.ValidationError("La date de début ne peut pas être dans le passé.")
        if value > timezone.localdate() + dt.timedelta(days=2 * 365):
            raise forms.ValidationError("La date de début doit être dans les deux ans.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "commune" in cleaned:
            location = get_geocoder().locate(
                address=cleaned.get("address", ""), commune=cleaned["commune"]
            )
            if location is None:
                self.add_error("commune", "Commune inconnue : choisissez-la dans la liste.")
            else:
                cleaned["location"] = location
        return cleaned


class SituationStepForm(MaillageForm):
    title = "Votre situation"
    situations = forms.MultipleChoiceField(
        label="Votre situation (facultatif)",
        choices=[(f.value, f.label) for f in FAMILY_SITUATIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Elle aide les commissions à donner la priorité aux familles qui en ont "
        "le plus besoin.",
    )
    consent = forms.BooleanField(
        label="J'accepte que ces informations soient traitées pour rechercher un mode "
        "d'accueil et transmises aux modes d'accueil que je contacte.",
        error_messages={"required": "Votre accord est nécessaire pour lancer la recherche."},
    )


class CounsellorFamilyStepForm(MaillageForm):
    """Counsellor only, first step: how to reach the family, and its recorded consent."""

    title = "La famille"
    family_email = forms.EmailField(
        label="Adresse électronique de la famille", required=False, max_length=254
    )
    family_phone = forms.CharField(label="Téléphone de la famille", required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("family_email") and not cleaned.get("family_phone"):
            self.add_error(
                "family_email",
                "Indiquez au moins une adresse électronique ou un téléphone de la famille.",
            )
        return cleaned


class CounsellorSituationStepForm(SituationStepForm):
    consent = forms.BooleanField(
        label="La famille a donné son accord au traitement de ces informations.",
        error_messages={
            "required": "Cochez cette case seulement après avoir recueilli l'accord de la "
            "famille : il est nécessaire pour lancer la recherche."
        },
    )
    situations = forms.MultipleChoiceField(
        label="Situation de la famille",
        choices=[(f.value, f.label) for f in FAMILY_SITUATIONS]
        + [(SituationFlag.COUNSELLOR_REFERRAL.value, SituationFlag.COUNSELLOR_REFERRAL.label)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[SituationFlag.COUNSELLOR_REFERRAL.value],
    )


class SituationEditStepForm(SituationStepForm):
    """Editing an open need: the consent was given when it was opened, not asked again."""

    consent = None  # type: ignore[assignment]


class CounsellorSituationEditStepForm(CounsellorSituationStepForm):
    consent = None  # type: ignore[assignment]
    situations = forms.MultipleChoiceField(
        label="Situation de la famille",
        choices=CounsellorSituationStepForm.base_fields["situations"].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ResultsFilterForm(forms.Form):
    """GET filters of the results page (invalid values are ignored, never an error page)."""

    mode = forms.ChoiceField(
        label="Mode d'accueil",
        required=False,
        choices=[("", "Tous les modes acceptés")] + MODE_CHOICES,
    )
    distance = forms.DecimalField(
        label="Distance maximale (km)",
        required=False,
        min_value=Decimal("0.5"),
        max_value=MAX_DISTANCE_KM,
    )
    debut = forms.DateField(label="À partir du", required=False, widget=DATE_WIDGET)
    modes = forms.CharField(required=False, widget=forms.HiddenInput)


class CounsellorNeedFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + list(NeedStatus.choices)
    )
    commune = forms.CharField(label="Commune (nom ou code)", required=False, max_length=80)
