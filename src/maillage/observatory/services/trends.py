"""Time series for the trend charts: real history only.

* children under 3 per year: births of the year and the two before (INSEE, 2008-2024), so
  2010-2024; France = sum of the départements' published births;
* CNAF coverage rate per year (2017-2023) for a département, and the national median;
* platform indicators per computation date (``IndicatorHistory``).
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.core.cache import cache

from maillage.observatory.indicators import FRANCE_CODE
from maillage.observatory.services import caf_rates, history, small_cell_threshold

OVERSEAS_CAF = ("977", "978")  # published by the CNAF, not départements


def children_by_year(births_by_year: dict | None) -> dict[int, int]:
    """{year: births of year, year-1 and year-2} for the years with three known values."""
    births = {int(y): int(n) for y, n in (births_by_year or {}).items() if n is not None}
    return {
        y: births[y] + births[y - 1] + births[y - 2]
        for y in sorted(births)
        if y - 1 in births and y - 2 in births
    }


def france_births() -> dict[str, int]:
    key = "observatory:france-births"
    out = cache.get(key)
    if out is None:
        from maillage.territory.models import Departement

        out = {}
        for births in Departement.objects.values_list("births_by_year", flat=True):
            for year, n in (births or {}).items():
                out[year] = out.get(year, 0) + int(n or 0)
        cache.set(key, out, 300)
    return out


def children_trend(births_by_year: dict | None) -> list[dict]:
    """Rows {year, value, index, france_index}: index = base 100 the first common year."""
    ours = children_by_year(births_by_year)
    france = children_by_year(france_births())
    years = [y for y in ours if y in france]
    if not years:
        return []
    base, fbase = ours[years[0]], france[years[0]]
    return [
        {
            "year": y,
            "value": ours[y],
            "index": round(100 * ours[y] / base, 1) if base else None,
            "france_index": round(100 * france[y] / fbase, 1) if fbase else None,
        }
        for y in years
    ]


def caf_trend(departement: str) -> list[dict]:
    """Rows {year, global, eaje, individual, national_median} for the published years."""
    rates = caf_rates()
    mine = rates.get(departement, {})
    rows = []
    for year in sorted(mine):
        national = [
            v[year]["txcouv_global"]
            for code, v in rates.items()
            if code not in OVERSEAS_CAF and year in v and v[year].get("txcouv_global") is not None
        ]
        rows.append(
            {
                "year": year,
                "global": mine[year].get("txcouv_global"),
                "eaje": mine[year].get("txcouv_eaje"),
                "individual": mine[year].get("txcouv_accueil_individuel"),
                "national_median": round(statistics.median(national), 1) if national else None,
            }
        )
    return rows


def _share_if_safe(values: dict, threshold: int) -> float | None:
    """The unserved share, only when both of its counts are zero or above the threshold."""
    declared = values.get("needs_declared")
    unserved = values.get("needs_unserved")
    if declared is None or unserved is None:
        return None
    for n in (unserved, declared - unserved):
        if 0 < n < threshold:
            return None
    return values.get("unserved_share")


def _per_100(values: dict, key: str) -> float | None:
    # Only the children of the communes whose supply is known (older snapshots: all).
    children = values.get("children_known", values.get("children_under_3")) or 0
    v = values.get(key)
    return None if v is None or not children else round(100 * v / children, 1)


def platform_trend(level: str, code: str) -> list[dict]:
    """Rows {date, coverage, free_per_100, unserved_share, and the France values}."""
    threshold = small_cell_threshold()
    france = dict(history("france", FRANCE_CODE))
    rows = []
    for date, values in history(level, code):
        fr = france.get(date, {})
        rows.append(
            {
                "date": date,
                "coverage": values.get("coverage_rate"),
                "free_per_100": _per_100(values, "free_places"),
                "unserved_share": _share_if_safe(values, threshold),
                "france_coverage": fr.get("coverage_rate"),
                "france_free_per_100": _per_100(fr, "free_places"),
                "france_unserved_share": _share_if_safe(fr, threshold),
            }
        )
    return rows


def date_label(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


SUPPLY_TREND_KEYS = (
    ("places_created", "Places créées"),
    ("places_destroyed", "Places supprimées"),
    ("occupancy_rate", "Taux d'occupation (%)"),
    ("places_closed_staff", "Places fermées faute de personnel"),
    ("vacant_posts", "Postes vacants (ETP)"),
)


def supply_trend(level: str, code: str) -> list[dict]:
    """The issue-13 supply indicators at each recompute date of a territory (not people)."""
    from maillage.observatory.services import history

    return [
        {"date": date, "values": [row.get(key) for key, _label in SUPPLY_TREND_KEYS]}
        for date, row in history(level, code)
    ]
