"""`{% error_summary form formset ... %}`: the list of every error of a page's forms, at the top.

A long form whose errors show 1,800 px below the button is a form people abandon: the summary
names each faulty field and links to it, as the DSFR and RGAA recommend.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.utils.html import format_html

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    message: str  # safe HTML: the errors' own markup (a link in a login error) is kept
    anchor: str  # the id of the field to jump to, or "" for a form-level error


def _form_items(form: forms.BaseForm, prefix_label: str) -> list[SummaryItem]:
    items = [
        SummaryItem(format_html("{}{}", prefix_label, error), "")
        for error in form.non_field_errors()
    ]
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        label = field.label or name
        anchor = field.auto_id or ""
        items.extend(
            SummaryItem(format_html("{}{} : {}", prefix_label, label, error), anchor)
            for error in errors
        )
    return items


def summary_items(*forms_or_formsets: Any) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    for obj in forms_or_formsets:
        if obj is None or not getattr(obj, "is_bound", False):
            continue
        if isinstance(obj, forms.BaseFormSet):
            items.extend(SummaryItem(format_html("{}", e), "") for e in obj.non_form_errors())
            for index, form in enumerate(obj.forms, start=1):
                items.extend(_form_items(form, f"Ligne {index} — "))
        else:
            items.extend(_form_items(obj, ""))
    return items


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*forms_or_formsets: Any) -> dict[str, Any]:
    return {"items": summary_items(*forms_or_formsets)}
