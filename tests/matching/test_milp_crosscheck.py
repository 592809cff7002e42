"""Cross-check: an exact CP-SAT model, built slot by slot from the rules (independently of the
engine's tables and row aggregation), reaches the same primary objective as the optimal mode."""

from __future__ import annotations

import pytest

from maillage.matching import Policy, PriorityGrid, allocate
from maillage.matching.schedule import N_SLOTS

cp_model = pytest.importorskip("ortools.sat.python.cp_model")


def exact_objective(needs, providers, policy, grid, reference) -> int:
    model = cp_model.CpModel()
    units: dict[str, list] = {}
    for n in needs:
        key = n.sibling_group if n.siblings_together else n.id
        units.setdefault(key, []).append(n)
    x = {}
    for key, members in sorted(units.items()):
        for p in providers:
            if all(reference.pair_feasible(n, p, policy) for n in members):
                x[key, p.id] = model.new_bool_var(f"x_{key}_{p.id}")
        model.add(sum(v for (k, _), v in x.items() if k == key) <= 1)
    for p in providers:
        for _label, residual, applies in reference.capacity_rows(p, policy):
            terms_by_slot: dict[int, list] = {}
            for key, members in units.items():
                if (key, p.id) not in x:
                    continue
                for n in members:
                    if applies(n.age_months):
                        for t in range(N_SLOTS):
                            if n.schedule.array[t]:
                                terms_by_slot.setdefault(t, []).append(x[key, p.id])
            for t, terms in terms_by_slot.items():
                model.add(sum(terms) <= max(0, residual[t]))
    model.maximize(
        sum(sum(grid.weight(n.priorities) for n in units[key]) * var for (key, _), var in x.items())
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 1
    solver.parameters.max_time_in_seconds = 60
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_optimal_mode_matches_exact_model(seed, reference):
    from bench.matching.generate import departement

    instance = departement(
        seed=seed, childminders=40, creches=0, needs=150 + 10 * seed, houses=3, code="99"
    )
    # shrink the territory so that families compete for the same places
    policy, grid = Policy(), PriorityGrid()
    result = allocate(instance.needs, instance.providers, mode="optimal", policy=policy, grid=grid)
    expected = exact_objective(instance.needs, instance.providers, policy, grid, reference)
    assert result.objective == expected
    assert result.upper_bound is not None and result.upper_bound >= expected


@pytest.mark.parametrize("relaxation", ["lagrangian", "lp"])
@pytest.mark.parametrize("seed", [5, 6])
def test_relaxation_path_is_within_its_bound(seed, relaxation, reference):
    """Force a relaxation path (no exact MILP) and check it against the exact optimum."""
    from bench.matching.generate import departement

    instance = departement(seed=seed, childminders=40, creches=0, needs=160, houses=3, code="98")
    policy, grid = Policy(exact_component_needs=0, relaxation=relaxation), PriorityGrid()
    result = allocate(instance.needs, instance.providers, mode="optimal", policy=policy, grid=grid)
    expected = exact_objective(instance.needs, instance.providers, policy, grid, reference)
    assert result.objective <= expected <= (result.upper_bound or 0)
    assert result.objective >= 0.95 * expected  # LP rounding + repair: a heuristic, bounded
