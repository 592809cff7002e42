"""Lagrangian relaxation path (``Policy(relaxation="lagrangian")``) for large components.

The bound must be valid for *any* multipliers λ ≥ 0, the primal feasible (independent
slot-by-slot checker of ``conftest.py``), the gap consistent, the result deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest

from maillage.matching import Policy, PriorityGrid, allocate
from maillage.matching.allocation.api import build
from maillage.matching.allocation.lagrangian import class_rows
from maillage.matching.allocation.optimal import components

LAGRANGIAN = {"exact_component_needs": 0, "relaxation": "lagrangian", "lagrangian_iterations": 40}


def _instance(seed: int):
    from bench.matching.generate import departement

    return departement(
        seed=seed, childminders=30, creches=3, needs=120 + 5 * seed, houses=2, code="97"
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_bound_is_above_the_exact_optimum_and_primal_is_feasible(seed, reference):
    instance = _instance(seed)
    grid = PriorityGrid()
    exact = allocate(instance.needs, instance.providers, mode="optimal", grid=grid)
    assert exact.stats["exact_components"] == exact.stats["components"]
    policy = Policy(**LAGRANGIAN)
    result = allocate(instance.needs, instance.providers, mode="optimal", policy=policy, grid=grid)
    assert result.upper_bound is not None
    assert result.objective <= exact.objective <= result.upper_bound
    reference.assert_capacity_respected(
        result.assignments, instance.needs, instance.providers, policy
    )
    assert result.stats["lagrangian_iterations"] > 0
    assert result.gap == pytest.approx((result.upper_bound - result.objective) / result.upper_bound)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dual_function_bounds_the_optimum_for_random_multipliers(seed):
    """L(λ) = Σ_e max(0, max_k obj_k − (Aᵀλ)_k) + λ·b ≥ optimum for every λ ≥ 0."""
    instance = _instance(seed)
    policy, grid = Policy(), PriorityGrid()
    exact = allocate(instance.needs, instance.providers, mode="optimal", policy=policy, grid=grid)
    problem = build(instance.needs, instance.providers, policy, grid)
    rng = np.random.default_rng(seed)
    slack = 0.0
    samples = []
    for ents in components(problem):
        pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
        dmax = np.zeros(problem.n_entities)
        np.maximum.at(dmax, problem.pair_entity[pairs], problem.pair_distance[pairs])
        eps = 1.0 / (2.0 + float(dmax.sum()))
        obj = problem.weight[problem.pair_entity[pairs]] - eps * problem.pair_distance[pairs]
        rows = class_rows(problem, pairs)
        seg = np.flatnonzero(np.r_[True, np.diff(problem.pair_entity[pairs]) != 0])
        values = []
        for scale in (0.0, 0.5, 2.0, 10.0):
            lam = scale * rng.random(len(rows.rhs))
            reduced = obj - rows.matrix.T @ lam
            values.append(
                float(np.maximum(np.maximum.reduceat(reduced, seg), 0).sum() + lam @ rows.rhs)
            )
        samples.append(values)
        slack += eps * float(dmax.sum())
    for k in range(4):
        bound = sum(v[k] for v in samples) + slack
        assert bound + 1e-6 >= exact.objective


def test_lagrangian_path_is_deterministic():
    instance = _instance(2)
    policy, grid = Policy(**LAGRANGIAN), PriorityGrid()
    first = allocate(instance.needs, instance.providers, mode="optimal", policy=policy, grid=grid)
    again = allocate(
        list(reversed(instance.needs)),
        list(reversed(instance.providers)),
        mode="optimal",
        policy=policy,
        grid=grid,
    )
    assert first.assignments == again.assignments
    assert first.upper_bound == again.upper_bound


def test_unknown_relaxation_is_rejected():
    from maillage.matching import InvalidConfigurationError

    instance = _instance(1)
    with pytest.raises(InvalidConfigurationError) as info:
        allocate(instance.needs, instance.providers, policy=Policy(relaxation="simplex"))
    assert info.value.field == "relaxation"
