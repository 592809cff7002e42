"""Independent reference checks used by the property and cross-check tests.

They re-implement the rules of docs/domain.md in plain Python, slot by slot, without the
engine's compiled tables, so that the engine is checked against a second reading of the rules.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from maillage.matching import CareMode, Need, Policy, Provider
from maillage.matching.geo import haversine_km
from maillage.matching.schedule import N_SLOTS


def distance(need: Need, provider: Provider) -> float:
    return float(
        haversine_km(
            np.array([need.lat]),
            np.array([need.lon]),
            np.array([provider.lat]),
            np.array([provider.lon]),
        )[0]
    )


def section(provider: Provider, age: int) -> str | None:
    for group in provider.groups:
        if group.min_months <= age < group.max_months:
            return group.name
    return None


def pair_feasible(need: Need, provider: Provider, policy: Policy) -> bool:
    """Static feasibility (mode, age, start, hours, distance); capacity is checked jointly."""
    age = need.age_months
    assert age is not None
    if provider.kind not in need.modes or provider.free_from > need.start:
        return False
    if not policy.min_age_months <= age <= policy.max_age_months:
        return False
    if provider.kind is CareMode.NURSERY:
        if section(provider, age) is None:
            return False
    else:
        high = provider.max_age_months if provider.max_age_months is not None else math.inf
        if not provider.min_age_months <= age < high:
            return False
    if not need.schedule.issubset(provider.opening):
        return False
    return distance(need, provider) <= need.max_km + 1e-9


def capacity_rows(provider: Provider, policy: Policy) -> list[tuple[str, list[int], object]]:
    """(label, residual per slot, predicate on a new child's age) rows of one provider."""
    rows: list[tuple[str, list[int], object]] = []

    def residual(limit: int, counts) -> list[int]:
        return [limit - sum(counts(c)[t] for c in provider.in_care) for t in range(N_SLOTS)]

    if provider.kind is CareMode.NURSERY:
        for group in provider.groups:
            rows.append(
                (
                    group.name,
                    residual(
                        group.places,
                        lambda c, g=group: (
                            c.schedule.array * (g.min_months <= c.age_months < g.max_months)
                        ),
                    ),
                    lambda age, g=group: g.min_months <= age < g.max_months,
                )
            )
        total = sum(g.places for g in provider.groups)
        rows.append(("total", residual(total, lambda c: c.schedule.array), lambda age: True))
    else:
        n = provider.assistants
        rows.append(
            (
                "agrement",
                residual(provider.capacity, lambda c: c.schedule.array * (not c.own_child)),
                lambda age: True,
            )
        )
        rows.append(
            (
                "moins_11",
                residual(
                    policy.max_minors_under_11 * n,
                    lambda c: c.schedule.array * (c.age_months < 132),
                ),
                lambda age: age < 132,
            )
        )
        rows.append(
            (
                "moins_3",
                residual(policy.max_under_3 * n, lambda c: c.schedule.array * (c.age_months < 36)),
                lambda age: age < 36,
            )
        )
    return rows


def assert_capacity_respected(assignments, needs, providers, policy: Policy) -> None:
    by_id = {n.id: n for n in needs}
    for provider in providers:
        kids = [by_id[a.need_id] for a in assignments if a.provider_id == provider.id]
        for label, residual, applies in capacity_rows(provider, policy):
            load = np.zeros(N_SLOTS, dtype=int)
            for kid in kids:
                if applies(kid.age_months):
                    load += kid.schedule.array
            over = np.flatnonzero(load > np.maximum(residual, 0))
            assert len(over) == 0, f"{provider.id} {label} dépassé aux créneaux {over[:5]}"


@pytest.fixture(scope="session")
def reference() -> SimpleNamespace:
    """The reference checks, as a session fixture (usable with Hypothesis)."""
    return SimpleNamespace(
        distance=distance,
        pair_feasible=pair_feasible,
        capacity_rows=capacity_rows,
        assert_capacity_respected=assert_capacity_respected,
        section=section,
    )
