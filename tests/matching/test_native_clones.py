"""The AVX2 clones of the dual's hot loops give the baseline build's bits.

``kernels.c`` compiles the pass over the pairs, the quasi-Newton direction and the dot
products twice where it can (x86-64 with glibc): a baseline version and an AVX2 one, picked
when the library loads. An allocation must not depend on which one a machine picks, so the
baseline alone is built here (``-DMAILLAGE_BASELINE_ONLY``) and both are run on the same input.
"""

from __future__ import annotations

import ctypes
import platform
import shutil
import subprocess

import numpy as np
import pytest

from maillage.matching import Policy, PriorityGrid, native
from maillage.matching.allocation import lagrangian
from maillage.matching.allocation.api import build
from maillage.matching.allocation.optimal import components
from maillage.matching.native import build as native_build

COMPILED = native.kernels()
pytestmark = pytest.mark.skipif(COMPILED is None, reason="no compiled kernels here")


def bits(array: np.ndarray) -> bytes:
    return np.ascontiguousarray(array, dtype=np.float64).tobytes()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> native.Kernels:
    """The same sources, built without the clones, loaded beside the installed library."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    target = tmp_path_factory.mktemp("baseline") / "_kernels.so"
    sources = [str(path) for path in native_build.SOURCES if path.suffix == ".c"]
    command = [compiler, *native_build.FLAGS, "-DMAILLAGE_BASELINE_ONLY", "-o", str(target)]
    done = subprocess.run([*command, *sources, "-lm"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return native.Kernels(ctypes.CDLL(str(target)))


def test_the_installed_library_carries_the_clones_where_the_machine_can_pick_them():
    """Otherwise the comparisons below would compare the baseline with itself."""
    if platform.machine() != "x86_64" or platform.libc_ver()[0] != "glibc":
        pytest.skip("no AVX2 clones on this platform")
    assert b"soft_pairs.avx2" in native_build.LIBRARY.read_bytes()


def _shortage_solver() -> lagrangian.LagrangianSolver:
    """A small shortage département's main component, with sibling groups (extra types)."""
    from dataclasses import replace

    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=5, childminders=150, creches=8, needs=900, houses=20)
    needs = list(instance.needs)
    for i in range(0, len(needs) - 1, 10):
        group = f"fratrie-{i}"
        needs[i] = replace(needs[i], sibling_group=group, siblings_together=True)
        needs[i + 1] = replace(
            needs[i + 1], sibling_group=group, siblings_together=True,
            lat=needs[i].lat, lon=needs[i].lon,
        )  # fmt: skip
    policy = Policy()
    problem = build(needs, instance.providers, policy, PriorityGrid())
    ents = max(components(problem), key=len)
    pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
    obj = problem.weight[problem.pair_entity[pairs]] - 0.001 * problem.pair_distance[pairs]
    return lagrangian.LagrangianSolver(problem, ents, pairs, obj.astype(np.float64), policy)


def test_the_dual_minimised_with_either_build_ends_on_the_same_bits(baseline):
    solver = _shortage_solver()
    restricted = solver.restricted
    assert len(restricted.ex_pos), "siblings: their extra prices are subtracted in the pass"
    pairs = (restricted.obj, restricted.kind, restricted.ex_pos, restricted.ex_kind, restricted.seg)
    rhs = solver.model.rhs
    cloned = COMPILED.dual_job(*solver.csr, rhs, pairs)
    plain = baseline.dual_job(*solver.csr, rhs, pairs)
    rng = np.random.default_rng(5)
    for scale, tau in [(0.0, 0.02), (0.5, 0.006), (40.0, 0.002)]:
        lam = scale * rng.random(solver.model.n_rows)
        one, other = cloned(lam, tau), plain(lam, tau)
        assert one[0] == other[0]
        assert bits(one[1]) == bits(other[1]) and bits(one[2]) == bits(other[2])
    # a whole minimisation: hundreds of evaluations and directions, every step compared
    lam = np.zeros(solver.model.n_rows)
    one, other = cloned.minimise(lam, 0.006, 150, 10), plain.minimise(lam, 0.006, 150, 10)
    assert one[2] == other[2] > 100
    assert bits(one[0]) == bits(other[0]) and bits(one[1]) == bits(other[1])


def test_the_dot_product_of_either_build_is_numpys_pairwise_sum(baseline):
    rng = np.random.default_rng(13)
    for n in [*range(300), 4095, 26_081]:
        a = rng.normal(size=n) * 10.0 ** rng.uniform(-5, 5, size=n)
        b = rng.normal(size=n)
        assert COMPILED.dot(a, b) == baseline.dot(a, b) == float(np.add.reduce(a * b)), n


def test_the_compiled_pass_refuses_inputs_out_of_the_order_it_walks():
    """It goes family by family, applying the extras as it meets their positions, and builds
    the prices from qᵀ's rows: extras out of position order, or q's rows with unsorted
    indices, would change the sums' order. The solver always sorts both."""
    import scipy.sparse as sp

    from maillage.matching.native.dual import CsrArrays

    solver = _shortage_solver()
    restricted = solver.restricted
    q, q_t = solver.csr
    shuffled = restricted.ex_pos[::-1].copy()
    pairs = (restricted.obj, restricted.kind, shuffled, restricted.ex_kind, restricted.seg)
    with pytest.raises(ValueError, match="not in order"):
        COMPILED.dual_job(q, q_t, solver.model.rhs, pairs)
    matrix = solver.model.q.copy()
    matrix.indices[matrix.indptr[0] : matrix.indptr[1]] = matrix.indices[
        matrix.indptr[0] : matrix.indptr[1]
    ][::-1]
    matrix.has_sorted_indices = False
    assert matrix.indptr[1] - matrix.indptr[0] > 1
    unsorted = CsrArrays(sp.csr_matrix(matrix))
    ordered = (
        restricted.obj,
        restricted.kind,
        restricted.ex_pos,
        restricted.ex_kind,
        restricted.seg,
    )
    with pytest.raises(ValueError, match="not in order"):
        COMPILED.dual_job(unsorted, q_t, solver.model.rhs, ordered)
