"""The result cards and cost lines are written in Python (`families.public_cards`): what
they say, escaped."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.html import escape

from maillage.core.schedule import week_from_ranges
from maillage.families.cost.estimate import (
    CHILDMINDER,
    NURSERY,
    CareVolume,
    CostEstimate,
    Household,
    Tariff,
    estimate,
)
from maillage.families.public_cards import cost_html, option_cards_html

WEEKDAYS = week_from_ranges({day: [("08:30", "17:30")] for day in range(5)})
ON = dt.date(2026, 12, 4)


def _estimates() -> list[CostEstimate | None]:
    volume = CareVolume.from_schedule(WEEKDAYS)
    return [
        estimate(kind=NURSERY, household=Household(), volume=volume, on=ON),
        estimate(
            kind=NURSERY,
            household=Household(Decimal("2500"), 2),
            volume=volume,
            on=ON,
            psu_funded=False,
        ),
        estimate(
            kind=CHILDMINDER,
            household=Household(Decimal("1800"), 1),
            volume=volume,
            on=ON,
            tariff=Tariff(Decimal("4.50"), Decimal("4"), Decimal("3")),
        ),
        CostEstimate(kind=NURSERY, available=False),
        CostEstimate(
            kind=CHILDMINDER,
            monthly=Decimal("321"),
            explanation=("<b>balise</b> & « guillemets »",),
        ),
        None,
    ]


@pytest.mark.parametrize("cost", _estimates())
def test_cost_lines_say_the_summary_whether_estimated_and_how(cost):
    html = cost_html(cost)
    if cost is None:
        assert html == ""
        return
    assert f"<strong>{escape(cost.summary)}</strong>" in html
    assert ("(estimation)" in html) == cost.available
    assert html.count("<li>") == len(cost.explanation)
    for line in cost.explanation:
        assert f"<li>{escape(line)}</li>" in html
    assert "<b>" not in html
    assert ("<details" in html) == bool(cost.explanation)


def test_cards_escape_every_value_and_number_them_as_shown():
    options = [
        {
            "key": "am-7",
            "label": 'Fatou <script>alert("x")</script>',
            "kind": "Assistante maternelle",
            "commune": "Saint-Denis",
            "distance": "1,5",
            "explanation": "classée 1re : meilleur score",
            "stale": True,
            "page_url": "/recherche/assistante-maternelle/7/?depuis=93066",
        },
        {
            "key": "creche-3",
            "label": "Crèche Les Lilas",
            "kind": "Crèche",
            "commune": "Montreuil",
            "distance": "3",
            "explanation": "classée 2e : plus loin que Fatou",
            "stale": False,
            "page_url": "/recherche/creche/3/?depuis=93066",
        },
    ]
    cost = CostEstimate(kind=NURSERY, low=Decimal("40"), high=Decimal("600"))
    html = option_cards_html(options, {"creche-3": cost})
    assert "<script>" not in html and "Fatou &lt;script&gt;" in html
    assert html.index('id="option-am-7"') < html.index('id="option-creche-3"')
    assert '1. <a href="/recherche/assistante-maternelle/7/?depuis=93066">' in html
    assert "2. <a" in html and "à environ 3 km" in html
    assert "Disponibilités non confirmées récemment." in html.split('id="option-creche-3"')[0]
    assert html.count("Entre 40") == 1 and "Entre 40" in html.split('id="option-creche-3"')[1]
    assert 'name="prestataire" value="creche-3"' in html
    assert 'aria-label="Demander une mise en relation avec Crèche Les Lilas"' in html
