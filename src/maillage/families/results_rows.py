"""The options of a parent's results page (checkboxes to ask for contact), written directly.

The page is reloaded often (after each filter, request or visit) and its 20 options took
about half of its time through the template engine; written here with the same escaping they
take a few hundredths of a millisecond each. Tests check what a screen reader needs (each box
labelled, the requests in progress disabled and announced) and the browser tests run axe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maillage.families.cost.estimate import CostEstimate
from maillage.families.engine_adapter import OptionView
from maillage.families.public_cards import cost_html


def km_text(km: float) -> str:
    """1.5 → "1,5", 2.0 → "2" (as `floatformat:"-1"` in French)."""
    return f"{round(km, 1):g}".replace(".", ",")


def results_rows_html(
    options: Iterable[OptionView],
    *,
    estimates: Mapping[str, CostEstimate],
    active_keys: set[str],
    chosen_key: str,
) -> SafeString:
    rows = []
    for rank, option in enumerate(options, start=1):
        key = escape(option.key)
        info = option.info
        active = option.key in active_keys
        state = " disabled checked" if active else (" checked" if option.key == chosen_key else "")
        badge = (
            ' <span class="fr-badge fr-badge--sm fr-badge--info">demande en cours</span>'
            if active
            else ""
        )
        stale = " Disponibilités non confirmées récemment." if info.penalty else ""
        rows.append(
            '<div class="fr-fieldset__element">'
            '<div class="fr-checkbox-group fr-checkbox-group--sm">'
            f'<input type="checkbox" id="option-{key}" name="provider" value="{key}"{state}>'
            f'<label class="fr-label" for="option-{key}"><span><strong>{rank}. '
            f"{escape(info.label)}</strong> — {escape(info.commune_name)}, à environ "
            f"{km_text(option.distance_km)} km{badge}</span>"
            f'<span class="fr-hint-text">{escape(option.explanation_fr)}{stale}</span></label>'
            f"</div>{cost_html(estimates.get(option.key))}</div>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
