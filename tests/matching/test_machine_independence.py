"""Same input, same answer on another machine: the probe's digest does not move when numpy's
processor-specific kernels are switched off, when the engine's compiled kernels are not used,
when OpenBLAS takes another processor's kernels
and one thread, or when Python's hash seed changes.

``NPY_DISABLE_CPU_FEATURES`` makes numpy run the code a processor without AVX2 / AVX-512 would
run (its sorting kernels among them: an unstable ``argsort`` orders ties differently),
``OPENBLAS_CORETYPE`` and ``OPENBLAS_NUM_THREADS`` change the order of BLAS sums, and
``PYTHONHASHSEED`` changes the iteration order of every set of strings, and
``MAILLAGE_NATIVE=0`` runs numpy where the compiled kernels of ``matching/native`` would run. Before this test, the
Lagrangian path ranked each provider's families with such an ``argsort``: the same
département gave 56,796 points on one machine and 56,821 on another.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

PROBE = Path(__file__).with_name("machine_probe.py")


def probe_digest(**env: str) -> str:
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout.strip()


def test_answers_do_not_depend_on_the_processor_or_the_hash_seed():
    switched_off = [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]
    if not switched_off:
        pytest.skip("this processor runs numpy's baseline kernels only: nothing to switch off")
    here = probe_digest(PYTHONHASHSEED="1")
    elsewhere = probe_digest(
        PYTHONHASHSEED="2",
        NPY_DISABLE_CPU_FEATURES=" ".join(switched_off),
        OPENBLAS_CORETYPE="Prescott",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MAILLAGE_NATIVE="0",  # and numpy instead of the compiled kernels (matching/native)
    )
    assert len(here) == 64
    assert here == elsewhere
