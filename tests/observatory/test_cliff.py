"""The 2030 cliff, on small hand-checked territories."""

from __future__ import annotations

import pytest

from maillage.observatory.cliff import (
    Cohort,
    Hypotheses,
    age_band,
    cohorts_from_age_bands,
    project,
    recruitment_to_keep_coverage,
)

# A village: 5 childminders with 4 places each, 1 crèche of 10 places, 50 children under 3.
VILLAGE = [
    Cohort(1962, 1, 4),  # 64 in 2026: already past 62, leaves in 2026
    Cohort(1965, 1, 4),  # 62 in 2027
    Cohort(1966, 2, 8),  # 62 in 2028
    Cohort(1980, 1, 4),  # 62 in 2042: beyond 2030
]


def test_retirements_per_year_and_places_lost_by_hand():
    p = project(VILLAGE, Hypotheses(start_year=2026), other_places=10, children_under_3=50)
    assert [(y.year, y.retirements, y.places_lost) for y in p.years] == [
        (2026, 1, 4),
        (2027, 1, 4),
        (2028, 2, 8),
        (2029, 0, 0),
        (2030, 0, 0),
    ]
    assert p.start_coverage_rate == pytest.approx(100 * 30 / 50)  # 60 places per 100
    assert p.years[-1].childminder_places == 4
    assert p.years[-1].coverage_rate == pytest.approx(100 * 14 / 50)  # 28
    assert p.total_places_lost == 16


def test_retirement_age_is_a_parameter():
    p = project(
        VILLAGE,
        Hypotheses(start_year=2026, retirement_age=64),
        other_places=10,
        children_under_3=50,
    )
    # 1962 → 2026, 1965 → 2029, 1966 → 2030.
    assert [y.retirements for y in p.years] == [1, 0, 0, 1, 2]


def test_recruitment_creates_places_at_the_current_average():
    p = project(
        VILLAGE,
        Hypotheses(start_year=2026, yearly_recruitment=2),
        other_places=10,
        children_under_3=50,
    )
    assert p.places_per_new_childminder == 4
    assert p.years[0].places_created == 8
    # 20 − 16 lost + 5 × 8 created = 44
    assert p.years[-1].childminder_places == 44
    assert p.years[-1].childminders == 5 - 4 + 10


def test_what_if_minimal_recruitment_keeps_coverage_every_year():
    # Lost cumulated: 4, 8, 16, 16, 16 over k = 1..5 years, 4 places per newcomer:
    # r ≥ 1, 1, 16/12 → 2, 1, 0.8 → r = 2.
    h = Hypotheses(start_year=2026)
    r = recruitment_to_keep_coverage(VILLAGE, h, other_places=10, children_under_3=50)
    assert r == 2
    for rate in (r, r - 1):
        p = project(
            VILLAGE,
            Hypotheses(start_year=2026, yearly_recruitment=rate),
            other_places=10,
            children_under_3=50,
        )
        kept = all(y.coverage_rate >= p.start_coverage_rate - 1e-9 for y in p.years)
        assert kept is (rate == r)


def test_what_if_with_smaller_newcomers():
    h = Hypotheses(start_year=2026, places_per_new_childminder=3)
    # 16 places lost by year 3 → 16 / 9 → 2; 4/3 → 2 in year 1 → r = 2.
    assert recruitment_to_keep_coverage(VILLAGE, h, other_places=10, children_under_3=50) == 2
    h = Hypotheses(start_year=2026, places_per_new_childminder=1)
    # year 1: 4/1 = 4; year 3: 16/3 → 6 → r = 6.
    assert recruitment_to_keep_coverage(VILLAGE, h, other_places=10, children_under_3=50) == 6


def test_no_retirement_no_recruitment_needed_and_unknown_birth_years():
    cohorts = [Cohort(1990, 3, 12), Cohort(None, 2, 8)]
    p = project(cohorts, Hypotheses(start_year=2026), other_places=0, children_under_3=0)
    assert p.unknown_birth_year == 2
    assert p.start_coverage_rate is None
    h = Hypotheses(start_year=2026)
    assert recruitment_to_keep_coverage(cohorts, h, other_places=0, children_under_3=10) == 0


def test_age_bands_spread_uniformly():
    cohorts = cohorts_from_age_bands(
        {"55_59": 10, "60_et_plus": 11}, reference_year=2026, places_per_childminder=3.5
    )
    assert sum(c.count for c in cohorts) == pytest.approx(21)
    assert sum(c.places for c in cohorts) == pytest.approx(73.5)
    p = project(cohorts, Hypotheses(start_year=2026), other_places=0, children_under_3=100)
    # 60+: all 11 are ≥ 62 or reach 62 by 2028; 55–59 (born 1967–1971): 62 in 2029–2033 → 2 × 2.
    assert p.total_retirements == pytest.approx(11 + 4)
    with pytest.raises(ValueError):
        cohorts_from_age_bands({"vieux": 1}, reference_year=2026, places_per_childminder=3)


def test_age_band_edges():
    assert [age_band(a) for a in (17, 29, 30, 54, 55, 60, 75)] == [
        "moins_de_30",
        "moins_de_30",
        "30_39",
        "50_54",
        "55_59",
        "60_et_plus",
        "60_et_plus",
    ]


def test_invalid_hypotheses():
    with pytest.raises(ValueError):
        project(VILLAGE, Hypotheses(start_year=2031), other_places=0, children_under_3=1)
    with pytest.raises(ValueError):
        project(
            VILLAGE,
            Hypotheses(start_year=2026, retirement_age=20),
            other_places=0,
            children_under_3=1,
        )
