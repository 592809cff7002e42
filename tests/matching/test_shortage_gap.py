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
    result = allocate(instance.needs, instance.providers, policy=Policy(exact_component_needs=0))
    assert result.stats["exact_components"] == 0
    assert result.objective <= exact.objective <= (result.upper_bound or 0)
    assert exact.objective - result.objective <= 0.01 * exact.objective
