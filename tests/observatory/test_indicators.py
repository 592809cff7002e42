"""Indicator formulas on hand-checked territories; communes add up to their département."""

from __future__ import annotations

import numpy as np
import pytest

from maillage.observatory.indicators import (
    FRANCE_CODE,
    CommuneTable,
    compute,
    difference_with_caf,
    ranking,
)


def small_table() -> CommuneTable:
    # Two communes in 93 (Île-de-France), one in 01 (Auvergne-Rhône-Alpes).
    return CommuneTable(
        codes=["93066", "93048", "01053"],
        departements=["93", "93", "01"],
        regions=["11", "11", "84"],
        counts={
            "children_under_3": np.array([100, 50, 0]),
            "places_childminders": np.array([30, 10, 4]),
            "places_nurseries": np.array([20, 0, 0]),
            "free_places_childminders": np.array([2, 1, 0]),
            "free_places_nurseries": np.array([3, 0, 0]),
            "childminders": np.array([9, 3, 1]),
            "needs_declared": np.array([10, 4, 0]),
            "needs_unserved": np.array([5, 1, 0]),
            "needs_job_seekers": np.array([4, 0, 0]),
            "needs_job_seekers_served": np.array([1, 0, 0]),
        },
        samples={
            # ages (days) of needs without solution: 93066 has 10, 20, 30, 40, 50; 93048 has 70.
            "unserved_need_age_days": (
                np.array([0, 0, 0, 0, 0, 1]),
                np.array([50, 10, 40, 20, 30, 70]),
            ),
        },
    )


def test_commune_formulas_by_hand():
    r = compute(small_table())["commune"]
    sd = r["93066"]
    assert sd["places_total"] == 50
    assert sd["coverage_rate"] == 50.0  # 50 places / 100 children
    assert sd["free_places"] == 5
    assert sd["unserved_share"] == 50.0
    assert sd["job_seekers_served_share"] == 25.0
    assert sd["unserved_need_age_days"] == 30.0
    assert r["93048"]["coverage_rate"] == 20.0
    assert r["93048"]["unserved_need_age_days"] == 70.0
    # No children: no rate rather than a division by zero.
    assert r["01053"]["coverage_rate"] is None
    assert r["01053"]["unserved_need_age_days"] is None


def test_aggregates_sum_communes_and_recompute_rates_and_medians():
    result = compute(small_table())
    dep = result["departement"]["93"]
    assert dep["children_under_3"] == 150
    assert dep["places_total"] == 60
    assert dep["coverage_rate"] == 40.0  # 60 / 150, not the mean of 50 and 20
    # Pooled median of 10, 20, 30, 40, 50, 70 = 35.
    assert dep["unserved_need_age_days"] == 35.0
    fr = result["france"][FRANCE_CODE]
    assert fr["places_total"] == 64
    assert fr["coverage_rate"] == pytest.approx(round(100 * 64 / 150, 1))


def test_unavailable_sources_are_none():
    r = compute(small_table())["departement"]["93"]
    assert r["job_offers_open"] is None
    assert r["dropout_rate"] is None
    assert r["need_to_place_days"] is None


def test_aggregation_consistency_on_random_communes():
    rng = np.random.default_rng(4)
    n = 2000
    deps = [f"{d:02d}" for d in rng.integers(1, 20, n)]
    regs = [f"r{int(d) % 4}" for d in deps]
    table = CommuneTable(
        codes=[f"{i:05d}" for i in range(n)],
        departements=deps,
        regions=regs,
        counts={
            "children_under_3": rng.integers(0, 300, n),
            "places_childminders": rng.integers(0, 80, n),
            "places_nurseries": rng.integers(0, 60, n),
        },
    )
    result = compute(table)
    for level, parent_of in (("departement", deps), ("region", regs)):
        totals: dict[str, int] = {}
        for code, parent in zip(table.codes, parent_of, strict=True):
            totals[parent] = totals.get(parent, 0) + result["commune"][code]["places_total"]
        for parent, total in totals.items():
            assert result[level][parent]["places_total"] == total
    assert result["france"][FRANCE_CODE]["children_under_3"] == int(
        table.counts["children_under_3"].sum()
    )
    dep_sum = sum(v["places_total"] for v in result["departement"].values())
    assert dep_sum == result["france"][FRANCE_CODE]["places_total"]


def test_difference_with_caf_and_ranking():
    assert difference_with_caf(40.0, 62.3) == -22.3
    assert difference_with_caf(None, 62.3) is None
    rows = {"a": {"coverage_rate": 10.0}, "b": {"coverage_rate": None}, "c": {"coverage_rate": 5.0}}
    assert ranking(rows, "coverage_rate") == [("c", 5.0), ("a", 10.0), ("b", None)]
    assert ranking(rows, "coverage_rate", descending=True)[0] == ("a", 10.0)
