"""Onboarding forms (DSFR, French). Business rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from dsfr.utils import dsfr_input_class_attr

from maillage.accounts.forms import EMAIL_HINT, PASSWORD_HINT, MaillageForm
from maillage.childcare.enums import AgeGroupKind, NurseryKind
from maillage.childcare.siret import SIRET_FORMAT_MESSAGE, siret_error
from maillage.core.schedule_picker import SchedulePickerMixin
from maillage.onboarding.enums import ProviderStatus, ProviderType
from maillage.territory.models import Commune
from maillage.territory.services.geo import locate_commune

PASSWORD_MISMATCH = "Les deux mots de passe ne correspondent pas."


def _password_field(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PasswordPairMixin:
    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", PASSWORD_MISMATCH)  # type: ignore[attr-defined]
        return data


class ClaimPasswordForm(PasswordPairMixin, MaillageForm):
    password1 = _password_field("Choisissez votre mot de passe", PASSWORD_HINT)
    password2 = _password_field("Confirmez le mot de passe")


class NurseryConfirmForm(ClaimPasswordForm):
    confirm = forms.BooleanField(
        label="Je confirme les places de la structure affichées ci-dessus",
        help_text="Vous pourrez les modifier ensuite sur « Mes crèches ».",
        error_messages={"required": "Cochez la case pour confirmer les places."},
    )


class ColleagueJoinForm(PasswordPairMixin, MaillageForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = _password_field("Mot de passe", PASSWORD_HINT)
    password2 = _password_field("Confirmation du mot de passe")


class ColleagueInviteForm(MaillageForm):
    email = forms.EmailField(
        label="Adresse électronique de votre collègue",
        help_text=EMAIL_HINT,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class RefuseForm(MaillageForm):
    reason = forms.CharField(
        label="Motif du refus (envoyé à la structure)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProviderFilterForm(MaillageForm):
    type = forms.ChoiceField(label="Type", choices=ProviderType.choices, required=False)
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *ProviderStatus.choices], required=False
    )
    departement = forms.ChoiceField(label="Département", choices=[("", "Tous")], required=False)
    q = forms.CharField(label="Nom, commune ou n° d'agrément", required=False, max_length=100)

    def __init__(self, *args: Any, departements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Tous"), *departements]


class StructureForm(SchedulePickerMixin, MaillageForm):
    """The structure (and, for a visitor, her account) on the public sign-up page."""

    schedule_prefix = "open"
    schedule_legend = "Horaires d'ouverture"

    name = forms.CharField(label="Nom de la structure", max_length=200)
    kind = forms.ChoiceField(
        label="Type de structure",
        choices=[*NurseryKind.choices, ("mam", "Maison d'assistants maternels (MAM)")],
    )
    siret = forms.CharField(
        label="Numéro SIRET",
        help_text="14 chiffres, sur l'avis de situation INSEE. Exemple : 732 829 320 00074",
        max_length=20,
        error_messages={"required": SIRET_FORMAT_MESSAGE},
    )
    address = forms.CharField(label="Adresse", max_length=250)
    commune = forms.CharField(
        label="Commune",
        help_text="Nom ou code postal, par exemple : Saint-Denis 93200",
        max_length=120,
    )
    places_babies = forms.IntegerField(
        label=str(AgeGroupKind.BABIES.label) + " : places",
        min_value=0,
        max_value=200,
        required=False,
    )
    places_middle = forms.IntegerField(
        label=str(AgeGroupKind.MIDDLE.label) + " : places",
        min_value=0,
        max_value=200,
        required=False,
    )
    places_older = forms.IntegerField(
        label=str(AgeGroupKind.OLDER.label) + " : places",
        min_value=0,
        max_value=200,
        required=False,
    )
    places_mixed = forms.IntegerField(
        label=str(AgeGroupKind.MIXED.label) + " (tous âges) : places",
        min_value=0,
        max_value=200,
        required=False,
    )

    def __init__(self, *args: Any, with_account: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_account:
            account_fields: dict[str, forms.Field] = {
                "first_name": forms.CharField(label="Votre prénom", max_length=150),
                "last_name": forms.CharField(label="Votre nom", max_length=150),
                "email": forms.EmailField(
                    label="Votre adresse électronique professionnelle", help_text=EMAIL_HINT
                ),
                "password1": _password_field("Mot de passe", PASSWORD_HINT),
                "password2": _password_field("Confirmation du mot de passe"),
            }
            self.fields = {**account_fields, **self.fields}
            for name in account_fields:
                dsfr_input_class_attr(self[name])
        self.with_account = with_account
        self.add_schedule_fields(None)

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"]
        message = siret_error(value)
        if message:
            raise ValidationError(message)
        return value

    def clean_commune(self) -> Commune:
        commune = locate_commune(self.cleaned_data["commune"])
        if commune is None:
            raise ValidationError(
                "Commune introuvable : vérifiez l'orthographe ou indiquez le code postal."
            )
        return commune

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.with_account:
            one, two = data.get("password1"), data.get("password2")
            if one and two and one != two:
                self.add_error("password2", PASSWORD_MISMATCH)
        data["opening_hours"] = self.clean_schedule(required=False)
        data["sections"] = {
            kind: data.get(f"places_{kind}") or 0
            for kind in (
                AgeGroupKind.BABIES,
                AgeGroupKind.MIDDLE,
                AgeGroupKind.OLDER,
                AgeGroupKind.MIXED,
            )
        }
        return data

    def account_fields(self) -> list[Any]:
        names = ["first_name", "last_name", "email", "password1", "password2"]
        return [self[n] for n in names] if self.with_account else []

    def structure_fields(self) -> list[Any]:
        return [self[n] for n in ("name", "kind", "siret", "address", "commune")]

    def section_fields(self) -> list[Any]:
        return [self[f"places_{k}"] for k in ("babies", "middle", "older", "mixed")]
