"""The household figures of the cost estimate."""

from __future__ import annotations

from django import forms

from maillage.accounts.forms import MaillageForm


class HouseholdForm(MaillageForm):
    monthly_resources = forms.DecimalField(
        label="Ressources mensuelles du foyer (€)",
        help_text=(
            "Revenus nets du foyer de l'avant-dernière année, divisés par 12 (ceux que la Caf "
            "retient). Par exemple : 3000."
        ),
        min_value=0,
        max_value=999999,
        decimal_places=2,
        error_messages={
            "required": "Indiquez vos ressources mensuelles.",
            "invalid": "Indiquez un montant en euros, par exemple 3000.",
            "min_value": "Le montant ne peut pas être négatif.",
        },
    )
    children = forms.IntegerField(
        label="Nombre d'enfants à charge",
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={
            "required": "Indiquez le nombre d'enfants à charge.",
            "min_value": "Au moins 1 enfant.",
            "max_value": "Au plus 20 enfants.",
        },
    )
    aeeh = forms.BooleanField(
        label="Un enfant du foyer bénéficie de l'AEEH (allocation d'éducation de l'enfant "
        "handicapé)",
        required=False,
    )
    remember = forms.BooleanField(
        label="Conserver ces informations dans mon compte",
        help_text="Sinon, elles sont oubliées à la fin de votre visite.",
        required=False,
    )
