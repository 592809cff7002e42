"""Under shortage (75 % of places taken by part-time children), the optimal mode's large-
component path stays within 1 % of the exact optimum, computed by the MILP with no limit."""

from __future__ import annotations

import pytest

from maillage.matching import Policy, allocate


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lagrangian_path_is_within_one_percent_of_the_exact_optimum(seed):
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=seed, childminders=150, creches=10, houses=5, needs=500)
    # the exact optimum of the same problem: every component to the MILP, no node limit and
    # no clock (HiGHS proves optimality: gap 0)
    exact = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=10**9, milp_node_limit=10**9),
    )
    assert exact.gap == 0.0 and exact.stats["exact_components"] == exact.stats["components"]
    # the path of département-scale components, forced here on every component
    result = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=0, milp_rescue_needs=0, polish_window_needs=0),
    )
    assert result.stats["exact_components"] == 0
    assert result.objective <= exact.objective <= (result.upper_bound or 0)
    assert exact.objective - result.objective <= 0.01 * exact.objective


@pytest.mark.parametrize("seed", [1, 3])
def test_a_component_left_above_the_target_gap_is_rescued_by_the_milp(seed):
    """The Lagrangian bound is the LP bound: on some territories it lies above the optimum by
    more than the target gap. Such a component (small enough) goes to the MILP as well; here
    every component is forced through the Lagrangian path with a target of 0, so that every
    one whose Lagrangian gap is not 0 is rescued, and the result is the exact optimum, proven."""
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=seed, childminders=150, creches=10, houses=5, needs=500)
    exact = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=10**9, milp_node_limit=10**9),
    )
    alone = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=0, milp_rescue_needs=0, polish_window_needs=0),
    )
    rescued = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(
            exact_component_needs=0,
            lagrangian_target_gap=0.0,
            milp_rescue_gap=0.0,
            milp_node_limit=10**9,
        ),
    )
    assert alone.gap and alone.gap > 0 and alone.stats["rescued_components"] == 0
    assert 1 <= rescued.stats["rescued_components"] <= rescued.stats["components"]
    assert rescued.objective == exact.objective == rescued.upper_bound
    assert rescued.upper_bound <= (alone.upper_bound or 0)
    assert rescued.objective >= alone.objective
    again = allocate(
        list(reversed(instance.needs)),
        list(reversed(instance.providers)),
        policy=Policy(
            exact_component_needs=0,
            lagrangian_target_gap=0.0,
            milp_rescue_gap=0.0,
            milp_node_limit=10**9,
        ),
    )
    assert again.assignments == rescued.assignments and again.upper_bound == rescued.upper_bound


@pytest.mark.parametrize("rescue_gap", [0.002, 0.02])
def test_the_rescue_stops_once_proven_within_its_gap(rescue_gap):
    """The MILP rescue stops as soon as its solution is proven within ``milp_rescue_gap`` (a
    rule on work: the same stop on every machine); the reported gap is then within it."""
    from bench.matching.shortage import shortage_departement

    # seed 1: a component whose Lagrangian gap stays above 0 (on seed 2 every component now
    # reaches its bound without the MILP)
    instance = shortage_departement(seed=1, childminders=150, creches=10, houses=5, needs=500)
    policy = Policy(
        exact_component_needs=0,
        lagrangian_target_gap=0.0,
        milp_rescue_gap=rescue_gap,
        milp_node_limit=10**9,
    )
    result = allocate(instance.needs, instance.providers, policy=policy)
    assert result.stats["rescued_components"] >= 1
    assert result.gap is not None and result.gap <= rescue_gap + 0.002  # + ε·distance, floors


def test_a_component_within_the_target_gap_is_not_rescued():
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=1, childminders=150, creches=10, houses=5, needs=500)
    result = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=0, lagrangian_target_gap=1.0),
    )
    assert result.stats["rescued_components"] == 0


def test_a_large_component_above_the_target_gap_is_polished_window_by_window():
    """Too large for the rescue, a component above the target has its families re-solved by
    the MILP in windows, everyone else's place fixed: better, the same on any input order,
    never above the exact optimum, and the bound untouched."""
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=1, childminders=150, creches=10, houses=5, needs=500)
    exact = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=10**9, milp_node_limit=10**9),
    )
    lagrangian = Policy(exact_component_needs=0, milp_rescue_needs=0, polish_window_needs=0)
    alone = allocate(instance.needs, instance.providers, policy=lagrangian)
    polish = Policy(
        exact_component_needs=0,
        milp_rescue_needs=0,
        lagrangian_target_gap=0.0,
        polish_window_needs=60,
    )
    polished = allocate(instance.needs, instance.providers, policy=polish)
    assert polished.stats["polished_windows"] >= 1
    assert alone.objective < polished.objective <= exact.objective
    assert polished.upper_bound == alone.upper_bound
    again = allocate(
        list(reversed(instance.needs)), list(reversed(instance.providers)), policy=polish
    )
    assert again.assignments == polished.assignments


def test_later_sweeps_solve_the_families_at_the_window_edges_together():
    """A sweep by latitude leaves the families on both sides of each window edge optimised
    apart; the sweep shifted by half a window, then the one by longitude, join them. Each
    sweep only adds to the first (never worse), stays below the exact optimum and leaves the
    bound alone; the same on reversed input."""
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=1, childminders=150, creches=10, houses=5, needs=500)
    exact = allocate(
        instance.needs,
        instance.providers,
        policy=Policy(exact_component_needs=10**9, milp_node_limit=10**9),
    )
    base = {
        "exact_component_needs": 0,
        "milp_rescue_needs": 0,
        "lagrangian_target_gap": 0.0,
        "polish_window_needs": 60,
    }
    one = allocate(instance.needs, instance.providers, policy=Policy(**base, polish_sweeps=1))
    three = allocate(instance.needs, instance.providers, policy=Policy(**base, polish_sweeps=3))
    assert three.stats["polished_windows"] > one.stats["polished_windows"] >= 1
    assert one.objective < three.objective <= exact.objective
    assert three.upper_bound == one.upper_bound
    again = allocate(
        list(reversed(instance.needs)),
        list(reversed(instance.providers)),
        policy=Policy(**base, polish_sweeps=3),
    )
    assert again.assignments == three.assignments
