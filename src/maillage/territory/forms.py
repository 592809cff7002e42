"""A reusable commune field: INSEE code in, Commune out, with an htmx autocomplete."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from maillage.territory.models import Commune


class CommuneAutocompleteWidget(forms.Select):
    """A search box feeding a ``<select>`` through htmx (``territory:commune_options``).

    Only the selected commune is rendered as an option: the 35 000 communes are never
    written in the page.
    """

    template_name = "territory/widgets/commune_autocomplete.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "fr-select", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("territory:commune_options")
        context["widget"]["attrs"].setdefault("id", f"id_{name}")
        return context

    def optgroups(self, name, value, attrs=None):
        codes = [str(v) for v in value if v not in (None, "")]
        communes = Commune.objects.filter(code__in=codes) if codes else []
        options = [self.create_option(name, "", "Saisissez un nom ou un code postal", not codes, 0)]
        for index, commune in enumerate(communes, start=1):
            options.append(self.create_option(name, commune.code, commune.label, True, index))
        return [(None, options, 0)]


class CommuneField(forms.ModelChoiceField):
    """A commune chosen by INSEE code, e.g. ``commune = CommuneField(label="Commune")``."""

    widget = CommuneAutocompleteWidget
    default_error_messages = {"invalid_choice": "Commune inconnue : %(value)s."}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset if queryset is not None else Commune.objects.all(), **kwargs)
