"""The cost parameters checked against published worked examples.

- Caf, « Une aide à l'accueil de l'enfant mieux adaptée : pour tout savoir sur ce qui change »
  (CMG reform of 1 September 2025): a couple with 3 000 € net per month, one child, 125 hours
  a month with a childminder at the reference rate of 4,85 € → CMG 374 €, 232 € left to pay.
- Caf des Pyrénées-Orientales, « Eaje : barème 2019 des participations familiales »: one child
  in collective care costs 0,41 € per hour at the floor (687,30 €) and 2,92 € at the ceiling
  (4 874,62 €).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from maillage.families.cost.estimate import (
    CHILDMINDER,
    NURSERY,
    WEEKS_PER_MONTH,
    CareVolume,
    Household,
    Tariff,
    estimate,
)
from maillage.families.cost.parameters import TABLE, parameters_on

JAN_2026 = dt.date(2026, 1, 12)


def _monthly_hours(hours: int) -> CareVolume:
    return CareVolume(weekly_hours=Decimal(hours) / WEEKS_PER_MONTH, days_per_week=5)


def test_the_caf_worked_example_of_the_2025_cmg_reform():
    cost = estimate(
        kind=CHILDMINDER,
        household=Household(Decimal(3000), 1),
        volume=_monthly_hours(125),
        on=JAN_2026,
    )
    assert round(cost.monthly) == 232
    assert any("CMG) : 374,13" in line for line in cost.explanation)
    assert cost.summary == "Environ 232\u00a0€ par mois"


def test_the_2019_psu_scale_floor_and_ceiling_of_the_published_example():
    params = parameters_on(dt.date(2019, 3, 1))
    one_hour = CareVolume(weekly_hours=Decimal(1) / WEEKS_PER_MONTH * 1, days_per_week=1)
    for resources, hourly in (
        (Decimal(500), "0.41"),
        (Decimal(687.30), "0.41"),
        (Decimal(9000), "2.92"),
    ):
        cost = estimate(
            kind=NURSERY, household=Household(resources, 1), volume=one_hour, on=dt.date(2019, 3, 1)
        )
        assert cost.hourly == Decimal(hourly)
    assert params.psu_ceiling == Decimal("4874.62")


def test_current_rates_by_number_of_children_and_aeeh():
    params = parameters_on(JAN_2026)
    assert [params.effort_rate(n) for n in (1, 2, 3, 4, 7, 8, 10)] == [
        Decimal("0.000619"),
        Decimal("0.000516"),
        Decimal("0.000413"),
        Decimal("0.000310"),
        Decimal("0.000310"),
        Decimal("0.000206"),
        Decimal("0.000206"),
    ]
    # A child receiving the AEEH: the rate immediately below.
    assert params.effort_rate(1, aeeh=True) == Decimal("0.000516")
    assert params.psu_ceiling == Decimal("8500.00")


def test_a_creche_place_full_time_for_a_family_of_two_children():
    # 3 200 € × 0,0516 % = 1,65 € per hour; 40 h a week = 173,3 h a month → 286 €.
    cost = estimate(
        kind=NURSERY,
        household=Household(Decimal(3200), 2),
        volume=CareVolume(Decimal(40), 5),
        on=JAN_2026,
    )
    assert cost.hourly == Decimal("1.65")
    assert round(cost.monthly) == 286
    assert cost.explanation[0].startswith(
        "Tarif horaire = vos ressources mensuelles (3\u202f200,00"
    )


def test_resources_above_the_ceiling_count_as_the_ceiling():
    rich = estimate(
        kind=NURSERY,
        household=Household(Decimal(20000), 1),
        volume=CareVolume(Decimal(40), 5),
        on=JAN_2026,
    )
    assert rich.hourly == Decimal("5.26")  # 8 500 × 0,0619 %


def test_without_resources_a_range_is_shown():
    cost = estimate(
        kind=NURSERY, household=Household(), volume=CareVolume(Decimal(40), 5), on=JAN_2026
    )
    assert cost.monthly is None and cost.low < cost.high
    assert cost.summary.startswith("Entre ") and "selon vos ressources" in cost.summary


def test_a_childminder_above_the_hourly_ceiling_leaves_the_excess_to_the_family():
    volume = CareVolume(Decimal(40), 5)
    under = estimate(
        kind=CHILDMINDER,
        household=Household(Decimal(2500), 1),
        volume=volume,
        on=JAN_2026,
        tariff=Tariff(Decimal("8.00")),
    )
    over = estimate(
        kind=CHILDMINDER,
        household=Household(Decimal(2500), 1),
        volume=volume,
        on=JAN_2026,
        tariff=Tariff(Decimal("9.00")),
    )
    hours = volume.hours_per_month
    # The euro above the 8 € ceiling is paid in full by the family, at every hour.
    assert round(over.monthly - under.monthly, 6) == round(hours, 6)
    assert any("Au-delà de 8,00" in line for line in over.explanation)


def test_a_modest_family_pays_little_no_minimum_share_since_2025():
    cost = estimate(
        kind=CHILDMINDER,
        household=Household(Decimal(900), 1),
        volume=_monthly_hours(125),
        on=JAN_2026,
    )
    # 900 × 0,0619 % = 0,56 € an hour: far below the former 15 % of the cost.
    assert cost.monthly < Decimal("0.15") * Decimal("606.25")


def test_a_creche_outside_the_psu_is_not_estimated():
    cost = estimate(
        kind=NURSERY,
        household=Household(Decimal(3000), 1),
        volume=CareVolume(Decimal(40), 5),
        on=JAN_2026,
        psu_funded=False,
    )
    assert not cost.available and "demandez-lui son tarif" in cost.explanation[0]


def test_the_table_is_dated_sourced_and_ordered():
    assert [row.valid_from for row in TABLE] == sorted(row.valid_from for row in TABLE)
    assert all(row.source for row in TABLE)
    assert parameters_on(dt.date(2025, 9, 1)).cmg_reference_hourly_cost == Decimal("4.85")
    assert parameters_on(dt.date(2025, 8, 31)).cmg_reference_hourly_cost is None
