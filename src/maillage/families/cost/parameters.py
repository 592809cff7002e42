"""THE dated table of the cost parameters, with their official sources.

One row per period (`valid_from`, inclusive); `parameters_on(day)` picks the row in force.
Amounts are in euros, effort rates are per hour of care, as a fraction of the family's
monthly resources (0.000619 = 0,0619 %). When a new year's figures are published, add a row
(never edit a past one: the tests check each row against its published worked example).

Sources (consulted 2026-12-04, offline copies):
- PSU scale: Cnaf circular n° 2019-005 of 5 June 2019 (barème national des participations
  familiales): effort rates raised each year until 2022, the micro-crèche scale aligned on the
  collective one; « le taux immédiatement inférieur » when a child of the household receives the
  AEEH. Rates in force since 1 January 2022: 0,0619 % (1 child), 0,0516 % (2), 0,0413 % (3),
  0,0310 % (4 to 7), 0,0206 % (8 and more).
- PSU resources ceiling: 8 500 € per month from 1 September 2025, Cnaf board decision (Fnas
  2025 budget), caf.fr « Le plafond de ressources mensuelles en hausse pour les EAJE au
  1er septembre 2025 » (15 May 2025).
- PSU resources floor: published each January by the Cnaf on caf.fr. 801,00 € is the 2025
  floor as we recall it; it could NOT be confirmed from an offline copy of caf.fr — verify it
  (and the 2026 floor) before relying on amounts for the lowest resources.
- 2019 row (the published worked example of the tests): Caf des Pyrénées-Orientales,
  « Eaje : barème 2019 des participations familiales » (floor 687,30 €, ceiling 4 874,62 €,
  0,41 €/h and 2,92 €/h for one child in collective care), rates of the 2014 scale.
- CMG « emploi direct » reform of 1 September 2025 (loi de financement de la sécurité sociale
  pour 2023, art. L. 531-5 CSS; decrees of 12 June 2025): CMG = monthly cost × (1 − monthly
  resources × effort rate / reference hourly cost); the reference cost for a childminder is
  4,85 € net per hour (wage + maintenance and meal allowances) in 2025; above the hourly ceiling
  of 8 € the excess is fully paid by the family; the effort rates are those of the PSU scale;
  resources up to 8 500 € per month are taken into account; the former 15 % minimum left to
  the family (« 85 % » cap) and the former income brackets are abolished. Sources: caf.fr,
  « Une aide à l'accueil de l'enfant mieux adaptée : pour tout savoir sur ce qui change »
  (press kit, worked example: 3 000 € net per month, one child, 125 h at 4,85 € → CMG 374 €,
  232 € left to pay); caf.fr FAQ on the CMG (AEEH: the rate immediately below);
  franceemploidomicile.fr (27 June 2025) and sap-cgt.social (31 March 2025) for the formula.
  The resources floor of the CMG is taken equal to the PSU floor (assumption, to verify).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CostParameters:
    valid_from: dt.date
    # PSU (crèche): monthly resources floor and ceiling, hourly effort rate by children.
    psu_floor: Decimal
    psu_ceiling: Decimal
    # (children from, rate): the rate of the last row whose "from" ≤ the family's children.
    effort_rates: tuple[tuple[int, Decimal], ...]
    # CMG (childminder employed directly), None before the 2025 reform.
    cmg_reference_hourly_cost: Decimal | None
    cmg_hourly_ceiling: Decimal | None
    cmg_resources_floor: Decimal | None
    cmg_resources_ceiling: Decimal | None
    source: str
    verified: bool = True  # False: at least one figure could not be checked offline

    def effort_rate(self, children: int, *, aeeh: bool = False) -> Decimal:
        """The hourly effort rate for a household of `children` dependent children; with a
        child receiving the AEEH, the rate immediately below (one more child)."""
        count = max(1, children) + (1 if aeeh else 0)
        rate = self.effort_rates[0][1]
        for start, value in self.effort_rates:
            if count >= start:
                rate = value
        return rate


EFFORT_RATES_2014 = (
    (1, Decimal("0.000600")),
    (2, Decimal("0.000500")),
    (3, Decimal("0.000400")),
    (4, Decimal("0.000300")),
    (8, Decimal("0.000200")),
)
EFFORT_RATES_2022 = (
    (1, Decimal("0.000619")),
    (2, Decimal("0.000516")),
    (3, Decimal("0.000413")),
    (4, Decimal("0.000310")),
    (8, Decimal("0.000206")),
)

TABLE: tuple[CostParameters, ...] = (
    CostParameters(
        valid_from=dt.date(2019, 1, 1),
        psu_floor=Decimal("687.30"),
        psu_ceiling=Decimal("4874.62"),
        effort_rates=EFFORT_RATES_2014,
        cmg_reference_hourly_cost=None,
        cmg_hourly_ceiling=None,
        cmg_resources_floor=None,
        cmg_resources_ceiling=None,
        source="Caf des Pyrénées-Orientales, barème 2019 des participations familiales",
    ),
    CostParameters(
        valid_from=dt.date(2025, 9, 1),
        psu_floor=Decimal("801.00"),
        psu_ceiling=Decimal("8500.00"),
        effort_rates=EFFORT_RATES_2022,
        cmg_reference_hourly_cost=Decimal("4.85"),
        cmg_hourly_ceiling=Decimal("8.00"),
        cmg_resources_floor=Decimal("801.00"),
        cmg_resources_ceiling=Decimal("8500.00"),
        source=(
            "Cnaf, circulaire 2019-005 ; plafond 8 500 € au 1er septembre 2025 (caf.fr) ; "
            "réforme du CMG au 1er septembre 2025 (caf.fr)"
        ),
        verified=False,  # the resources floor (801,00 €) is to be confirmed
    ),
)


def parameters_on(day: dt.date) -> CostParameters:
    """The row in force on `day` (the oldest row before the table starts)."""
    current = TABLE[0]
    for row in TABLE:
        if row.valid_from <= day:
            current = row
    return current
