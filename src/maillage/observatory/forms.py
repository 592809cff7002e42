from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.observatory.cliff import DEFAULT_RETIREMENT_AGE
from maillage.observatory.indicators import METRICS
from maillage.observatory.models import ActionProgressNote, SdsfAction


class CliffForm(DsfrBaseForm):
    retirement_age = forms.IntegerField(
        label="Âge de départ à la retraite",
        min_value=50,
        max_value=75,
        initial=DEFAULT_RETIREMENT_AGE,
        help_text="Paramètre de politique publique, à ajuster selon le territoire.",
    )
    yearly_recruitment = forms.IntegerField(
        label="Nouveaux assistants maternels par an",
        min_value=0,
        max_value=100_000,
        required=False,
        help_text="Vide : le rythme des agréments obtenus via la plateforme.",
    )
    places_per_new_childminder = forms.DecimalField(
        label="Places par nouvel assistant maternel",
        min_value=1,
        max_value=6,
        decimal_places=1,
        required=False,
        help_text="Vide : la moyenne actuelle du territoire.",
    )


class SdsfActionForm(DsfrBaseForm, forms.ModelForm):
    indicator_keys = forms.MultipleChoiceField(
        label="Indicateurs de l'observatoire suivis",
        choices=[(k, m.label) for k, m in METRICS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SdsfAction
        fields = ["number", "title", "pilot", "partners", "priorities", "status"]
        widgets = {
            "partners": forms.Textarea(attrs={"rows": 2}),
            "priorities": forms.Textarea(attrs={"rows": 5}),
        }


class ProgressNoteForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ActionProgressNote
        fields = ["date", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }


class SdsfAxesForm(DsfrBaseForm):
    """The names of the five axes of a département's schéma."""

    def __init__(self, *args, names: dict[int, str], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for axis in range(1, 6):
            self.fields[f"axis_{axis}"] = forms.CharField(
                label=f"Axe {axis}",
                max_length=300,
                required=False,
                initial=names.get(axis, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
