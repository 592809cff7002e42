"""Counts of people on public pages: primary + complementary suppression, consistent pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.observatory.models import IndicatorSnapshot
from maillage.observatory.services import disclosure
from maillage.observatory.services.disclosure import HIDDEN
from maillage.observatory.suppression import TOTAL, protect_table
from tests.observatory import factories as f
from tests.territory.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


def _snap(level, code, **values):
    IndicatorSnapshot.objects.update_or_create(
        level=level, code=code, defaults={"computed_at": "2026-03-01T00:00Z", "values": values}
    )


@pytest.fixture
def adversarial():
    """93: Saint-Denis has 3 needs without solution (small), Montreuil 40, Bobigny 25.

    The département total (68) is on the page: hiding only Saint-Denis would let anyone
    recompute it as 68 − 40 − 25."""
    sd = CommuneFactory(saint_denis=True)
    mt = CommuneFactory(montreuil=True)
    bo = CommuneFactory(code="93008", name="Bobigny", departement=sd.departement)
    other = DepartementFactory(code="94", name="Val-de-Marne", region=sd.region)
    CommuneFactory(code="94028", name="Créteil", departement=other)
    for code, unserved, declared in (("93066", 3, 20), ("93048", 40, 60), ("93008", 25, 50)):
        _snap(
            "commune",
            code,
            needs_unserved=unserved,
            needs_declared=declared,
            unserved_share=round(100 * unserved / declared, 1),
            coverage_rate=50,
        )
    _snap("commune", "94028", needs_unserved=30, needs_declared=45, coverage_rate=40)
    _snap("departement", "93", needs_unserved=68, needs_declared=130, coverage_rate=50)
    _snap("departement", "94", needs_unserved=30, needs_declared=45, coverage_rate=40)
    _snap("france", "FR", needs_unserved=98, needs_declared=175, coverage_rate=47)
    return sd, mt, bo


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}<")
    return html[start : html.index("</tr>", start)]


def test_small_cell_and_a_complement_are_hidden_on_the_departement_page(client, adversarial):
    html = client.get(reverse("observatory:departement", args=["93"])).content.decode()
    communes = html[html.index('id="communes"') :]
    hidden = [n for n in ("Saint-Denis", "Montreuil", "Bobigny") if HIDDEN in _row(communes, n)]
    assert "Saint-Denis" in hidden and len(hidden) >= 2
    # The département total stays published (68 ≥ 11) and cannot give back Saint-Denis.
    assert ">68<" in html


def test_commune_pages_hide_the_same_cells_as_the_departement_table(client, adversarial):
    cells = disclosure.departement_cells("93", 11)
    for code in ("93066", "93048", "93008"):
        html = client.get(reverse("observatory:commune", args=[code])).content.decode()
        row = html[html.index("Besoins sans solution") :]
        row = row[: row.index("</tr>")]
        if cells[code]["needs_unserved"] is None:
            assert HIDDEN in row, code
        else:
            assert f">{cells[code]['needs_unserved']}<" in row, code
    # The share of needs without solution would give back the hidden count: hidden too.
    html = client.get(reverse("observatory:commune", args=["93066"])).content.decode()
    share = html[html.index("Part des besoins sans solution") :]
    assert HIDDEN in share[: share.index("</tr>")]


def test_no_hidden_cell_can_be_recomputed_from_what_the_pages_show(adversarial):
    cells = disclosure.departement_cells("93", 11)
    national = disclosure.national_cells(11)
    for col in ("needs_unserved", "needs_served"):
        shown = {c: cells[c][col] for c in ("93066", "93048", "93008")}
        total = national["93"][col]
        unknown = [c for c, v in shown.items() if v is None]
        assert len(unknown) != 1 or total is None, col
        if total is not None and unknown:
            # The hidden cells add up to at least the threshold: no small value is implied.
            assert total - sum(v for v in shown.values() if v is not None) >= 11


def test_a_small_departement_total_is_hidden_everywhere(client, adversarial):
    _snap("commune", "94028", needs_unserved=4, needs_declared=45)
    _snap("departement", "94", needs_unserved=4, needs_declared=45)
    _snap("france", "FR", needs_unserved=72, needs_declared=175)
    national = disclosure.national_cells(11)
    assert national["94"]["needs_unserved"] is None
    # France − 93 would give back 94: a complement is hidden on the national table.
    assert national["93"]["needs_unserved"] is None or national["FR"]["needs_unserved"] is None
    # The Val-de-Marne page inherits the decision: its only commune is hidden too.
    assert disclosure.departement_cells("94", 11)["94028"]["needs_unserved"] is None
    home = client.get(reverse("observatory:home")).content.decode()
    assert HIDDEN in _row(home[home.index('id="classement"') :], "Val-de-Marne")


def test_forced_and_locked_cells_carry_the_upper_decision():
    rows = {"a": [30, 5], "b": [40, 30]}
    free = protect_table(rows, ["x", "y"], threshold=11)
    assert free.cells[(TOTAL, "y")] == 35
    forced = protect_table(rows, ["x", "y"], threshold=11, forced=[(TOTAL, "y")])
    assert forced.cells[(TOTAL, "y")] is None and forced.cells[("a", "y")] is None
    locked = protect_table(rows, ["x", "y"], threshold=11, locked=[(TOTAL, "x"), (TOTAL, TOTAL)])
    assert locked.cells[(TOTAL, "x")] == 70 and locked.cells[(TOTAL, TOTAL)] == 105


def test_territorial_analyst_sees_raw_counts_of_her_departement(client, adversarial):
    analyst = f.user(role="analyst")
    analyst.territory_departements.add("93")
    client.force_login(analyst)
    html = client.get(reverse("observatory:commune", args=["93066"])).content.decode()
    row = html[html.index("Besoins sans solution") :]
    assert ">3<" in row[: row.index("</tr>")]
    client.force_login(f.user(role="parent"))
    html = client.get(reverse("observatory:commune", args=["93066"])).content.decode()
    row = html[html.index("Besoins sans solution") :]
    assert ">3<" not in row[: row.index("</tr>")]
