"""Admin forms stay usable at national scale: a foreign key to a table that grows with the
country (users, communes, providers, needs…) is an id field or a search box, never a <select>
of every row (the demo's crèche form listed 5,696 users twice: 763 KB, 1.7 s)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)
from django.test import RequestFactory

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

# reference tables whose size is fixed by law or by the catalogue, not by the country's activity
BOUNDED = {
    "auth.Group",
    "auth.Permission",
    "jobs.PathTemplate",
    "jobs.RomeJob",
    "territory.Departement",
    "territory.Intercommunality",
    "territory.Region",
}
SEARCHABLE = (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ForeignKeyRawIdWidget,
    ManyToManyRawIdWidget,
)


def _choice_widgets(form_class: type[forms.BaseForm], parent_key: str | None):
    for name, field in form_class.base_fields.items():
        if name == parent_key:
            continue  # an inline's link to the object on the page: never shown as a choice
        if isinstance(field, forms.ModelChoiceField):
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the "+" wrapper
            yield name, field.queryset.model._meta.label, widget


def _forms():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            yield model._meta.label, model_admin.get_form(request), None
        for inline in model_admin.get_inline_instances(request):
            label = f"{model._meta.label} › {inline.model._meta.label}"
            formset = inline.get_formset(request)
            yield label, formset.form, formset.fk.name


def test_no_admin_form_lists_every_row_of_a_growing_table():
    unbounded = [
        f"{where}.{name} → {target}"
        for where, form_class, parent_key in _forms()
        for name, target, widget in _choice_widgets(form_class, parent_key)
        if target not in BOUNDED and not isinstance(widget, SEARCHABLE)
    ]
    assert unbounded == [], "\n".join(unbounded)


def test_the_check_sees_admin_forms_and_their_inlines():
    labels = {where for where, _, _ in _forms()}
    assert "childcare.Nursery" in labels
    assert "childcare.Nursery › childcare.NurseryAgeGroup" in labels
