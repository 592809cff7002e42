"""Forms of the outcomes app (DSFR, French)."""

from __future__ import annotations

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.childcare.enums import ProviderKind
from maillage.outcomes.enums import JobChange, Situation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckpointForm(MaillageForm):
    situation = forms.ChoiceField(
        label="Situation du parent aujourd'hui",
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une situation."},
    )
    job_change = forms.ChoiceField(
        label="Depuis le dernier point",
        choices=JobChange.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class QuestionnaireForm(CheckpointForm):
    """The same two questions, addressed to the parent."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["situation"].label = "Aujourd'hui, vous êtes…"
        self.fields["job_change"].label = "Depuis que votre enfant est accueilli(e), vous…"


class FollowUpOpenForm(MaillageForm):
    mode = forms.ChoiceField(label="Mode d'accueil", choices=ProviderKind.choices)
    care_start = forms.DateField(label="Début de l'accueil", widget=DATE_WIDGET)
