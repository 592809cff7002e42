"""The compiled inner loops (``matching/native``) give the numpy code's bits, or are not used.

An allocation must not depend on whether the machine could compile ``kernels.c``: every kernel
is compared bit for bit with its numpy fallback, and the whole optimal mode is run both ways.
The machine probe (``test_machine_independence``) runs its second interpreter without them.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from maillage.matching import Policy, PriorityGrid, allocate, native
from maillage.matching import portable_math as pm
from maillage.matching.allocation import lagrangian
from maillage.matching.allocation.api import build
from maillage.matching.allocation.optimal import components

COMPILED = native.kernels()
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="no compiled kernels here")
LAGRANGIAN = Policy(exact_component_needs=0, lagrangian_iterations=(20, 30, 30))


def bits(array: np.ndarray) -> bytes:
    return np.ascontiguousarray(array, dtype=np.float64).tobytes()


def test_make_install_compiled_the_kernels_where_a_compiler_is():
    """So that the suite runs the compiled path wherever it can (CI included)."""
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler: the numpy fallback is what runs here")
    assert COMPILED is not None, "make install should have built matching/native/_kernels.so"


@needs_compiled
def test_exp_has_the_bits_of_portable_math():
    rng = np.random.default_rng(7)
    z = np.r_[rng.uniform(-60.0, 0.0, 400_000), rng.uniform(-700.0, 700.0, 100_000), 0.0, -60.0]
    assert bits(COMPILED.exp(z)) == bits(pm.exp(z))


def _with_siblings(needs: list) -> list:
    """Every fifth family's two children asked to be placed together."""
    out = list(needs)
    for i in range(0, len(out) - 1, 10):
        group = f"fratrie-{i}"
        first = replace(out[i], sibling_group=group, siblings_together=True)
        out[i] = first
        out[i + 1] = replace(
            out[i + 1], sibling_group=group, siblings_together=True, lat=first.lat, lon=first.lon
        )
    return out


def _solver(seed: int):
    from bench.matching.generate import departement

    instance = departement(seed=seed, childminders=40, creches=4, needs=240, houses=30, code="97")
    needs = _with_siblings(instance.needs)
    problem = build(needs, instance.providers, LAGRANGIAN, PriorityGrid())
    ents = max(components(problem), key=len)
    pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
    obj = problem.weight[problem.pair_entity[pairs]] - 0.001 * problem.pair_distance[pairs]
    return lagrangian.LagrangianSolver(problem, ents, pairs, obj.astype(np.float64), LAGRANGIAN)


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_smoothed_dual_has_the_bits_of_the_numpy_code(seed, monkeypatch):
    solver = _solver(seed)
    restricted = solver.restricted
    assert len(restricted.ex_pos), "siblings: their extra types must be exercised"
    rng = np.random.default_rng(seed)
    for scale, tau in [(0.0, 0.02), (0.5, 0.006), (3.0, 0.002), (40.0, 0.002)]:
        lam = scale * rng.random(solver.model.n_rows)
        compiled = restricted.soft(lam, tau)
        monkeypatch.setattr(lagrangian, "kernels", lambda: None)
        fallback = restricted.soft(lam, tau)
        monkeypatch.undo()
        assert compiled[0] == fallback[0]
        assert bits(compiled[1]) == bits(fallback[1])
        assert bits(compiled[2]) == bits(fallback[2])


@needs_compiled
def test_the_optimal_mode_gives_the_same_answer_with_or_without_them(monkeypatch):
    from bench.matching.generate import departement

    instance = departement(seed=4, childminders=60, creches=5, needs=400, houses=40, code="97")
    needs = _with_siblings(instance.needs)
    with_them = allocate(needs, instance.providers, mode="optimal", policy=LAGRANGIAN)
    monkeypatch.setattr(lagrangian, "kernels", lambda: None)
    without = allocate(needs, instance.providers, mode="optimal", policy=LAGRANGIAN)
    assert with_them.stats["lagrangian_iterations"] > 0
    assert with_them.assignments == without.assignments
    assert (with_them.objective, with_them.upper_bound) == (without.objective, without.upper_bound)


def test_no_library_when_switched_off(monkeypatch):
    monkeypatch.setenv("MAILLAGE_NATIVE", "0")
    assert native.kernels.__wrapped__() is None


def test_no_library_when_it_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(native, "LIBRARY", tmp_path / "_kernels.so")
    assert native.kernels.__wrapped__() is None


@needs_compiled
def test_a_library_built_from_another_kernels_c_is_not_used(monkeypatch, caplog):
    monkeypatch.setattr(native, "source_sha256", lambda: "0" * 64)
    assert native.kernels.__wrapped__() is None
    assert "autre version des sources" in caplog.text


@needs_compiled
def test_dot_is_numpys_pairwise_sum_to_the_bit():
    """numpy sums in blocks of 8 accumulators and halves above 128 terms: every length up to
    600 (each branch and remainder), and long ones, with magnitudes over ten decades."""
    rng = np.random.default_rng(11)
    for n in [*range(600), 4095, 4096, 26_081, 100_003]:
        a = rng.normal(size=n) * 10.0 ** rng.uniform(-5, 5, size=n)
        b = rng.normal(size=n)
        assert bits(np.array([COMPILED.dot(a, b)])) == bits(np.array([np.add.reduce(a * b)])), n


@needs_compiled
def test_the_quasi_newton_direction_has_the_bits_of_the_numpy_code(monkeypatch):
    from maillage.matching.allocation import quasi_newton as qn

    rng = np.random.default_rng(12)
    n = 3_001
    history = qn.History(n, 4)
    x = np.where(rng.random(n) < 0.3, 0.0, rng.random(n))  # some multipliers at the bound
    g = rng.normal(size=n)
    directions = []
    for step in range(7):  # 0 to 4 corrections kept, then the oldest dropped
        compiled = qn.direction(x, g, history)
        monkeypatch.setattr(qn, "kernels", lambda: None)
        fallback = qn.direction(x, g, history)
        monkeypatch.undo()
        assert bits(compiled) == bits(fallback), step
        directions.append(compiled)
        row = history.spare()
        history.s[row], history.y[row] = rng.normal(size=n), rng.normal(size=n) + 2.0
        history.sy[row] = qn.dot(history.s[row], history.y[row]) ** 2 + 1.0
        history.yy[row] = qn.dot(history.y[row], history.y[row])
        history.keep(row)
    assert len(history.order) == 4
    frozen = (x == 0) & (g >= 0)
    assert all(not d[frozen].any() for d in directions)


@needs_compiled
def test_the_vectorised_fit_test_agrees_with_the_numpy_code(monkeypatch):
    from bench.matching.shortage import shortage_departement
    from maillage.matching.allocation.ledger import Ledger

    instance = shortage_departement(seed=2, childminders=80, creches=6, needs=300, houses=20)
    needs = _with_siblings(instance.needs)
    problem = build(needs, instance.providers, Policy(), PriorityGrid())
    ledger = Ledger(problem)
    pairs = np.arange(len(problem.pair_entity))
    for e in range(0, problem.n_entities, 3):  # a fuller ledger: fewer pairs fit
        p = next((int(q) for q in problem.pair_provider[pairs[problem.pair_entity == e]]), None)
        if p is not None and ledger.fits(e, p):
            ledger.add(e, p)
    compiled = ledger.fits_now(pairs)
    monkeypatch.setattr("maillage.matching.allocation.ledger.kernels", lambda: None)
    fallback = ledger.fits_now(pairs)
    assert 0 < compiled.sum() < len(pairs)
    assert compiled.tolist() == fallback.tolist()


def _ledger_state(ledger) -> tuple:
    return (
        list(ledger.assigned.items()),  # the order of additions too (the dict's order)
        ledger.used.tobytes(),
        list(ledger.room),
        ledger.room_words.tobytes(),
    )


def _shortage_component(seed: int, needs: int = 900):
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=seed, childminders=150, creches=8, needs=needs, houses=20)
    problem = build(_with_siblings(instance.needs), instance.providers, Policy(), PriorityGrid())
    ents = max(components(problem), key=len)
    pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
    obj = problem.weight[problem.pair_entity[pairs]] - 0.001 * problem.pair_distance[pairs]
    solver = lagrangian.LagrangianSolver(problem, ents, pairs, obj.astype(np.float64), LAGRANGIAN)
    share, outcome = solver.run([(0.02, 30), (0.006, 30)])
    return problem, ents, pairs, share, outcome


@needs_compiled
@pytest.mark.parametrize(("seed", "threshold"), [(1, 0.05), (2, 0.3), (3, 0.7)])
def test_the_compiled_primal_leaves_the_ledger_of_the_python_code(seed, threshold, monkeypatch):
    """Rounding (at a low, the default and a high threshold), repair with 1-exchange (sibling
    groups evicted and evicting included) and the distance pass: the same families at the same
    places, added in the same order, the same per-slot loads and free-place bits."""
    from maillage.matching.allocation import optimal
    from maillage.matching.allocation.ledger import Ledger

    problem, ents, pairs, share, outcome = _shortage_component(seed)
    policy = Policy()
    compiled_ledger = Ledger(problem)
    optimal._primal(problem, compiled_ledger, ents, pairs, share, outcome, policy, threshold)
    monkeypatch.setattr(optimal, "kernels", lambda: None)
    python_ledger = Ledger(problem)
    optimal._primal(problem, python_ledger, ents, pairs, share, outcome, policy, threshold)
    placed = len(python_ledger.assigned)
    assert 0 < placed < len(ents), "under shortage some families wait: repair is exercised"
    assert any(len(problem.members[e]) > 1 for e in python_ledger.assigned)
    assert _ledger_state(compiled_ledger) == _ledger_state(python_ledger)


@needs_compiled
def test_the_compiled_primal_without_prices_tries_places_by_distance(monkeypatch):
    from maillage.matching.allocation.compiled_primal import compiled_primal
    from maillage.matching.allocation.ledger import Ledger
    from maillage.matching.allocation.primal import repair, round_shares, shorten

    problem, ents, pairs, share, _ = _shortage_component(4, needs=600)
    compiled_ledger = Ledger(problem)
    assert compiled_primal(COMPILED, problem, compiled_ledger, ents, pairs, share, None, 0.05, 8, 2)
    python_ledger = Ledger(problem)
    round_shares(problem, python_ledger, pairs, share, 0.05)
    repair(problem, python_ledger, ents, 8, 2)
    shorten(problem, python_ledger, ents)
    assert _ledger_state(compiled_ledger) == _ledger_state(python_ledger)


@needs_compiled
def test_the_compiled_primal_leaves_a_component_with_placed_families_to_python():
    from maillage.matching.allocation.compiled_primal import compiled_primal
    from maillage.matching.allocation.ledger import Ledger

    problem, ents, pairs, share, _ = _shortage_component(5, needs=300)
    ledger = Ledger(problem)
    e = int(ents[0])
    p = int(problem.pair_provider[problem.pair_start[e]])
    ledger.add(e, p)
    before = _ledger_state(ledger)
    assert not compiled_primal(COMPILED, problem, ledger, ents, pairs, share, None, 0.05, 8, 1)
    assert _ledger_state(ledger) == before


@pytest.mark.parametrize("compiler", ["/nonexistent/cc", "false"])
def test_a_failed_build_says_so_and_leaves_the_library_alone(compiler, monkeypatch, capsys):
    from maillage.matching.native import build

    before = build.LIBRARY.stat().st_mtime_ns if build.LIBRARY.exists() else None
    monkeypatch.setenv("CC", compiler)
    assert build.build() is False
    assert "numpy sera utilisé" in capsys.readouterr().out
    after = build.LIBRARY.stat().st_mtime_ns if build.LIBRARY.exists() else None
    assert after == before


def _with_preferences(needs: list, providers: list, seed: int) -> list:
    """Every seventh family ranks a few places (some far, some unknown), best first."""
    rng = np.random.default_rng(seed)
    ids = [p.id for p in providers]
    out = list(needs)
    for i in range(3, len(out), 7):
        picks = rng.choice(len(ids), size=4, replace=False).tolist()
        out[i] = replace(out[i], preferences=(*(ids[k] for k in picks), "inconnu-0"))
    return out


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_sequential_passes_place_as_the_python_code(seed, monkeypatch):
    """Stable (with its quota envy) and first come first served: the same placements in the
    same order, the same loads and the same envy list, with sibling groups, declared
    preferences and crèches with reserved places (AVIP, social minima)."""
    from bench.matching.shortage import shortage_departement
    from maillage.matching.allocation import sequential

    instance = shortage_departement(seed=seed, childminders=200, creches=25, needs=1_500, houses=20)
    needs = _with_preferences(_with_siblings(instance.needs), instance.providers, seed)
    problem = build(needs, instance.providers, Policy(), PriorityGrid())
    assert any(p.avip or p.social_minima_quota for p in instance.providers)
    orders = {
        "stable": (sequential.priority_order(problem), True),
        "fcfs": (sequential.declaration_order(problem), False),
    }
    for name, (order, with_envy) in orders.items():
        compiled = sequential._serial(problem, order, with_envy)
        monkeypatch.setattr(sequential, "kernels", lambda: None)
        python = sequential._serial(problem, order, with_envy)
        monkeypatch.undo()
        assert list(compiled[0].items()) == list(python[0].items()), name
        assert compiled[1].used_array().tolist() == python[1].used_array().tolist(), name
        assert compiled[2] == python[2], name
        if with_envy:
            assert compiled[2], "some families are refused only by reserved places"
        assert any(len(problem.members[e]) > 1 for e in compiled[0])


@needs_compiled
@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_candidate_search_finds_the_pairs_of_the_numpy_code(seed, monkeypatch):
    """The strip join with its pre-filter (class tables and verdicts), and with none: the same
    (need, provider, distance) triples, to the bit."""
    from bench.matching.shortage import shortage_departement
    from maillage.matching import geo
    from maillage.matching.allocation.api import build as build_problem_of

    instance = shortage_departement(seed=seed, childminders=300, creches=20, needs=2_000)
    problem = build_problem_of(instance.needs, instance.providers, Policy(), PriorityGrid())
    monkeypatch.setattr(geo, "kernels", lambda: None)
    python = build_problem_of(instance.needs, instance.providers, Policy(), PriorityGrid())
    assert len(problem.pair_entity) > 1_000
    for name in ("pair_entity", "pair_provider", "pair_start"):
        assert getattr(problem, name).tolist() == getattr(python, name).tolist(), name
    assert bits(problem.pair_distance) == bits(python.pair_distance)
    monkeypatch.undo()
    index = geo.PointIndex(problem.pt.lat, problem.pt.lon)
    nt = problem.nt
    compiled = index.within(nt.lat, nt.lon, nt.max_km)
    monkeypatch.setattr(geo, "kernels", lambda: None)
    fallback = index.within(nt.lat, nt.lon, nt.max_km)
    assert [a.tolist() for a in compiled[:2]] == [a.tolist() for a in fallback[:2]]
    assert bits(compiled[2]) == bits(fallback[2])


def test_the_build_script_runs_on_a_bare_python(tmp_path):
    """The container's build stage runs ``build.py`` with no package installed: it must need
    only the standard library, and embed the sources' SHA-256 that the loader checks."""
    import ctypes
    import subprocess
    import sys

    from maillage.matching.native import build

    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here")
    for path in (*build.SOURCES, Path(build.__file__)):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    done = subprocess.run(
        [sys.executable, "-S", "-I", str(tmp_path / "build.py"), "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lib = ctypes.CDLL(str(tmp_path / "_kernels.so"))
    lib.kernels_source_sha256.restype = ctypes.c_char_p
    assert lib.kernels_source_sha256().decode() == build.source_sha256()
