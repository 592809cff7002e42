"""Projected limited-memory quasi-Newton minimisation for ``min f(x), x ≥ 0``.

Written for the smoothed Lagrangian dual (thousands of multipliers, hundreds of iterations):
scipy's L-BFGS-B spends ~20 ms per iteration in its own bookkeeping at this size, this loop
a few vector operations. The direction and the dot products run in the compiled kernels when
they are there (``matching/native``), in numpy otherwise, with the same bits: dot products are
numpy's pairwise sums (no BLAS, whose sums depend on the machine's threads).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ..native import kernels

F64 = npt.NDArray[np.float64]


class History:
    """The last ``memory`` correction pairs (s, y), rows of two buffers, oldest first."""

    def __init__(self, n: int, memory: int) -> None:
        self.s = np.zeros((memory + 1, n))  # one spare row for the pair being measured
        self.y = np.zeros((memory + 1, n))
        self.sy = np.zeros(memory + 1)
        self.yy = np.zeros(memory + 1)
        self.memory = memory
        self.order: list[int] = []

    def spare(self) -> int:
        return next(i for i in range(self.memory + 1) if i not in self.order)

    def keep(self, row: int) -> None:
        """Row ``row`` holds a new pair (its s·y and y·y set): the oldest goes beyond memory."""
        self.order.append(row)
        if len(self.order) > self.memory:
            self.order.pop(0)

    def clear(self) -> None:
        self.order.clear()


def minimise(
    fun: Callable[[F64], tuple[float, F64, F64]],
    x0: F64,
    iterations: int,
    memory: int,
) -> tuple[F64, F64]:
    """Projected limited-memory quasi-Newton for ``min f(x), x ≥ 0`` (smooth convex ``f``).

    Coordinates at the bound with a gradient pushing outwards are frozen; the L-BFGS direction
    is computed on the others; a projected backtracking (Armijo) line search keeps ``x ≥ 0``.
    Returns (x, the last soft shares).
    """
    x = np.array(x0, dtype=np.float64)
    f, g, extra = fun(x)
    history = History(len(x), memory)
    for _ in range(iterations):
        d = direction(x, g, history)
        slope = dot(g, d)
        if slope >= 0.0:
            history.clear()
            d = direction(x, g, history)  # projected steepest descent
            slope = dot(g, d)
        if slope > -1e-12:
            break
        step = 1.0 if history.order else 1.0 / max(1e-12, float(np.abs(d).max()))
        for _attempt in range(30):
            x_new = x + step * d
            np.copyto(x_new, 0.0, where=x_new < 1e-12)  # projection; no subnormal multipliers
            f_new, g_new, extra_new = fun(x_new)
            if f_new <= f + 1e-4 * dot(g, x_new - x):
                break
            step *= 0.5
        else:
            break
        row = history.spare()
        s, y = history.s[row], history.y[row]
        np.subtract(x_new, x, out=s)
        np.subtract(g_new, g, out=y)
        sy = dot(s, y)
        if sy > 1e-12:
            history.sy[row], history.yy[row] = sy, dot(y, y)
            history.keep(row)
        x, f, g, extra = x_new, f_new, g_new, extra_new
    return x, extra


def direction(x: F64, g: F64, history: History) -> F64:
    """The projected L-BFGS direction: two-loop recursion on the free coordinates."""
    compiled = kernels()
    if compiled is not None:
        return compiled.qn_direction(
            x, g, history.s, history.y, history.order, history.sy, history.yy
        )
    free = (x > 0) | (g < 0)
    q = np.where(free, g, 0.0)
    alphas = []
    for row in reversed(history.order):
        a = (1.0 / history.sy[row]) * dot(history.s[row], q)
        alphas.append(a)
        q -= history.y[row] * a
    if history.order:
        newest = history.order[-1]
        q *= history.sy[newest] / history.yy[newest]
    for a, row in zip(reversed(alphas), history.order, strict=True):
        b = (1.0 / history.sy[row]) * dot(history.y[row], q)
        q += history.s[row] * (a - b)
    return np.where(free, -q, 0.0)


def dot(a: F64, b: F64) -> float:
    """Pairwise-summed dot product (numpy's ``add.reduce``, which the compiled kernel
    reproduces): no BLAS threads, the same bits on every machine."""
    compiled = kernels()
    if compiled is not None:
        return compiled.dot(a, b)
    return float(np.add.reduce(a * b))
