from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.accounts.perms import is_admin
from maillage.registers.enums import ImportKind
from maillage.territory.models import Departement


def departements_of(user: Any) -> Any:
    if is_admin(user):
        return Departement.objects.order_by("code")
    return user.territory_departements.order_by("code")


class RegisterUploadForm(MaillageForm):
    kind = forms.ChoiceField(label="Fichier", choices=ImportKind.choices)
    departement = forms.ModelChoiceField(
        label="Département", queryset=Departement.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="CSV séparé par « ; » ou « , », en UTF-8 ou Windows-1252, ou XLSX. "
        "Partez du modèle téléchargeable.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements_of(user)  # type: ignore[attr-defined]
