"""The compiled steps of the problem's build give what their numpy code gives.

Session 10 moved three more steps into ``matching/native``: the per-need cap and sort of the
candidate pairs (``cap.c``), the row model's dominated rows (``rows.c``) and, in the candidate
search, a branch-free strip join reading the provider tables in point order (``strips.c``,
covered by ``test_native``). Each is run both ways here, on inputs made to hit the cases the
fast paths must not change: sibling groups, families naming far providers, ties in distance.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from maillage.matching import Policy, PriorityGrid, native
from maillage.matching.allocation import cap as cap_module
from maillage.matching.allocation import class_rows
from maillage.matching.allocation.api import build

COMPILED = native.kernels()
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="no compiled kernels here")


def _crowded_instance(seed: int):
    """A small shortage département where providers share addresses (ties in metres) and one
    family in five names three far providers in its preferences."""
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=seed, childminders=300, creches=20, needs=1_500)
    providers = list(instance.providers)
    for k in range(0, len(providers) - 1, 7):  # every seventh provider next door to the next
        nxt = providers[k + 1]
        providers[k] = replace(providers[k], lat=nxt.lat, lon=nxt.lon)
    far = [p.id for p in providers[::97]][:3]
    needs = [
        replace(need, preferences=tuple(far)) if k % 5 == 0 else need
        for k, need in enumerate(instance.needs)
    ]
    return needs, providers


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("per_need", [0, 3, 12])
def test_the_compiled_cap_keeps_the_pairs_of_the_numpy_code(seed, per_need, monkeypatch):
    needs, providers = _crowded_instance(seed)
    policy = Policy(max_candidates_per_need=per_need)
    compiled = build(needs, providers, policy, PriorityGrid())
    monkeypatch.setattr(cap_module, "kernels", lambda: None)
    python = build(needs, providers, policy, PriorityGrid())
    assert any(len(m) > 1 for m in compiled.members), "sibling groups are in the instance"
    for name in ("pair_entity", "pair_provider", "pair_start", "active_resource"):
        assert getattr(compiled, name).tolist() == getattr(python, name).tolist(), name
    assert compiled.pair_distance.tobytes() == python.pair_distance.tobytes()
    if per_need:
        # the cap holds, but for the candidates a family named, which all stay
        uncapped = build(needs, providers, Policy(max_candidates_per_need=0), PriorityGrid())
        named_beyond = 0
        for e, rows in enumerate(compiled.members):
            kept = set(compiled.pair_provider[compiled.pairs_of(e)].tolist())
            every = uncapped.pair_provider[uncapped.pairs_of(e)].tolist()
            named = {compiled.pt.index[pid] for pid in needs_by_row(compiled, rows[0])}
            assert named & set(every) <= kept
            assert len(kept - named) <= per_need
            named_beyond += len(named & set(every) - set(every[:per_need]))
        assert named_beyond, "some named providers lie beyond the cap"


def needs_by_row(problem, row: int) -> tuple[str, ...]:
    return problem.nt.needs[row].preferences


@needs_compiled
def test_the_compiled_dominance_test_drops_the_rows_of_the_numpy_code(monkeypatch):
    rng = np.random.default_rng(7)
    for trial in range(200):
        n, width = int(rng.integers(1, 50)), int(rng.integers(1, 140))
        row_r = np.sort(rng.integers(0, 5, n))
        pattern = rng.random((n, width)) < rng.choice([0.1, 0.5, 0.95])
        if n > 3:  # identical rows: the first one stays
            pattern[1], pattern[3] = pattern[0], pattern[2]
        capacity = rng.integers(0, 4, n)
        compiled = class_rows._undominated(row_r, pattern, capacity)
        monkeypatch.setattr(class_rows, "kernels", lambda: None)
        python = class_rows._undominated(row_r, pattern, capacity)
        monkeypatch.undo()
        assert compiled.tolist() == python.tolist(), trial


@needs_compiled
def test_the_compiled_column_minima_are_numpys_reduceat(monkeypatch):
    """Per resource and column of slots, the smallest residual capacity: columns of one slot
    or of many, in any slot order, resources listed in any order, with repeats."""
    rng = np.random.default_rng(3)
    cap = rng.integers(-2, 6, (400, 336)).astype(np.int16)
    for n_cols in (1, 7, 336):
        cid = np.r_[np.arange(n_cols), rng.integers(0, n_cols, 336 - n_cols)]
        rng.shuffle(cid)
        res_ids = rng.integers(0, len(cap), 250)
        compiled = class_rows._column_minima(cap, res_ids, cid, n_cols)
        monkeypatch.setattr(class_rows, "kernels", lambda: None)
        python = class_rows._column_minima(cap, res_ids, cid, n_cols)
        monkeypatch.undo()
        assert compiled.dtype == python.dtype == np.int64
        assert compiled.tolist() == python.tolist(), n_cols
    with pytest.raises(ValueError, match="one column per slot"):
        COMPILED.column_minima(cap, res_ids, cid[:-1], n_cols)


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
def test_the_row_model_is_the_same_with_or_without_the_compiled_steps(seed, monkeypatch):
    """The whole row model of a crowded shortage instance (sibling groups included)."""
    from maillage.matching.allocation.optimal import components

    needs, providers = _crowded_instance(seed)
    problem = build(needs, providers, Policy(), PriorityGrid())
    ents = max(components(problem), key=len)
    pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
    compiled = class_rows.row_model(problem, pairs)
    monkeypatch.setattr(class_rows, "kernels", lambda: None)
    python = class_rows.row_model(problem, pairs)
    assert compiled.n_rows > 100
    for name in ("kind", "extra_pair", "extra_kind", "rhs"):
        assert getattr(compiled, name).tolist() == getattr(python, name).tolist(), name
    for name in ("indptr", "indices", "data"):
        assert getattr(compiled.q, name).tolist() == getattr(python.q, name).tolist(), name


@pytest.mark.parametrize("high", [1, 40, 6_000_000, class_rows.DENSE_KEYS + 5])
@pytest.mark.parametrize("compiled", [True, False])
def test_the_row_types_are_numpys_unique(high, compiled, monkeypatch):
    """By hashing (compiled), by a presence table (numpy, small keys) or by a sort."""
    if not compiled:
        monkeypatch.setattr(class_rows, "kernels", lambda: None)
    elif COMPILED is None:
        pytest.skip("no compiled kernels here")
    rng = np.random.default_rng(high)
    values = rng.integers(0, high, 3_000)
    keys = values[rng.integers(0, len(values), 20_000)]
    types, inverse = class_rows._unique_inverse(keys)
    expected, expected_inverse = np.unique(keys, return_inverse=True)
    assert types.tolist() == expected.tolist()
    assert inverse.dtype == np.int64
    assert inverse.tolist() == expected_inverse.reshape(-1).tolist()
    assert class_rows._unique_inverse(np.zeros(0, dtype=np.int64))[0].tolist() == []


@needs_compiled
def test_a_familys_places_by_price_are_numpys_lexsort():
    """The compiled primal's option order: within each family by price, ties in pair order."""
    rng = np.random.default_rng(11)
    sizes = rng.integers(0, 90, 300)
    group = np.repeat(np.arange(len(sizes)), sizes)
    price = np.round(rng.random(len(group)) * 3, 1)  # many ties
    price[::17] = -0.0  # equal to 0.0 for both sorts
    price[::19] = 0.0
    start = np.r_[0, np.cumsum(sizes)]
    assert COMPILED.segment_order(start, price).tolist() == np.lexsort((price, group)).tolist()


@needs_compiled
def test_log_has_the_bits_of_portable_math():
    """The dual's value sums τ·log(total) per family: the compiled log must be the same."""
    from maillage.matching import portable_math as pm

    rng = np.random.default_rng(5)
    x = np.concatenate([
        np.exp(rng.uniform(-700, 700, 50_000)), 1.0 + rng.random(10_000), [1.0, 2.0, 0.5, 1e-300]
    ])  # fmt: skip
    assert COMPILED.log(x).tobytes() == pm.log(x).tobytes()


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_consumption_masks_are_the_numpy_ones(seed, monkeypatch):
    """Which resources each (child, provider) pair consumes: crèche sections by age, reserved
    places by eligibility, void quota pools, childminders' three limits."""
    needs, providers = _crowded_instance(seed)
    problem = build(needs, providers, Policy(), PriorityGrid())
    first = np.array([m[0] for m in problem.members])
    need, prov = first[problem.pair_entity], problem.pair_provider
    compiled = class_rows.consumption_masks(problem, need, prov)
    monkeypatch.setattr(class_rows, "kernels", lambda: None)
    python = class_rows.consumption_masks(problem, need, prov)
    assert compiled[1] == python[1] and compiled[1] > 3, "crèches have more than 3 resources"
    assert compiled[0].tolist() == python[0].tolist()
    assert len(np.unique(compiled[0])) > 4


def test_class_words_compare_as_the_flags_do():
    """Row patterns are sorted as words: word order must be the flags' lexicographic order."""
    rng = np.random.default_rng(2)
    for n_classes in (1, 11, 64, 65, 150):
        flags = rng.random((300, n_classes)) < 0.5
        words = class_rows._class_words(flags)
        by_words = np.lexsort(words.T[::-1])
        by_flags = np.lexsort(flags.T[::-1])
        assert words.shape[1] == -(-n_classes // 64)
        assert flags[by_words].tolist() == flags[by_flags].tolist()


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_residual_places_are_the_numpy_ones(seed, monkeypatch):
    """Places left per resource and slot once the children in care are counted (own children
    outside the agrément places, reserved places by eligibility), both ways."""
    from maillage.matching import tables

    _, providers = _crowded_instance(seed)
    compiled = tables.build_provider_table(providers, Policy())
    monkeypatch.setattr(tables, "kernels", lambda: None)
    python = tables.build_provider_table(providers, Policy())
    assert compiled.res_cap.dtype == python.res_cap.dtype == np.int16
    assert compiled.res_cap.tobytes() == python.res_cap.tobytes()
    assert (compiled.res_cap < compiled.res_cap.max()).mean() > 0.2, "children take places"
    assert compiled.room_words.tobytes() == python.room_words.tobytes()


@needs_compiled
@pytest.mark.parametrize("width", [1, 3])
def test_the_compiled_cell_order_is_numpys_lexsort(width):
    """Tight cells by (resource, pattern words, capacity), ties in position order."""
    rng = np.random.default_rng(width)
    cell_r = np.sort(rng.integers(0, 40, 5_000))
    words = rng.integers(0, 4, (5_000, width)).astype(np.uint64) << np.uint64(62)  # ties
    words[::7, 0] = np.uint64(2**64 - 1)  # the top bit: compared unsigned
    cap = rng.integers(0, 3, 5_000)
    compiled = class_rows._cell_order(cell_r, words, cap)
    assert compiled.tolist() == np.lexsort((cap, *words.T[::-1], cell_r)).tolist()


@needs_compiled
def test_a_second_key_sorts_as_numpys_lexsort():
    rng = np.random.default_rng(13)
    sizes = rng.integers(0, 60, 200)
    group = np.repeat(np.arange(len(sizes)), sizes)
    key = -np.round(rng.random(len(group)), 1)  # the rounding's coarse shares: many ties
    then = np.round(rng.random(len(group)) * 5, 1)  # distances, ties too
    start = np.r_[0, np.cumsum(sizes)]
    expected = np.lexsort((then, key, group))
    assert COMPILED.segment_order(start, key, then).tolist() == expected.tolist()


@needs_compiled
def test_the_rounding_tries_the_pairs_in_the_numpy_order(monkeypatch):
    """Families by (weight, sureness, id), each one's places by (share, distance)."""
    from maillage.matching.allocation import primal

    needs, providers = _crowded_instance(1)
    problem = build(needs, providers, Policy(), PriorityGrid())
    pairs = np.arange(len(problem.pair_entity))
    share = np.round(np.random.default_rng(1).random(len(pairs)), 2)  # ties in shares
    compiled = primal.rounding_order(problem, pairs, share, 0.05)
    monkeypatch.setattr(primal, "kernels", lambda: None)
    python = primal.rounding_order(problem, pairs, share, 0.05)
    assert len(compiled[0]) > 1_000
    assert compiled[0].tolist() == python[0].tolist()
    assert compiled[1].tolist() == python[1].tolist()


@needs_compiled
def test_the_milp_rows_drop_the_same_dominated_rows(monkeypatch):
    """The exact model's rows (windows, rescue, small components): dominance by bits in C."""
    from maillage.matching.allocation import rows as rows_module
    from maillage.matching.allocation.milp_assist import milp_model
    from maillage.matching.tables import unpack

    needs, providers = _crowded_instance(2)
    problem = build(needs, providers, Policy(), PriorityGrid())
    sched = unpack(problem.nt.sched).astype(np.int8)
    window = np.arange(0, problem.n_entities, 3)[:400]
    local = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in window])
    compiled = milp_model(problem, window, local, sched)
    monkeypatch.setattr(rows_module, "kernels", lambda: None)
    python = milp_model(problem, window, local, sched)
    assert compiled[0].shape == python[0].shape and compiled[0].shape[0] > 50
    assert (compiled[0] != python[0]).nnz == 0
    assert compiled[1].tolist() == python[1].tolist()


@needs_compiled
@pytest.mark.parametrize("tau", [0.02, 0.002])
def test_the_compiled_quasi_newton_loop_follows_the_python_one(tau):
    """Same multipliers, shares and number of evaluations, to the bit (line search, history
    resets and the projection included)."""
    from maillage.matching.allocation import lagrangian
    from maillage.matching.allocation.optimal import components
    from maillage.matching.allocation.quasi_newton import minimise

    needs, providers = _crowded_instance(1)
    policy = Policy(exact_component_needs=0)
    problem = build(needs, providers, policy, PriorityGrid())
    ents = max(components(problem), key=len)
    pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
    weight = problem.weight[problem.pair_entity[pairs]]
    obj = (weight - 0.001 * problem.pair_distance[pairs]).astype(np.float64)
    solver = lagrangian.LagrangianSolver(problem, ents, pairs, obj, policy)
    restricted = solver.restricted
    start = np.random.default_rng(3).random(solver.model.n_rows) * 0.5
    compiled = restricted.job.minimise(start, tau, 60, policy.lagrangian_memory)
    calls = []

    def evaluate(lam: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        calls.append(1)
        return restricted.job(lam, tau)

    python = minimise(evaluate, start, 60, policy.lagrangian_memory)
    assert compiled[0].tobytes() == python[0].tobytes()
    assert compiled[1].tobytes() == python[1].tobytes()
    assert compiled[2] == len(calls) >= 61
