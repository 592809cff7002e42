from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.enums import Organisation
from maillage.accounts.forms import MaillageForm
from maillage.accounts.perms import is_admin
from maillage.childcare.models import Childminder, Nursery
from maillage.territory.models import Departement


class ApiTokenForm(MaillageForm):
    name = forms.CharField(label="Nom du jeton", max_length=100, help_text="Ex. : SI de la Caf 93")
    organisation = forms.ChoiceField(
        label="Organisme", choices=Organisation.choices, required=False
    )
    departements = forms.ModelMultipleChoiceField(
        label="Départements couverts",
        queryset=Departement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pour un jeton de territoire.",
    )
    childminder = forms.IntegerField(
        label="Ou : identifiant d'une assistante maternelle",
        required=False,
        min_value=1,
        help_text="Pour le jeton propre d'un mode d'accueil (il ne met à jour que ses places).",
    )
    nursery = forms.IntegerField(label="Ou : identifiant d'une crèche", required=False, min_value=1)
    can_write = forms.BooleanField(
        label="Écriture (disponibilités, envoi du répertoire)", required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = (
            Departement.objects.order_by("code")
            if is_admin(user)
            else user.territory_departements.order_by("code")
        )
        self.fields["departements"].queryset = self.scope

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [
            bool(data.get("departements")),
            bool(data.get("childminder")),
            bool(data.get("nursery")),
        ]
        if sum(chosen) != 1:
            raise forms.ValidationError(
                "Choisissez des départements, ou une assistante maternelle, ou une crèche."
            )
        codes = set(self.scope.values_list("code", flat=True))
        for field, model in (("childminder", Childminder), ("nursery", Nursery)):
            pk = data.get(field)
            if pk:
                row = model.objects.filter(pk=pk, commune__departement__in=codes).first()
                if row is None:
                    self.add_error(field, "Introuvable dans vos départements.")
                data[field] = row
        return data
