"""Territory administrators' forms: a path in their département, their own path's steps."""

from __future__ import annotations

from django import forms

from maillage.accounts.forms import MaillageForm
from maillage.jobs.enums import PathStageKind


class PathSettingForm(MaillageForm):
    enabled = forms.BooleanField(label="Proposer ce parcours dans le département", required=False)
    local_note = forms.CharField(
        label="Informations locales",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Contact, lieux, calendrier des sessions : montrées aux candidats.",
    )


class TerritoryPathForm(MaillageForm):
    name = forms.CharField(label="Nom du parcours", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PathStepForm(MaillageForm):
    kind = forms.ChoiceField(label="Type d'étape", choices=PathStageKind.choices)
    title = forms.CharField(label="Intitulé de l'étape", max_length=200)
    duration_hours = forms.IntegerField(
        label="Durée (heures)",
        required=False,
        min_value=1,
        max_value=2000,
        error_messages={"min_value": "La durée doit être d'au moins 1 heure."},
    )


PathStepFormSet = forms.formset_factory(PathStepForm, extra=1, can_delete=True)
