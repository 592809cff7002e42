"""The fast paths of the sequential modes equal their straightforward definitions.

The stable mode computes its envy list in the same pass as the serial allocation, with bitmask
counters and "refused for good" caches; candidate generation uses sorted strips and settles most
pairs per provider. Each is checked here against the plain version on random territories.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from random_providers import HOURS, random_providers
from test_properties import SETTINGS, territories

from maillage.matching import CareMode, Policy, Priority, PriorityGrid, allocate
from maillage.matching.allocation.api import build
from maillage.matching.allocation.ledger import Ledger
from maillage.matching.allocation.problem import Problem, consumed_by_provider
from maillage.matching.allocation.sequential import (
    blocking_pairs,
    declaration_order,
    preference_list,
    priority_order,
    serial_allocation,
    stable_allocation,
    stable_assignment,
)
from maillage.matching.builders import childminder, need
from maillage.matching.feasibility import candidate_pairs, check_pairs
from maillage.matching.geo import PointIndex, chord_of_km, km_of_chord, unit_xyz
from maillage.matching.tables import build_need_table, build_provider_table, unique_words


def reference_serial(problem: Problem, order: list[int]) -> Ledger:
    """Serial dictatorship, literally: each entity takes its first preference that fits."""
    ledger = Ledger(problem)
    for e in order:
        chosen = next((p for p in preference_list(problem, e) if ledger.fits(e, p)), None)
        if chosen is not None:
            ledger.add(e, chosen)
    return ledger


def crowded(seed: int, n_needs: int = 160, n_providers: int = 30) -> tuple[list, list]:
    """A territory with more children than places, quotas, siblings and declared wishes."""
    rng = random.Random(seed)
    providers = random_providers(
        rng,
        n_providers,
        spread=0.08,
        sections=(4, 4, 3),
        quota_rate=0.6,
        free_from=False,
        id_width=2,
    )
    ids = [p.id for p in providers]
    needs = []
    for j in range(n_needs):
        group = f"fam-{j // 2}" if j < 20 else None
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
                preferences=tuple(rng.sample(ids, 3)) if rng.random() < 0.2 else (),
                declared=date(2026, 1, 1) + timedelta(days=rng.randint(0, 90)),
                sibling_group=group,
                together=group is not None and j < 12,
            )
        )
    return needs, providers


def check_sequential(needs: list, providers: list) -> None:
    problem = build(needs, providers, Policy(), PriorityGrid())
    for order in (priority_order(problem), declaration_order(problem)):
        reference = reference_serial(problem, order)
        ledger = serial_allocation(problem, order)
        assert ledger.assigned == reference.assigned
        assert np.array_equal(ledger.used, reference.used)
        assert ledger.room == reference.room
        assert np.array_equal(ledger.room_words, reference.room_words)
    ledger, envy = stable_allocation(problem)
    assert envy == blocking_pairs(problem, ledger.assigned)
    assert stable_assignment(problem) == (ledger.assigned, envy)


@SETTINGS
@given(territories())
def test_single_pass_envy_and_serial_allocation_equal_the_plain_ones(territory):
    check_sequential(*territory)


@pytest.mark.parametrize("seed", range(6))
def test_same_on_crowded_territories_with_quotas_siblings_and_wishes(seed):
    needs, providers = crowded(seed)
    check_sequential(needs, providers)
    result = allocate(needs, providers, mode="stable")
    assert not result.blocking_pairs
    again = allocate(needs[::-1], providers[::-1], mode="stable")
    assert replace(again, stats={}) == replace(result, stats={})


def test_quota_envy_is_found_in_the_same_pass():
    found = 0
    for seed in range(6):
        needs, providers = crowded(seed, n_needs=220)
        problem = build(needs, providers, Policy(), PriorityGrid())
        _, envy = stable_assignment(problem)
        found += sum(v.by_quota for v in envy)
    assert found > 0


@pytest.mark.parametrize("seed", range(3))
def test_per_kind_resource_tables_equal_the_per_resource_test(seed):
    needs, providers = crowded(seed)
    problem = build(needs, providers, Policy(), PriorityGrid())
    pt, nt = problem.pt, problem.nt
    active = problem.active_resource
    assert bool(pt.res_excluded.any())  # quota pools are among the resources tested
    for j in range(len(nt.needs)):
        age, elig = int(nt.age[j]), int(nt.elig[j])
        table = consumed_by_provider(pt, active, age, elig)
        assert len(table) == len(pt.providers)
        for p, found in enumerate(table):
            plain = [
                r
                for r in range(int(pt.res_start[p]), int(pt.res_start[p + 1]))
                if active[r]
                and pt.res_age_min[r] <= age < pt.res_age_max[r]
                and not elig & int(pt.res_excluded[r])
            ]
            assert found == plain


@pytest.mark.parametrize("seed", range(4))
def test_candidate_pairs_match_one_query_per_need(seed):
    needs, providers = crowded(seed, n_needs=120)
    policy = Policy()
    nt, pt = build_need_table(needs, PriorityGrid()), build_provider_table(providers, policy)
    index = PointIndex(pt.lat, pt.lon)
    for with_quotas in (False, True):
        fast = candidate_pairs(nt, pt, index, with_quotas=with_quotas)
        expected = set()
        for j in range(len(nt.needs)):
            near, dist = index.within_one(float(nt.lat[j]), float(nt.lon[j]), float(nt.max_km[j]))
            rows = np.full(len(near), j, dtype=np.int64)
            check = check_pairs(nt, pt, rows, near, dist, with_quotas=with_quotas)
            expected |= {(j, int(p)) for p in near[check.reasons == 0]}
        got = set(zip(fast.need.tolist(), fast.provider.tolist(), strict=True))
        assert got == expected
        assert np.all(np.diff(fast.need) >= 0)  # grouped by need


def test_strip_join_equals_brute_force_on_the_sphere():
    rng = np.random.default_rng(3)
    for spread in (0.05, 0.5, 4.0):
        plat, plon = 44 + rng.uniform(0, spread, 300), 2 + rng.uniform(0, spread, 300)
        qlat, qlon = 44 + rng.uniform(-0.1, spread, 500), 2 + rng.uniform(-0.1, spread, 500)
        km = rng.choice([1.0, 3.0, 8.0, 40.0], 500)
        q, p, d = PointIndex(plat, plon).within(qlat, qlon, km)
        chord2 = np.square(unit_xyz(qlat, qlon)[:, None, :] - unit_xyz(plat, plon)[None]).sum(2)
        ok = chord2 <= np.square(chord_of_km(km * (1 + 1e-9)))[:, None]
        bq, bp = np.nonzero(ok)
        assert np.array_equal(q, bq) and np.array_equal(p, bp)
        assert np.allclose(d, km_of_chord(np.sqrt(chord2[bq, bp])))


def test_unique_words_equals_numpy_unique_rows():
    rng = np.random.default_rng(5)
    for _ in range(50):
        n = int(rng.integers(1, 200))
        packed = rng.integers(0, 3, (n, 42)).astype(np.uint8)
        packed = packed[rng.integers(0, n, n)]
        words, ids = unique_words(packed)
        padded = np.zeros((n, 48), dtype=np.uint8)
        padded[:, :42] = packed
        expected, inverse = np.unique(padded.view(np.uint64), axis=0, return_inverse=True)
        assert np.array_equal(words, expected) and np.array_equal(ids, inverse.ravel())


def test_unusual_but_valid_records_still_pass_validation():
    base = need("b-1", lat=45, lon=5, max_km=3)  # ints where floats are usual
    result = allocate([base], [childminder("am-1", capacity=1)], mode="stable")
    assert result.placed == 1
