"""Same input, same answer: every mode, run twice on shuffled input, repeats bit for bit.

No limit of the engine is counted in seconds (the exact MILP stops after a number of
branch-and-bound nodes, the Lagrangian after a number of iterations), and both tables sort
their records by id, so neither the input order nor the machine's speed can change a result.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_providers import HOURS, random_providers

from maillage.matching import AllocationResult, CareMode, Policy, Priority, allocate
from maillage.matching.builders import need

POLICIES = {
    "exact": Policy(),
    "exact, node limit reached": Policy(milp_node_limit=1),
    "lagrangian": Policy(exact_component_needs=0),
    "lp": Policy(exact_component_needs=0, relaxation="lp"),
    "few candidates": Policy(exact_component_needs=0, max_candidates_per_need=2),
}


def territory(seed: int, n_needs: int, n_providers: int):
    rng = random.Random(seed)
    providers = random_providers(rng, n_providers, spread=0.08)
    needs = []
    for j in range(n_needs):
        needs.append(
            need(
                f"b-{j:03d}",
                rng.choice(HOURS),
                age=rng.randint(2, 40),
                lat=45 + rng.uniform(0, 0.08),
                lon=5 + rng.uniform(0, 0.08),
                max_km=rng.choice([2.0, 4.0, 8.0]),
                priorities=frozenset(p for p in Priority if rng.random() < 0.2),
                modes=rng.choice([frozenset(CareMode), frozenset({CareMode.CHILDMINDER})]),
                declared=date(2026, 1, 1) + timedelta(days=rng.randint(0, 90)),
            )
        )
    if n_needs >= 4:
        for k in (2, 3):
            needs[k] = replace(needs[k], sibling_group="fam", siblings_together=True)
    return needs, providers


def fingerprint(result: AllocationResult) -> tuple[object, ...]:
    """Everything but the timings."""
    stats = {k: v for k, v in result.stats.items() if not k.endswith("seconds")}
    return (
        result.assignments,
        result.unassigned,
        result.objective,
        result.upper_bound,
        result.gap,
        result.total_distance_km,
        result.blocking_pairs,
        result.quota_envy,
        result.report,
        tuple(sorted(stats.items())),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 10**6),
    st.integers(1, 40),
    st.integers(1, 12),
    st.sampled_from(sorted(POLICIES)),
    st.randoms(use_true_random=False),
)
def test_every_mode_repeats_bit_for_bit_on_shuffled_input(seed, n_needs, n_prov, name, rnd):
    needs, providers = territory(seed, n_needs, n_prov)
    policy = POLICIES[name]
    for mode in ("optimal", "stable", "premier_arrive"):
        first = allocate(needs, providers, mode=mode, policy=policy)
        shuffled_needs, shuffled_providers = list(needs), list(providers)
        rnd.shuffle(shuffled_needs)
        rnd.shuffle(shuffled_providers)
        again = allocate(shuffled_needs, shuffled_providers, mode=mode, policy=policy)
        assert fingerprint(again) == fingerprint(first), (mode, name)


def test_a_component_at_the_milp_node_limit_repeats_bit_for_bit():
    """A component large enough for branch and bound, stopped by the node limit: the same
    solution and the same dual bound every time (with a wall-clock limit they varied)."""
    needs, providers = territory(7, 250, 60)
    policy = Policy(milp_node_limit=3)
    runs = [allocate(needs, providers, policy=policy) for _ in range(3)]
    runs.append(allocate(needs[::-1], providers[::-1], policy=policy))
    assert runs[0].stats["exact_components"] >= 1
    assert len({fingerprint(r) for r in runs}) == 1
