"""Run by ``test_machine_independence`` in a fresh interpreter: prints one digest of the answers.

Families geocoded to a few commune centres (as real addresses often are), so that many
(family, provider) distances tie: any order that depends on the sorting kernel, the hash seed
or a SIMD variant of a mathematical function shows up in the digest.
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "src")]

from random_providers import HOURS, random_providers  # noqa: E402

from maillage.matching import (  # noqa: E402
    Policy,
    Priority,
    TerritoryState,
    allocate,
    build_options_index,
    family_options,
    suggest_relaxations,
)
from maillage.matching.builders import need  # noqa: E402

POLICIES = {
    "lagrangian": Policy(exact_component_needs=0, lagrangian_candidates=4),
    "exact": Policy(),
    "lp": Policy(exact_component_needs=0, relaxation="lp"),
}


def clustered(seed: int, n_needs: int = 400, n_providers: int = 120, spots: int = 6):
    rng = random.Random(seed)
    providers = random_providers(rng, n_providers, spread=0.1)
    centres = [(45 + rng.uniform(0, 0.1), 5 + rng.uniform(0, 0.1)) for _ in range(spots)]
    needs = []
    for j in range(n_needs):
        lat, lon = rng.choice(centres)
        needs.append(
            need(
                f"b-{j:04d}",
                rng.choice(HOURS),
                age=rng.randint(2, 40),
                lat=lat,
                lon=lon,
                max_km=rng.choice([4.0, 8.0, 15.0]),
                priorities=frozenset(p for p in Priority if rng.random() < 0.2),
            )
        )
    return needs, providers


def answers() -> str:
    digest = hashlib.sha256()
    for seed in (0, 1):
        needs, providers = clustered(seed)
        runs = [allocate(needs, providers, mode="stable")]
        runs += [allocate(needs, providers, mode="optimal", policy=p) for p in POLICIES.values()]
        for result in runs:
            digest.update(
                repr(
                    (result.assignments, result.objective, result.upper_bound)
                    + (result.total_distance_km.hex(), result.unassigned)
                ).encode()
            )
        index = build_options_index(providers, Policy())
        for one in needs[:5]:
            digest.update(repr(family_options(one, providers, index=index)).encode())
        far = replace(needs[0], max_km=0.5)
        digest.update(repr(suggest_relaxations(far, index)).encode())
        state = TerritoryState(needs[:150], providers)
        digest.update(repr(state.add_need(needs[150]).assignments).encode())
        full = replace(providers[0], in_care=providers[0].in_care[:0])
        digest.update(repr(state.update_provider(full).assignments).encode())
    return digest.hexdigest()


if __name__ == "__main__":
    print(answers())
