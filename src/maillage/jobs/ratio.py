"""Crèche staffing ratio (taux d'encadrement): pure, typed, every figure a policy parameter.

Defaults follow the 2021 reform as recalled in docs/domain.md *(verify)*: one professional for
5 children who do not walk and one for 8 who walk, or one for 6 on average; a minimum share of
the most qualified professionals (auxiliaire de puériculture, EJE, infirmier/puériculteur).
The required staff is ``ceil(not_walking / 5 + walking / 8)``, computed on exact fractions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from maillage.jobs.enums import Qualification


class RatioMode(StrEnum):
    BY_WALKING = "by_walking"
    AVERAGE = "average"


class RatioInputError(ValueError):
    """Bad input to the ratio: the message is French and shown as is."""


MOST_QUALIFIED: frozenset[str] = frozenset(
    {
        Qualification.AUXILIAIRE_PUERICULTURE,
        Qualification.EJE,
        Qualification.INFIRMIER_PUERICULTEUR,
    }
)


@dataclass(frozen=True)
class StaffingPolicy:
    mode: RatioMode = RatioMode.BY_WALKING
    children_per_staff_not_walking: int = 5
    children_per_staff_walking: int = 8
    children_per_staff_average: int = 6
    # Share of the required staff that must hold one of ``most_qualified`` (verify: 40 %).
    min_qualified_share: Fraction = Fraction(2, 5)
    most_qualified: frozenset[str] = MOST_QUALIFIED
    # At least this many professionals as soon as one child is present.
    min_staff_with_children: int = 1

    def __post_init__(self) -> None:
        for name in (
            "children_per_staff_not_walking",
            "children_per_staff_walking",
            "children_per_staff_average",
        ):
            if getattr(self, name) <= 0:
                raise RatioInputError(
                    "Le taux d'encadrement doit compter au moins un enfant par professionnel "
                    "(un taux de zéro n'a pas de sens)."
                )
        if not 0 <= self.min_qualified_share <= 1:
            raise RatioInputError(
                "La part minimale de professionnels diplômés doit être comprise entre 0 et 100 %."
            )
        if self.min_staff_with_children < 0:
            raise RatioInputError("Le nombre minimal de professionnels ne peut pas être négatif.")


DEFAULT_POLICY = StaffingPolicy()


@dataclass(frozen=True)
class StaffNeed:
    """``count`` substitutes holding at least ``qualification`` (or any of the same level)."""

    qualification: str
    count: int

    @property
    def label(self) -> str:
        return Qualification(self.qualification).label


@dataclass(frozen=True)
class StaffingResult:
    required_total: int
    required_qualified: int
    present_total: int
    present_qualified: int
    needs: tuple[StaffNeed, ...] = field(default_factory=tuple)

    @property
    def missing_total(self) -> int:
        return sum(need.count for need in self.needs)

    @property
    def missing_qualified(self) -> int:
        return sum(n.count for n in self.needs if n.qualification != Qualification.CAP_AEPE)

    @property
    def ratio_respected(self) -> bool:
        return self.missing_total == 0

    def summary_fr(self) -> str:
        head = (
            f"{self.required_total} professionnel(s) requis dont {self.required_qualified} "
            f"diplômé(s) (AP, EJE ou puériculteur) ; {self.present_total} présent(s) dont "
            f"{self.present_qualified} diplômé(s)."
        )
        if self.ratio_respected:
            return head + " Le taux d'encadrement est respecté."
        parts = [f"{n.count} × {n.label}" for n in self.needs if n.count]
        return (
            head + " Taux d'encadrement non respecté : il manque "
            f"{self.missing_total} professionnel(s) ({', '.join(parts)})."
        )


def _check_count(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RatioInputError(f"Le nombre {what} doit être un nombre entier.")
    if value < 0:
        raise RatioInputError(f"Le nombre {what} ne peut pas être négatif (reçu : {value}).")


def staffing_need(
    *,
    not_walking: int,
    walking: int,
    staff_present: Mapping[str, int],
    policy: StaffingPolicy = DEFAULT_POLICY,
) -> StaffingResult:
    """How many professionals, of which qualification, are missing in a section."""
    _check_count(not_walking, "d'enfants qui ne marchent pas")
    _check_count(walking, "d'enfants qui marchent")
    for qualification, count in staff_present.items():
        if qualification not in Qualification.values:
            raise RatioInputError(f"Diplôme inconnu : « {qualification} ».")
        _check_count(count, f"de professionnels « {Qualification(qualification).label} »")

    children = not_walking + walking
    if children == 0:
        required = Fraction(0)
    elif policy.mode == RatioMode.AVERAGE:
        required = Fraction(children, policy.children_per_staff_average)
    else:
        required = Fraction(not_walking, policy.children_per_staff_not_walking) + Fraction(
            walking, policy.children_per_staff_walking
        )
    required_total = math.ceil(required)
    if children:
        required_total = max(required_total, policy.min_staff_with_children)
    required_qualified = math.ceil(required_total * Fraction(policy.min_qualified_share))

    present_total = sum(staff_present.values())
    present_qualified = sum(
        count for q, count in staff_present.items() if q in policy.most_qualified
    )
    missing_qualified = max(0, required_qualified - present_qualified)
    missing_total = max(0, required_total - present_total, missing_qualified)
    needs = []
    if missing_qualified:
        needs.append(StaffNeed(Qualification.AUXILIAIRE_PUERICULTURE, missing_qualified))
    if missing_total - missing_qualified:
        needs.append(StaffNeed(Qualification.CAP_AEPE, missing_total - missing_qualified))
    return StaffingResult(
        required_total=required_total,
        required_qualified=required_qualified,
        present_total=present_total,
        present_qualified=present_qualified,
        needs=tuple(needs),
    )
