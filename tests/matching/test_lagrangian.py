"""Lagrangian relaxation path (``Policy(relaxation="lagrangian")``) for large components.

The bound must be valid for *any* multipliers λ ≥ 0, the primal feasible (independent
slot-by-slot checker of ``conftest.py``), the gap consistent, the result deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest

from maillage.matching import Policy, PriorityGrid, allocate
from maillage.matching.allocation.api import build
from maillage.matching.allocation.class_rows import class_rows
from maillage.matching.allocation.optimal import components

LAGRANGIAN = {
    "exact_component_needs": 0,
    "relaxation": "lagrangian",
    "lagrangian_iterations": (20, 30, 30),
}


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


def test_factored_rows_price_pairs_like_the_explicit_matrix():
    """``prices(λ)`` (pair → type → rows) equals ``Aᵀλ`` of the explicit matrix, siblings too."""
    from maillage.matching.allocation.class_rows import row_model

    instance = _instance(4)
    problem = build(instance.needs, instance.providers, Policy(), PriorityGrid())
    assert any(len(m) > 1 for m in problem.members)
    pairs = np.arange(len(problem.pair_entity))
    model = row_model(problem, pairs)
    assert model.n_rows > 0
    lam = np.random.default_rng(0).random(model.n_rows)
    np.testing.assert_allclose(model.prices(lam), model.pair_matrix().T @ lam)


def test_dominated_rows_are_dropped_like_a_brute_force_check():
    from maillage.matching.allocation.class_rows import _undominated

    rng = np.random.default_rng(3)
    row_r = np.sort(rng.integers(0, 6, 60))
    pattern = rng.random((60, 70)) < 0.8
    cap = rng.integers(0, 4, 60)
    keep = _undominated(row_r, pattern, cap)
    for i in range(60):
        dominated = False
        for j in range(60):
            if i == j or row_r[i] != row_r[j] or cap[j] > cap[i]:
                continue
            if not np.any(pattern[i] & ~pattern[j]):
                identical = not np.any(pattern[j] & ~pattern[i]) and cap[j] == cap[i]
                dominated |= not identical or j < i
        assert keep[i] == (not dominated)


def test_projected_quasi_newton_reaches_the_bound_constrained_minimum():
    """min ½‖x − c‖² over x ≥ 0 is max(c, 0)."""
    from maillage.matching.allocation.quasi_newton import minimise

    c = np.random.default_rng(5).normal(size=200)

    def fun(x):
        return float(0.5 * ((x - c) ** 2).sum()), x - c, x

    x, _ = minimise(fun, np.zeros(200), 50, 10)
    np.testing.assert_allclose(x, np.maximum(c, 0), atol=1e-6)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lagrangian_iterations", (10, 10)),
        ("lagrangian_iterations", (10, 0, 10)),
        ("lagrangian_candidates", 0),
        ("lagrangian_distance_weight", -1.0),
        ("milp_rescue_gap", 1.5),
        ("lagrangian_check_after", 0),
        ("lagrangian_round_shares", ()),
        ("lagrangian_round_shares", (0.3, 0.0)),
        ("lagrangian_round_shares", (1.5,)),
        ("lagrangian_reround_within", -0.1),
        ("reround_exchange_options", -1),
    ],
)
def test_solver_knobs_are_validated(field, value):
    from maillage.matching import InvalidConfigurationError

    instance = _instance(1)
    with pytest.raises(InvalidConfigurationError) as info:
        allocate(instance.needs, instance.providers, policy=Policy(**{field: value}))
    assert info.value.field == field


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_extra_stages_when_the_gap_is_above_target_keep_the_better_primal(seed, reference):
    instance = _instance(seed)
    grid = PriorityGrid()
    exact = allocate(instance.needs, instance.providers, mode="optimal", grid=grid)
    base = Policy(**LAGRANGIAN, lagrangian_extra_rounds=0)
    more = Policy(**LAGRANGIAN, lagrangian_target_gap=0.0, lagrangian_extra_iterations=20)
    first = allocate(instance.needs, instance.providers, mode="optimal", policy=base, grid=grid)
    second = allocate(instance.needs, instance.providers, mode="optimal", policy=more, grid=grid)
    assert second.objective >= first.objective
    assert second.objective <= exact.objective <= second.upper_bound
    if first.gap:  # a zero gap needs no extra stage
        assert second.stats["lagrangian_iterations"] > first.stats["lagrangian_iterations"]
    reference.assert_capacity_respected(
        second.assignments, instance.needs, instance.providers, more
    )


def _thresholds_tried(monkeypatch, instance, policy):
    """(result, the rounding thresholds of every primal built, in order)."""
    from maillage.matching.allocation import optimal

    tried: list[float] = []
    primal = optimal._primal

    def recording(*args):
        tried.append(args[7])  # problem, ledger, ents, pairs, share, outcome, policy, threshold
        return primal(*args)

    with monkeypatch.context() as patch:
        patch.setattr(optimal, "_primal", recording)
        result = allocate(instance.needs, instance.providers, mode="optimal", policy=policy)
    return result, tried


@pytest.mark.parametrize("seed", [1, 3])
def test_a_primal_just_above_the_target_is_rounded_again_at_the_next_thresholds(
    seed, monkeypatch, reference
):
    """Under shortage the primal binds, and the best rounding threshold varies: when the
    first misses the target gap by at most ``lagrangian_reround_within``, the next ones are
    tried in turn and the best primal kept; further off (or met), one rounding only."""
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=seed, childminders=150, creches=10, houses=5, needs=500)
    common = {
        "exact_component_needs": 0,
        "milp_rescue_needs": 0,
        "polish_window_needs": 0,
        "lagrangian_target_gap": 0.0,
        "lagrangian_extra_rounds": 0,
    }
    shares = (0.3, 0.7, 0.05)
    single = Policy(**common, lagrangian_round_shares=shares[:1])
    never = Policy(**common, lagrangian_round_shares=shares, lagrangian_reround_within=0.0)
    always = Policy(**common, lagrangian_round_shares=shares, lagrangian_reround_within=1.0)
    one, tried_one = _thresholds_tried(monkeypatch, instance, single)
    off, tried_off = _thresholds_tried(monkeypatch, instance, never)
    every, tried_every = _thresholds_tried(monkeypatch, instance, always)
    assert tried_one and set(tried_one) == set(tried_off) == {0.3}
    assert off.assignments == one.assignments
    # above the target (0) at a check: every threshold in turn, in order; a component at its
    # bound after a rounding tries no more
    assert one.gap > 0
    assert 0.7 in tried_every
    for at, threshold in enumerate(tried_every):
        if threshold != shares[0]:
            assert tried_every[at - 1] == shares[shares.index(threshold) - 1]
    # the same dual path, the best primal kept at each check (or proven optimal sooner)
    assert every.objective >= one.objective
    assert every.objective <= (every.upper_bound or 0)
    reference.assert_capacity_respected(
        every.assignments, instance.needs, instance.providers, always
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stages_stop_at_the_first_gap_within_the_target(seed):
    """A primal after each stage from ``lagrangian_check_after`` on; the first within the
    target gap ends the run (a rule on work: same stop on every machine)."""
    instance = _instance(seed)
    stages = {"lagrangian_temperatures": (0.02, 0.006, 0.002), "lagrangian_extra_rounds": 0}
    run = {}
    for name, settings in {
        "loose": {"lagrangian_check_after": 1, "lagrangian_target_gap": 0.5},
        "default": {},
        "strict": {"lagrangian_target_gap": 0.0},
    }.items():
        policy = Policy(**{**LAGRANGIAN, **stages, **settings})
        run[name] = allocate(instance.needs, instance.providers, mode="optimal", policy=policy)
    first_stage = LAGRANGIAN["lagrangian_iterations"][0]
    components = run["loose"].stats["components"] - run["loose"].stats["exact_components"]
    assert run["loose"].gap <= 0.5
    # one stage per component (plus a line search's extra evaluations)
    assert run["loose"].stats["lagrangian_iterations"] <= components * (first_stage + 5)
    iterations = [
        run[name].stats["lagrangian_iterations"] for name in ("loose", "default", "strict")
    ]
    assert iterations == sorted(iterations)
    # every primal of the looser runs is among those the strict run compared
    assert run["strict"].objective >= run["default"].objective
    assert run["strict"].upper_bound <= run["loose"].upper_bound


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_distance_swaps_shorten_trips_and_keep_the_weighted_count(seed, reference):
    instance = _instance(seed)
    grid = PriorityGrid()
    plain = Policy(**LAGRANGIAN)
    swaps = Policy(**LAGRANGIAN, distance_swaps=8)
    first = allocate(instance.needs, instance.providers, mode="optimal", policy=plain, grid=grid)
    second = allocate(instance.needs, instance.providers, mode="optimal", policy=swaps, grid=grid)
    assert second.objective == first.objective
    assert {a.need_id for a in second.assignments} == {a.need_id for a in first.assignments}
    assert second.total_distance_km <= first.total_distance_km + 1e-6
    reference.assert_capacity_respected(
        second.assignments, instance.needs, instance.providers, swaps
    )
