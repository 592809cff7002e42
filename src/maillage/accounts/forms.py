"""Account forms, rendered with the DSFR (`{{ form }}`), messages in French."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

from maillage.accounts.enums import ROLE_DESCRIPTIONS, SELF_SERVICE_ROLES, Role
from maillage.accounts.models import User
from maillage.accounts.services import normalize_email

PASSWORD_HINT = (
    "Au moins 10 caractères, pas uniquement des chiffres, "
    "ni un mot de passe courant ou proche de votre nom."
)
EMAIL_HINT = "Format attendu : nom@domaine.fr"
UNVERIFIED_CODE = "unverified"


class MaillageForm(DsfrBaseForm):
    """DSFR form whose widgets and error lists come from django-dsfr's templates first.

    With FORM_RENDERER = TemplatesSetting and "django.forms" listed before "dsfr" in
    INSTALLED_APPS, Django's own radio and error-list templates would win over the DSFR ones.
    """

    default_renderer = DsfrDjangoTemplates()  # type: ignore[assignment]

    def set_help_text(self, name: str, text: str) -> None:
        """Change a hint after __init__: DsfrBaseForm has already built the bound fields."""
        self.fields[name].help_text = text
        self[name].help_text = text


@dataclass(frozen=True)
class HintedLabel:
    """A radio label with a hint line, read by django-dsfr's radio_option template.

    (A dict would be taken by Django 5 for a group of choices.)"""

    label: str
    help_text: str

    def __str__(self) -> str:
        return self.label


def _role_choices() -> list[tuple[str, HintedLabel]]:
    return [
        (role.value, HintedLabel(str(role.label), ROLE_DESCRIPTIONS[role]))
        for role in SELF_SERVICE_ROLES
    ]


class SignupForm(MaillageForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text=EMAIL_HINT,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Mot de passe",
        help_text=PASSWORD_HINT,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(
        label="Prénom",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nom",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    role = forms.ChoiceField(
        label="Vous êtes",
        choices=_role_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le type de compte qui vous correspond."},
    )
    accept_terms = forms.BooleanField(
        label="J'ai lu et j'accepte les conditions générales d'utilisation",
        error_messages={"required": "Vous devez accepter les conditions générales d'utilisation."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Static HTML built here, no user data: the DSFR snippet renders help_text unescaped.
        self.set_help_text(
            "accept_terms",
            format_html(
                '<a href="{}" target="_blank" rel="noopener">Lire les conditions générales '
                "d'utilisation (nouvelle fenêtre)</a> et la "
                '<a href="{}" target="_blank" rel="noopener">politique de données personnelles '
                "(nouvelle fenêtre)</a>",
                reverse("core:terms"),
                reverse("core:privacy"),
            ),
        )

    def clean_email(self) -> str:
        # An address that already has an account is not refused here: that would tell anyone
        # which addresses are registered. services.user_signup emails its owner instead.
        return normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif password1:
            probe = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class LoginForm(MaillageForm, AuthenticationForm):
    """Email + password. An unverified account with the right password gets its own message."""

    username = forms.EmailField(
        label="Adresse électronique",
        help_text=EMAIL_HINT,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé. Contactez l'équipe du service.",
    }

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None:
                self._raise_for_unverified(email, password)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def _raise_for_unverified(self, email: str, password: str) -> None:
        # Only tell "not verified" to the person who knows the password: no address probing.
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and not user.email_verified and user.check_password(password):
            raise ValidationError(
                format_html(
                    "Votre adresse électronique n'est pas encore vérifiée. Ouvrez le lien reçu "
                    'par courriel ou <a href="{}">recevez un nouveau lien</a>.',
                    reverse("accounts:resend_verification"),
                ),
                code=UNVERIFIED_CODE,
            )


class ResendVerificationForm(MaillageForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text=EMAIL_HINT,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


_PHONE_RE = re.compile(r"^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$")


class ProfileForm(MaillageForm):
    first_name = forms.CharField(label="Prénom", required=False, max_length=150)
    last_name = forms.CharField(label="Nom", required=False, max_length=150)
    phone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=20,
        help_text="Format attendu : 06 12 34 56 78",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    is_job_seeker = forms.BooleanField(
        label="Je suis inscrit(e) à France Travail comme demandeur(se) d'emploi",
        required=False,
        help_text="Certaines crèches (AVIP) réservent des places aux parents en recherche d'emploi.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "phone": user.phone,
                "is_job_seeker": user.is_job_seeker,
            },
        )
        self.user = user
        super().__init__(*args, **kwargs)
        if user.role not in (Role.PARENT, Role.CANDIDATE):
            del self.fields["is_job_seeker"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not _PHONE_RE.match(phone):
            raise ValidationError(
                "Saisissez un numéro de téléphone français, par exemple 06 12 34 56 78."
            )
        return phone


class DsfrPasswordResetForm(MaillageForm, PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text=EMAIL_HINT,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DsfrSetPasswordForm(MaillageForm, SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_help_text("new_password1", PASSWORD_HINT)


class DsfrPasswordChangeForm(MaillageForm, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_help_text("new_password1", PASSWORD_HINT)
