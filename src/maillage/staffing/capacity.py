"""Places a crèche can open on a day with the staff present: pure, typed, no Django.

The ratio of the 2021 reform (docs/domain.md, `jobs/ratio.py`): one professional for 5 children
who do not walk (the babies' section), one for 8 who walk (middle and older sections), one for 6
in a mixed section; at least 40 % of the required staff holds a most-qualified diploma (AP, EJE,
puériculteur). Unqualified professionals beyond that share count for the rest.

When the staff falls short, every section closes the same share of its places (a crèche does not
refuse babies to keep the older ones), then places are re-opened one by one, cheapest in staff
first, while the ratio still holds: the count is the largest the staff allows in that spirit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

# Children per professional, by kind of section.
CHILDREN_PER_STAFF: dict[str, int] = {"babies": 5, "middle": 8, "older": 8, "mixed": 6}
MIN_QUALIFIED_SHARE = Fraction(2, 5)
# Loads are counted in 1/120 of a professional (120 = lcm(5, 8, 6)): exact integer arithmetic.
UNIT = 120


@dataclass(frozen=True)
class SectionPlaces:
    kind: str  # childcare.enums.AgeGroupKind value
    places: int


@dataclass(frozen=True)
class DayCapacity:
    authorised: int
    can_open: int
    staff_present: int
    qualified_present: int
    required_for_all: int  # professionals needed to open every authorised place
    qualified_required_for_all: int

    @property
    def closed(self) -> int:
        return self.authorised - self.can_open

    @property
    def missing_staff(self) -> int:
        return max(0, self.required_for_all - self.staff_present)

    @property
    def missing_qualified(self) -> int:
        return max(0, self.qualified_required_for_all - self.qualified_present)


def _weight(kind: str) -> int:
    return UNIT // CHILDREN_PER_STAFF.get(kind, 6)


def _required(load: int) -> int:
    """Professionals needed for a load (in 1/UNIT): at least one as soon as a child is there."""
    return max(1, -(-load // UNIT)) if load else 0


def _qualified_needed(required: int) -> int:
    return math.ceil(required * MIN_QUALIFIED_SHARE)


def _fits(load: int, staff: int, qualified: int) -> bool:
    required = _required(load)
    return required <= staff and _qualified_needed(required) <= qualified


def places_that_can_open(
    sections: list[SectionPlaces], *, staff_present: int, qualified_present: int
) -> DayCapacity:
    """How many of the authorised places the present staff can open (see module doc)."""
    if staff_present < 0 or qualified_present < 0 or qualified_present > staff_present:
        raise ValueError("Effectifs présents incohérents.")
    key = tuple((s.kind, s.places) for s in sections if s.places > 0)
    return _capacity(key, staff_present, qualified_present)


@lru_cache(maxsize=65536)
def _capacity(sections: tuple[tuple[str, int], ...], staff: int, qualified: int) -> DayCapacity:
    full = [places for _, places in sections]
    weights = [_weight(kind) for kind, _ in sections]
    authorised = sum(full)
    full_load = sum(n * w for n, w in zip(full, weights, strict=True))
    required_all = _required(full_load)
    if _fits(full_load, staff, qualified):
        counts = full
    else:
        # Staff usable for children: all present, but no more than the qualified share allows.
        usable = (
            min(staff, math.floor(qualified / MIN_QUALIFIED_SHARE))
            if MIN_QUALIFIED_SHARE
            else staff
        )
        share = min(Fraction(1), Fraction(usable * UNIT, full_load))
        counts = [math.floor(n * share) for n in full]
        load = sum(n * w for n, w in zip(counts, weights, strict=True))
        # Re-open places one at a time, walking children first (fewest staff per child).
        order = sorted(range(len(sections)), key=lambda i: (weights[i], i))
        progressed = True
        while progressed:
            progressed = False
            for i in order:
                if counts[i] < full[i] and _fits(load + weights[i], staff, qualified):
                    counts[i] += 1
                    load += weights[i]
                    progressed = True
    return DayCapacity(
        authorised=authorised,
        can_open=sum(counts),
        staff_present=staff,
        qualified_present=qualified,
        required_for_all=required_all,
        qualified_required_for_all=_qualified_needed(required_all),
    )
