"""The engine's own exp, log, sin, cos and arcsin: accurate, and the same bits everywhere."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

import numpy as np
import pytest

from maillage.matching import portable_math as pm

PACKAGE = Path(pm.__file__).parent

RNG_SEED = 20261204


def ulps(got, want):
    return float(np.max(np.abs(got - want) / np.spacing(np.abs(want))))


def draws(low, high, size=200_000):
    return np.random.default_rng(RNG_SEED).uniform(low, high, size)


@pytest.mark.parametrize(("low", "high", "bound"), [(-60, 0, 1e-14), (-700, 700, 2e-13)])
def test_exp_is_accurate(low, high, bound):
    z = draws(low, high)
    assert float(np.max(np.abs(pm.exp(z) / np.exp(z) - 1))) < bound
    assert pm.exp(np.array([0.0]))[0] == 1.0


def test_log_is_within_a_few_ulps_and_exact_at_one():
    x = np.exp(draws(-700, 700))
    assert ulps(pm.log(x), np.log(x)) <= 4
    assert pm.log(np.array([1.0]))[0] == 0.0


def test_sin_and_cos_are_within_two_ulps_on_angles_of_the_earth():
    x = draws(-7, 7)
    assert ulps(pm.sin(x), np.sin(x)) <= 2
    assert ulps(pm.cos(x), np.cos(x)) <= 2
    assert pm.sin(np.array([0.0]))[0] == 0.0
    assert pm.cos(np.array([0.0]))[0] == 1.0


def test_arcsin_is_within_a_few_ulps_at_chord_lengths_and_close_everywhere():
    short = draws(0, 0.1)  # half-chords of up to 1,270 km
    assert ulps(pm.arcsin(short), np.arcsin(short)) <= 4
    every = draws(-1, 1)
    assert float(np.max(np.abs(pm.arcsin(every) - np.arcsin(every)))) < 1e-13
    assert pm.arcsin(np.array([1.0]))[0] == np.pi / 2


def test_chunks_and_in_place_work_change_nothing():
    z = draws(-60, 0, 50_001)  # several chunks, the last one short
    one_by_one = np.array([pm.exp(z[i : i + 1])[0] for i in range(0, len(z), 997)])
    whole = pm.exp(z)
    assert np.array_equal(whole[::997], one_by_one)
    in_place = z.copy()
    pm.exp(in_place, out=in_place)
    assert np.array_equal(in_place, whole)
    x = draws(0, 1, 40_000)
    assert np.array_equal(pm.arcsin(x.copy(), out=x.copy()), pm.arcsin(x))


def test_the_bits_are_those_of_every_other_machine():
    """A digest of 5 × 200,000 results: any other kernel would change some of the bits."""
    digest = hashlib.sha256()
    for values in (
        pm.exp(draws(-60, 0)),
        pm.log(draws(1, 1100)),
        pm.sin(draws(-4, 4)),
        pm.cos(draws(-4, 4)),
        pm.arcsin(draws(0, 1)),
    ):
        digest.update(values.tobytes())
    assert digest.hexdigest() == DIGEST


PLATFORM_MATH = {
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "hypot", "power", "float_power",
    "radians", "deg2rad", "degrees", "rad2deg", "logaddexp",
}  # fmt: skip


def _argsort_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "argsort"
    )


def _stable(call: ast.Call) -> bool:
    kinds = [k.value for k in call.keywords if k.arg == "kind"]
    return bool(kinds) and isinstance(kinds[0], ast.Constant) and kinds[0].value == "stable"


def test_the_engine_takes_no_platform_mathematics_and_sorts_ties_stably():
    """No numpy or math transcendental outside portable_math; every argsort is stable."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "portable_math.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner in {"np", "numpy", "math"} and node.attr in PLATFORM_MATH:
                found.append(f"{path.name}:{node.lineno} {owner}.{node.attr}")
        for node in ast.walk(tree):
            if _argsort_call(node) and not _stable(node):
                found.append(f"{path.name}:{node.lineno} unstable argsort")
    assert found == [], found


DIGEST = "2ba006392f2d26d5595362efa7fc6de60cd376504b997d837f57092d053bf347"  # computed once; a machine that differs fails here
