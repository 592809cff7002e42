from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.forms import MaillageForm


class AccountDeleteForm(MaillageForm):
    password = forms.CharField(
        label="Votre mot de passe",
        help_text="Pour confirmer que c'est bien vous.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="Je comprends que la suppression est définitive.",
        required=True,
        error_messages={"required": "Cochez la case pour confirmer la suppression."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect.")
        return password
