"""Forms of the commission d'attribution (DSFR, French messages)."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.childcare.enums import CommissionMode, ProposalDecision, ProposalNote
from maillage.childcare.forms import ChildcareForm
from maillage.childcare.models import Nursery

DECISIONS = [
    (ProposalDecision.ACCEPTED, "Accepter"),
    (ProposalDecision.WAITLISTED, "Liste d'attente"),
    (ProposalDecision.REFUSED, "Refuser"),
]


class CommissionRunForm(ChildcareForm):
    nurseries = forms.ModelMultipleChoiceField(
        label="Crèches concernées",
        queryset=Nursery.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une crèche."},
    )
    mode = forms.ChoiceField(
        label="Mode d'attribution",
        choices=CommissionMode.choices,
        initial=CommissionMode.STABLE,
        widget=forms.RadioSelect,
        help_text=(
            "Stable : les familles sont servies par ordre de points, aucune famille plus "
            "prioritaire n'est écartée au profit d'une autre. Optimale : le total des points "
            "placés est le plus grand possible, avec une borne prouvée."
        ),
        error_messages={"required": "Choisissez le mode d'attribution."},
    )

    def __init__(self, *args: Any, nurseries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nurseries"].queryset = nurseries
        if nurseries.count() == 1:
            self.fields["nurseries"].initial = [nurseries.first().pk]


class ProposalAdjustForm(ChildcareForm):
    decision = forms.ChoiceField(label="Décision", choices=DECISIONS)
    note = forms.ChoiceField(label="Motif", choices=ProposalNote.choices, required=False)


class ProposalMoveForm(ChildcareForm):
    direction = forms.ChoiceField(label="Sens", choices=[("up", "Monter"), ("down", "Descendre")])
