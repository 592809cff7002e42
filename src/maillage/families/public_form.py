"""The fields of the public search form, written directly.

The search form is on every page of the anonymous search, bound to what the visitor typed,
so it cannot be kept between searches. Through the template engine its nine DSFR fields took
about 1.5 ms of each search (an include per field, ~300 variable lookups); written here with
the same markup and escaping they take a tenth of that. Tests check the markup a screen reader
relies on (labels, hints, errors, checked boxes) and the browser tests run axe on the page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.forms import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _errors(field: BoundField) -> str:
    return " ".join(escape(error) for error in field.errors)


def input_html(field: BoundField, input_type: str, extra: str = "") -> str:
    """A DSFR input group: label (with its hint), input, error message."""
    fid = escape(field.id_for_label)
    help_text = escape(field.help_text) if field.help_text else ""
    errors = _errors(field)
    value = field.value()
    autocomplete = field.field.widget.attrs.get("autocomplete")
    parts = [
        f'<div class="fr-input-group{" fr-input-group--error" if errors else ""}">\n',
        f'  <label for="{fid}" class="fr-label">{escape(field.label)}',
        f'<span class="fr-hint-text" id="{fid}_helptext">{help_text}</span>' if help_text else "",
        "</label>\n",
        f'  <input type="{input_type}" name="{escape(field.html_name)}" '
        f'value="{escape("" if value is None else value)}" class="fr-input" id="{fid}"',
        f' autocomplete="{escape(autocomplete)}"' if autocomplete else "",
        f" {extra}" if extra else "",
    ]
    if errors:
        parts.append(f' aria-invalid="true" aria-describedby="{fid}-error"')
    elif help_text:
        parts.append(f' aria-describedby="{fid}_helptext"')
    parts.append(">\n")
    if errors:
        parts.append(f'  <p class="fr-error-text" id="{fid}-error">{errors}</p>\n')
    parts.append("</div>")
    return "".join(parts)


# Without an error, a group of boxes or a select depends only on its field and its value:
# written once per value (a few hundred entries at most: 49 times, 8 distances, 2^7 days).
_WRITTEN: dict[tuple[object, ...], str] = {}
_WRITTEN_MAX = 2048


def _kept(key: tuple[object, ...], write: Callable[[], str]) -> str:
    found = _WRITTEN.get(key)
    if found is None:
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        found = _WRITTEN[key] = write()
    return found


def checkboxes_html(field: BoundField, *, inline: bool = False) -> str:
    if field.errors:
        return _checkboxes_html(field, inline=inline)
    checked = tuple(sorted(str(v) for v in (field.value() or ())))
    choices = tuple(tuple(c) for c in field.field.choices)  # type: ignore[attr-defined]
    key = ("checkboxes", field.html_name, field.auto_id, checked, inline, choices)
    return _kept(key, lambda: _checkboxes_html(field, inline=inline))


def _checkboxes_html(field: BoundField, *, inline: bool = False) -> str:
    """A DSFR fieldset of checkboxes for a multiple choice field. Its ids come from the
    field's `auto_id` ("id_jours"): Django's `id_for_label` is empty for a group of boxes,
    which gave the two groups of the page the same box ids ("_0") and empty legend ids."""
    fid = escape(field.auto_id)
    errors = _errors(field)
    checked = {str(v) for v in (field.value() or ())}
    name = escape(field.html_name)
    element = (
        "fr-fieldset__element fr-fieldset__element--inline" if inline else ("fr-fieldset__element")
    )
    described = f" {fid}-error" if errors else ""
    parts = [
        f'<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""}" '
        f'id="checkboxes-{fid}" aria-labelledby="{fid}-legend{described}">\n',
        f'  <legend class="fr-fieldset__legend fr-fieldset__legend--regular" '
        f'id="{fid}-legend">{escape(field.label)}</legend>\n  ',
    ]
    for number, (value, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        box = f"{fid}_{number}"
        mark = " checked" if str(value) in checked else ""
        parts.append(
            f'<div class="{element}"><div class="fr-checkbox-group">'
            f'<input type="checkbox" name="{name}" value="{escape(value)}" id="{box}"{mark}>'
            f'<label class="fr-label" for="{box}">{escape(label)}</label></div></div>\n  '
        )
    if errors:
        parts.append(
            f'<div class="fr-messages-group" id="{fid}-error">'
            f'<p class="fr-message fr-message--error">{errors}</p></div>'
        )
    parts.append("\n</fieldset>")
    return "".join(parts)


def select_html(field: BoundField) -> str:
    """A DSFR select group; the `<select>` itself is the field's widget (`FastSelect`)."""
    if field.errors:
        return _select_html(field)
    choices = tuple(tuple(c) for c in field.field.choices)  # type: ignore[attr-defined]
    key = ("select", field.html_name, field.auto_id, str(field.value()), choices)
    return _kept(key, lambda: _select_html(field))


def _select_html(field: BoundField) -> str:
    fid = escape(field.id_for_label)
    errors = _errors(field)
    parts = [
        f'<div class="fr-select-group{" fr-select-group--error" if errors else ""}">\n',
        f'  <label for="{fid}" class="fr-label">{escape(field.label)}</label>\n',
        f"  {field}\n",
    ]
    if errors:
        parts.append(f'  <p class="fr-error-text" id="{fid}-error">{errors}</p>\n')
    parts.append("</div>")
    return "".join(parts)


def search_fields_html(form: object) -> dict[str, SafeString]:
    """The written fields of `PublicSearchForm`, by name, for `families/public/search.html`."""
    f = form.__getitem__  # type: ignore[attr-defined]
    return {
        "commune": mark_safe(input_html(f("commune"), "text")),  # noqa: S308 - escaped above
        "age": mark_safe(input_html(f("age"), "number", 'min="0" max="72"')),  # noqa: S308
        "naissance": mark_safe(input_html(f("naissance"), "date")),  # noqa: S308
        "jours": mark_safe(checkboxes_html(f("jours"), inline=True)),  # noqa: S308
        "debut_heure": mark_safe(select_html(f("debut_heure"))),  # noqa: S308
        "fin_heure": mark_safe(select_html(f("fin_heure"))),  # noqa: S308
        "distance": mark_safe(select_html(f("distance"))),  # noqa: S308
        "debut": mark_safe(input_html(f("debut"), "date")),  # noqa: S308
        "modes": mark_safe(checkboxes_html(f("modes"))),  # noqa: S308
    }
