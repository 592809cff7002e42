"""The result cards of the public search, written directly.

The anonymous search is the busiest page of the site and nearly every search is new (the page
cache serves only repeats): through the template engine its 20 cards took about half of the
page's processor time (≈ 175 µs each, ~20 variables, an include and a tag per card). Written
here with the same escaping they take a few microseconds. The cost lines (`cost_html`) are
also those of a parent's results page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maillage.families.cost.estimate import CostEstimate


def cost_html(cost: CostEstimate | None) -> SafeString:
    """The estimated cost of one option and how it is reached (nothing without one): on the
    public cards and on a parent's results page."""
    if not cost:
        return mark_safe("")
    parts = [
        f'<span class="fr-hint-text maillage-cost"><strong>{escape(cost.summary)}</strong>',
        " (estimation)" if cost.available else "",
        "</span>\n",
    ]
    if cost.explanation:
        lines = "".join(f"<li>{escape(line)}</li>" for line in cost.explanation)
        parts.append(
            '<details class="fr-text--sm fr-mb-1w"><summary>Comment ce coût est estimé</summary>'
            f'\n  <ul class="fr-text--sm fr-mb-0">{lines}</ul>\n</details>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def option_cards_html(
    options: Iterable[Mapping[str, Any]], estimates: Mapping[str, CostEstimate]
) -> SafeString:
    """The `<li>` cards of the public results list, in the order given (`_public_option`)."""
    cards = []
    for rank, option in enumerate(options, start=1):
        key = escape(option["key"])
        label = escape(option["label"])
        stale = " Disponibilités non confirmées récemment." if option["stale"] else ""
        cards.append(
            f'<li class="fr-card fr-card--sm fr-mb-2w" id="option-{key}">'
            '<div class="fr-card__body"><div class="fr-card__content">'
            f'<h3 class="fr-card__title">{rank}. <a href="{escape(option["page_url"])}">'
            f"{label}</a></h3>"
            f'<p class="fr-card__desc">{escape(option["kind"])} — {escape(option["commune"])}, '
            f"à environ {escape(option['distance'])} km</p>"
            f'<p class="fr-text--sm fr-mb-1w">{escape(option["explanation"])}{stale}</p>'
            f"{cost_html(estimates.get(option['key']))}"
            f'<button class="fr-btn fr-btn--sm" type="submit" name="prestataire" value="{key}" '
            f'aria-label="Demander une mise en relation avec {label}">'
            "Demander une mise en relation</button>"
            "</div></div></li>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every value above is escaped
