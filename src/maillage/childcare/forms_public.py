"""What a provider shows on her public page."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.childcare.enums import DisplayName
from maillage.childcare.forms import ChildcareForm

PROJECT_HELP = (
    "Quelques lignes pour les familles : votre façon d'accueillir, les activités, le lieu. "
    "N'y écrivez rien sur les enfants accueillis."
)


class ChildminderPublicPageForm(ChildcareForm):
    display_name = forms.ChoiceField(
        label="Comment votre nom apparaît aux familles",
        choices=DisplayName.choices,
        widget=forms.RadioSelect,
        help_text="Votre adresse n'est jamais montrée : seulement votre commune et une "
        "distance approximative.",
    )
    languages = forms.CharField(
        label="Langues parlées",
        required=False,
        max_length=200,
        help_text="Par exemple : français, arabe, portugais",
    )
    has_garden = forms.BooleanField(label="J'ai un jardin", required=False)
    has_pets = forms.BooleanField(label="J'ai des animaux à la maison", required=False)
    pets = forms.CharField(
        label="Lesquels (facultatif)",
        required=False,
        max_length=120,
        help_text="Par exemple : un chat",
    )
    disability_experience = forms.BooleanField(
        label="J'ai l'expérience de l'accueil d'enfants en situation de handicap", required=False
    )

    def __init__(self, *args: Any, mam: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mam is not None:
            self.fields["mam_project"] = forms.CharField(
                label=f"Le projet de la maison d'assistants maternels « {mam.name} »",
                required=False,
                max_length=1200,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=PROJECT_HELP,
            )


class NurseryPublicPageForm(ChildcareForm):
    project = forms.CharField(
        label="Projet d'établissement (court)",
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=PROJECT_HELP,
    )
