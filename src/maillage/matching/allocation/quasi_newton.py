"""Projected limited-memory quasi-Newton minimisation for ``min f(x), x ≥ 0``.

Written for the smoothed Lagrangian dual (thousands of multipliers, hundreds of iterations):
scipy's L-BFGS-B spends ~20 ms per iteration in its own bookkeeping at this size, this loop
a few vector operations. Dot products are pairwise sums (no BLAS threads), so the result is
the same on every machine.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]


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
    x = x0.copy()
    f, g, extra = fun(x)
    s_list: list[F64] = []
    y_list: list[F64] = []
    # per correction pair, s·y and y·y (computed once, not at every two-loop recursion)
    sy_list: list[float] = []
    yy_list: list[float] = []
    for _ in range(iterations):
        free = (x > 0) | (g < 0)
        gf = np.where(free, g, 0.0)
        d = -two_loop(gf, s_list, y_list, sy_list, yy_list)
        d[~free] = 0.0
        slope = dot(g, d)
        if slope >= 0.0:
            s_list.clear()
            y_list.clear()
            sy_list.clear()
            yy_list.clear()
            d = -gf
            slope = dot(g, d)
        if slope > -1e-12:
            break
        step = 1.0 if s_list else 1.0 / max(1e-12, float(np.abs(d).max()))
        for _attempt in range(30):
            x_new = x + step * d
            x_new[x_new < 1e-12] = 0.0  # projection; no subnormal multipliers
            f_new, g_new, extra_new = fun(x_new)
            if f_new <= f + 1e-4 * dot(g, x_new - x):
                break
            step *= 0.5
        else:
            break
        s, y = x_new - x, g_new - g
        sy = dot(s, y)
        if sy > 1e-12:
            s_list.append(s)
            y_list.append(y)
            sy_list.append(sy)
            yy_list.append(dot(y, y))
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
                sy_list.pop(0)
                yy_list.pop(0)
        x, f, g, extra = x_new, f_new, g_new, extra_new
    return x, extra


def two_loop(
    g: F64,
    s_list: list[F64],
    y_list: list[F64],
    sy_list: list[float] | None = None,
    yy_list: list[float] | None = None,
) -> F64:
    """L-BFGS two-loop recursion; ``sy_list``/``yy_list``: the pairs' s·y and y·y if known
    (the same pairwise sums, so the same result to the last bit)."""
    if sy_list is None or yy_list is None:
        sy_list = [dot(s, y) for s, y in zip(s_list, y_list, strict=True)]
        yy_list = [dot(y, y) for y in y_list]
    q = g.copy()
    term = np.empty_like(q)  # one work array: no temporary per update
    alphas = []
    for s, y, sy in zip(reversed(s_list), reversed(y_list), reversed(sy_list), strict=True):
        rho = 1.0 / sy
        a = rho * dot(s, q)
        alphas.append((rho, a))
        np.multiply(y, a, out=term)
        q -= term
    if s_list:
        q *= sy_list[-1] / yy_list[-1]
    for (rho, a), s, y in zip(reversed(alphas), s_list, y_list, strict=True):
        b = rho * dot(y, q)
        np.multiply(s, a - b, out=term)
        q += term
    return q


def dot(a: F64, b: F64) -> float:
    """Pairwise-summed dot product: no BLAS threads, same result on every machine."""
    return float(np.add.reduce(a * b))
