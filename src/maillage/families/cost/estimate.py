"""Pure cost arithmetic: no database, no Django (cheap: a few microseconds per option).

- Crèche funded by the PSU: hourly price = monthly resources (between the floor and the
  ceiling) × the effort rate for the household's dependent children; monthly = × hours.
- Childminder employed directly, since the CMG reform of 1 September 2025: the CAF pays
  CMG = hourly cost (capped at the ceiling) × hours × (1 − resources × effort rate / the
  reference hourly cost); the social contributions are covered when the hourly cost stays
  under the ceiling; the family pays the cost minus the CMG (no minimum share since 2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from maillage.families.cost.parameters import CostParameters, parameters_on

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
CENT = Decimal("0.01")
NURSERY = "nursery"
CHILDMINDER = "childminder"


def euros(amount: Decimal, *, cents: bool = True) -> str:
    """French money: 1 234,50 € (narrow no-break space between thousands)."""
    value = amount.quantize(CENT if cents else Decimal(1), rounding=ROUND_HALF_UP)
    text = f"{value:,.2f}" if cents else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def percent(rate: Decimal) -> str:
    return f"{rate * 100:.4f}".replace(".", ",") + "\u00a0%"


def hours_text(hours: Decimal) -> str:
    text = f"{hours.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"
    return text.removesuffix(".0").replace(".", ",")


@dataclass(frozen=True)
class Household:
    monthly_resources: Decimal | None = None
    children: int | None = None
    aeeh: bool = False

    @property
    def known(self) -> bool:
        return self.monthly_resources is not None


@dataclass(frozen=True)
class CareVolume:
    """Hours and days of care per month, from a weekly schedule (over 52 weeks a year)."""

    weekly_hours: Decimal
    days_per_week: int

    @classmethod
    def from_schedule(cls, bits: str) -> CareVolume:
        slots = bits.count("1")
        days = sum(1 for day in range(7) if "1" in bits[day * 48 : (day + 1) * 48])
        return cls(weekly_hours=Decimal(slots) / 2, days_per_week=days)

    @property
    def hours_per_month(self) -> Decimal:
        return self.weekly_hours * WEEKS_PER_MONTH

    @property
    def days_per_month(self) -> Decimal:
        return self.days_per_week * WEEKS_PER_MONTH


@dataclass(frozen=True)
class Tariff:
    """A childminder's prices; `declared` False: the national reference cost is used."""

    hourly_wage: Decimal
    maintenance_per_day: Decimal = Decimal(0)
    meal_per_day: Decimal = Decimal(0)
    declared: bool = True


@dataclass(frozen=True)
class CostEstimate:
    kind: str
    monthly: Decimal | None = None  # when the resources are known
    hourly: Decimal | None = None  # what the family pays per hour of care
    low: Decimal | None = None  # the range, when the resources are not known
    high: Decimal | None = None
    explanation: tuple[str, ...] = ()
    available: bool = True

    @property
    def summary(self) -> str:
        if not self.available:
            return "Coût non estimé"
        if self.monthly is not None:
            return f"Environ {euros(self.monthly, cents=False)} par mois"
        assert self.low is not None and self.high is not None
        return (
            f"Entre {euros(self.low, cents=False)} et {euros(self.high, cents=False)} "
            "par mois selon vos ressources"
        )


def _resources(value: Decimal, floor: Decimal, ceiling: Decimal) -> Decimal:
    return min(max(value, floor), ceiling)


def _children_text(children: int, aeeh: bool) -> str:
    text = f"{children} enfant{'s' if children > 1 else ''} à charge"
    return text + (" (taux inférieur : enfant bénéficiaire de l'AEEH)" if aeeh else "")


def nursery_cost(household: Household, volume: CareVolume, params: CostParameters) -> CostEstimate:
    children = household.children or 1
    rate = params.effort_rate(children, aeeh=household.aeeh)
    hours = volume.hours_per_month
    bounds = (
        f"Barème national de la Caf (PSU) : les ressources comptent au moins "
        f"{euros(params.psu_floor)} et au plus {euros(params.psu_ceiling)} par mois."
    )
    if not household.known:
        low = params.psu_floor * rate * hours
        high = params.psu_ceiling * rate * hours
        return CostEstimate(
            kind=NURSERY,
            low=low,
            high=high,
            explanation=(
                f"Tarif horaire = vos ressources mensuelles × {percent(rate)} "
                f"({_children_text(children, household.aeeh)}), pour "
                f"{hours_text(hours)} h d'accueil par mois.",
                bounds,
                "Indiquez vos ressources pour une estimation précise.",
            ),
        )
    assert household.monthly_resources is not None
    counted = _resources(household.monthly_resources, params.psu_floor, params.psu_ceiling)
    # Crèches bill the hourly price rounded to the cent.
    hourly = (counted * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    monthly = hourly * hours
    return CostEstimate(
        kind=NURSERY,
        monthly=monthly,
        hourly=hourly,
        explanation=(
            f"Tarif horaire = vos ressources mensuelles ({euros(counted)}) × "
            f"{percent(rate)} ({_children_text(children, household.aeeh)}) = "
            f"{euros(hourly)} de l'heure.",
            f"{euros(hourly)} × {hours_text(hours)} h d'accueil par mois "
            f"({hours_text(volume.weekly_hours)} h par semaine) = {euros(monthly)} par mois, "
            "couches et repas compris.",
            bounds,
        ),
    )


def _childminder_amounts(
    resources: Decimal, rate: Decimal, cost: Decimal, hours: Decimal, params: CostParameters
) -> tuple[Decimal, Decimal]:
    """(CMG, left to pay) for a monthly `cost` over `hours`."""
    assert params.cmg_reference_hourly_cost is not None and params.cmg_hourly_ceiling is not None
    assert params.cmg_resources_floor is not None and params.cmg_resources_ceiling is not None
    counted = _resources(resources, params.cmg_resources_floor, params.cmg_resources_ceiling)
    hourly_cost = cost / hours if hours else Decimal(0)
    capped = min(hourly_cost, params.cmg_hourly_ceiling) * hours
    share = counted * rate / params.cmg_reference_hourly_cost
    cmg = max(Decimal(0), capped * (1 - share))
    return cmg, cost - cmg


def childminder_cost(
    household: Household, volume: CareVolume, tariff: Tariff, params: CostParameters
) -> CostEstimate:
    if params.cmg_reference_hourly_cost is None:
        return CostEstimate(kind=CHILDMINDER, available=False)
    assert params.cmg_hourly_ceiling is not None
    assert params.cmg_resources_floor is not None and params.cmg_resources_ceiling is not None
    hours, days = volume.hours_per_month, volume.days_per_month
    cost = tariff.hourly_wage * hours + (tariff.maintenance_per_day + tariff.meal_per_day) * days
    hourly_cost = cost / hours if hours else Decimal(0)
    children = household.children or 1
    rate = params.effort_rate(children, aeeh=household.aeeh)
    price = (
        f"Coût de la garde : {euros(hourly_cost)} de l'heure (salaire net et indemnités"
        + ("" if tariff.declared else ", tarif de référence national : tarif non renseigné")
        + f") × {hours_text(hours)} h par mois = {euros(cost)}."
    )
    over = (
        (
            f"Au-delà de {euros(params.cmg_hourly_ceiling)} de l'heure, la différence et une "
            "partie des cotisations sociales restent à votre charge (cotisations non comprises "
            "ici).",
        )
        if hourly_cost > params.cmg_hourly_ceiling
        else ("Les cotisations sociales sont prises en charge par la Caf (Pajemploi).",)
    )
    tax = "Avant le crédit d'impôt pour frais de garde."
    if not household.known:
        _, high = _childminder_amounts(params.cmg_resources_ceiling, rate, cost, hours, params)
        _, low = _childminder_amounts(params.cmg_resources_floor, rate, cost, hours, params)
        return CostEstimate(
            kind=CHILDMINDER,
            low=low,
            high=high,
            explanation=(
                price,
                "L'aide de la Caf (complément de libre choix du mode de garde, CMG) dépend de "
                "vos ressources et du nombre d'heures, comme le tarif d'une crèche.",
                *over,
                "Indiquez vos ressources pour une estimation précise.",
            ),
        )
    assert household.monthly_resources is not None
    cmg, left = _childminder_amounts(household.monthly_resources, rate, cost, hours, params)
    return CostEstimate(
        kind=CHILDMINDER,
        monthly=left,
        hourly=left / hours if hours else Decimal(0),
        explanation=(
            price,
            f"Aide de la Caf (CMG) : {euros(cmg)} par mois, calculée comme en crèche : "
            f"vos ressources × {percent(rate)} ({_children_text(children, household.aeeh)}) "
            f"rapportées au tarif de référence de {euros(params.cmg_reference_hourly_cost)} "
            "de l'heure.",
            f"Reste à votre charge : {euros(cost)} − {euros(cmg)} = {euros(left)} par mois, "
            f"soit {euros(left / hours if hours else Decimal(0))} par heure d'accueil.",
            *over,
            tax,
        ),
    )


def estimate(
    *,
    kind: str,
    household: Household,
    volume: CareVolume,
    on: dt.date,
    psu_funded: bool = True,
    tariff: Tariff | None = None,
) -> CostEstimate:
    """The estimate of one option (`kind`: NURSERY or CHILDMINDER) on date `on`."""
    params = parameters_on(on)
    if volume.weekly_hours <= 0:
        return CostEstimate(kind=kind, available=False)
    if kind == NURSERY:
        if not psu_funded:
            return CostEstimate(
                kind=kind,
                available=False,
                explanation=(
                    "Cette crèche n'applique pas le barème national de la Caf : demandez-lui "
                    "son tarif (une aide de la Caf, le CMG « structure », peut s'appliquer).",
                ),
            )
        return nursery_cost(household, volume, params)
    assert params.cmg_reference_hourly_cost is not None or tariff is not None
    tariff = tariff or Tariff(
        hourly_wage=params.cmg_reference_hourly_cost or Decimal(0), declared=False
    )
    return childminder_cost(household, volume, tariff, params)
