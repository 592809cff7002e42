"""exp, log, sin, cos and arcsin that give the same bits on every machine.

numpy hands these functions to the C library or to a SIMD kernel chosen for the processor
(AVX2, AVX-512…), and the C library itself picks a variant (with or without FMA): the results
agree to an ulp or two, not to the bit. An ulp is enough to change the path of the
Lagrangian dual over hundreds of iterations, hence the allocation. Here each function is a
fixed sequence of operations that IEEE 754 rounds exactly (+, −, ×, ÷, √, rint, frexp, ldexp
and integer bit operations), one numpy call per operation (no fused multiply-add can form
across calls), with constants computed in exact arithmetic: the same input gives the same
output everywhere. Accuracy is a few ulps on the domains the engine uses.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction
from math import factorial
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]

# π to 50 digits; every other constant is derived exactly from it or from 2
_PI = Decimal("3.14159265358979323846264338327950288419716939937510")

with localcontext() as _ctx:
    _ctx.prec = 60
    _LN2 = Decimal(2).ln()
    _TABLE_BITS = 10
    _N = 1 << _TABLE_BITS
    _INV_LN2_N = float(_N / _LN2)
    _LN2_N = float(_LN2 / _N)
    _LN2_HI = float(int(_LN2 * 2**32) / Decimal(2**32))  # 32 bits: e·_LN2_HI is exact
    _LN2_LO = float(_LN2 - Decimal(_LN2_HI))
    # 2^(j/N), then with j's share of the exponent taken out (see exp)
    _POW2 = np.array([float(Decimal(2) ** (Decimal(j) / _N)) for j in range(_N)])
    _POW2_BITS = (
        _POW2.view(np.int64) - (np.arange(_N, dtype=np.int64) << (52 - _TABLE_BITS))
    ).view(np.uint64)
    _PIO2 = _PI / 2
    _TWO_OVER_PI = float(2 / _PI)
    _PIO2_1 = float(int(_PIO2 * 2**31) / Decimal(2**31))  # k·_PIO2_1 exact for |k| < 2^21
    _PIO2_2 = float(int((_PIO2 - Decimal(_PIO2_1)) * 2**62) / Decimal(2**62))
    _PIO2_3 = float(_PIO2 - Decimal(_PIO2_1) - Decimal(_PIO2_2))
    _SQRT_HALF = float(Decimal("0.5").sqrt())

_SHIFT = 1.5 * 2.0**52  # adding it rounds to an integer, kept in the low mantissa bits
_EXP_COEFFS = tuple(float(Fraction(1, factorial(n))) for n in (3, 2))
_LOG_COEFFS = tuple(float(Fraction(2, 2 * n + 1)) for n in range(11, 0, -1))
_SIN_COEFFS = tuple(float(Fraction((-1) ** n, factorial(2 * n + 1))) for n in range(8, 0, -1))
_COS_COEFFS = tuple(float(Fraction((-1) ** n, factorial(2 * n))) for n in range(9, 0, -1))
_ASIN_COEFFS = tuple(
    float(Fraction(factorial(2 * n), 4**n * factorial(n) ** 2 * (2 * n + 1)))
    for n in range(5, 0, -1)
)
_ASIN_SMALL = 1.0 / 64  # the series is used below it; larger arguments are halved first
# long arrays are worked in chunks whose temporaries stay in the processor's cache (and below
# the allocator's 128 KiB threshold for mapping fresh pages): 2 to 3 times faster
_CHUNK = 16000


def _horner(t: F64, coeffs: tuple[float, ...], out: F64) -> F64:
    """``((c0·t + c1)·t + c2)…`` in place in ``out``."""
    np.multiply(t, coeffs[0], out=out)
    for c in coeffs[1:-1]:
        out += c
        out *= t
    out += coeffs[-1]
    return out


def _by_chunks(kernel: Callable[[F64, F64], None], x: F64, out: F64 | None) -> F64:
    x = np.asarray(x, dtype=np.float64)
    result = np.empty_like(x) if out is None else out
    flat_x, flat_out = x.reshape(-1), result.reshape(-1)
    for start in range(0, len(flat_x), _CHUNK):
        kernel(flat_x[start : start + _CHUNK], flat_out[start : start + _CHUNK])
    return result


class ExpConstants(NamedTuple):
    scalars: tuple[float, float, float, float, float]  # N/ln 2, shift, −ln 2/N, 1/6, 1/2
    table_bits: npt.NDArray[np.uint64]


def exp_constants() -> ExpConstants:
    """What ``native/kernels.c`` needs to compute ``exp`` with the same bits."""
    sixth, half = _EXP_COEFFS
    return ExpConstants((_INV_LN2_N, _SHIFT, -_LN2_N, sixth, half), _POW2_BITS)


def log_constants() -> tuple[float, ...]:
    """What ``native/kernels.c`` needs to compute ``log`` with the same bits: √½, the two
    parts of ln 2 (low, high), then the series' coefficients."""
    return (_SQRT_HALF, _LN2_LO, _LN2_HI, *_LOG_COEFFS)


def exp(z: F64, out: F64 | None = None) -> F64:
    """``e^z`` for ``−700 ≤ z ≤ 700`` (callers clip); relative error below 10⁻¹⁴ for
    ``|z| ≤ 60``, 10⁻¹³ beyond.

    ``z = (k + j/N)·ln 2 + r`` with ``N = 1024`` and ``|r| ≤ ln 2 / 2N``: a degree-3 polynomial
    for ``e^r`` (next term below 6·10⁻¹⁶), a table for ``2^(j/N)`` (8 KiB, in the first-level
    cache), and ``k`` added to the exponent bits (a number with no rounding).
    """
    return _by_chunks(_exp_kernel, z, out)


def _exp_kernel(z: F64, result: F64) -> None:
    t = np.multiply(z, _INV_LN2_N)
    t += _SHIFT
    bits = t.view(np.uint64).copy()
    t -= _SHIFT  # k·N + j, exactly
    t *= -_LN2_N
    t += z  # r
    index = np.bitwise_and(bits, np.uint64(_N - 1)).view(np.int64)
    bits <<= np.uint64(52 - _TABLE_BITS)  # the integer part lands in the exponent field
    bits += np.take(_POW2_BITS, index)
    _horner(t, (*_EXP_COEFFS, 1.0), result)  # (e^r − 1)/r, then e^r
    result *= t
    result += 1.0
    result *= bits.view(np.float64)


def log(x: F64) -> F64:
    """Natural logarithm of positive normal numbers, within an ulp or two.

    ``x = m·2^e`` with ``√½ ≤ m < √2``; ``log m = 2·atanh(s)``, ``s = (m − 1)/(m + 1)``,
    ``|s| ≤ 0.172``, summed to ``s²³``.
    """
    mantissa, exponent = np.frexp(np.asarray(x, dtype=np.float64))
    low = np.less(mantissa, _SQRT_HALF).astype(np.float64)  # 1.0 where m·2 is nearer 1
    mantissa *= low + 1.0
    e = exponent.astype(np.float64)
    e -= low
    s = mantissa - 1.0
    s /= mantissa + 1.0
    s2 = s * s
    series = _horner(s2, _LOG_COEFFS, np.empty_like(s2))  # 2/23·s²² + … + 2/3·s² … + 2
    series *= s2
    series += 2.0
    series *= s
    series += e * _LN2_LO
    series += e * _LN2_HI
    return series


def _sin_cos_reduced(x: F64) -> tuple[F64, F64, npt.NDArray[np.int64]]:
    """(sin r, cos r, quadrant) with ``x = q·π/2 + r``, ``|r| ≤ π/4`` (for ``|x| < 10⁶``)."""
    x = np.asarray(x, dtype=np.float64)
    k = np.rint(x * _TWO_OVER_PI)
    r = x - k * _PIO2_1
    r -= k * _PIO2_2
    r -= k * _PIO2_3
    r2 = r * r
    sin_r = _horner(r2, (*_SIN_COEFFS, 0.0), np.empty_like(r2))
    sin_r *= r
    sin_r += r
    cos_r = _horner(r2, (*_COS_COEFFS, 1.0), np.empty_like(r2))
    quadrant = np.bitwise_and(k.astype(np.int64), 3)
    return sin_r, cos_r, quadrant


def sin(x: F64) -> F64:
    sin_r, cos_r, q = _sin_cos_reduced(x)
    return np.choose(q, (sin_r, cos_r, -sin_r, -cos_r))


def cos(x: F64) -> F64:
    sin_r, cos_r, q = _sin_cos_reduced(x)
    return np.choose(q, (cos_r, -sin_r, -cos_r, sin_r))


def arcsin(x: F64, out: F64 | None = None) -> F64:
    """``arcsin`` on ``[−1, 1]`` (callers clip): within an ulp or two up to 0.1 (1,270 km of
    chord), a few hundred ulps next to ±1 (the function's slope is infinite there).

    Arguments above 1/64 are halved (``sin(θ/2) = x / √(2(1 + √(1 − x²)))``, no cancellation)
    at most seven times; then the Taylor series to ``x¹¹``, whose next term is below 10⁻¹⁷.
    """
    return _by_chunks(_arcsin_kernel, x, out)


def _arcsin_kernel(x: F64, out: F64) -> None:
    a = np.abs(x)
    doublings = np.zeros(a.shape)
    big = np.flatnonzero(a > _ASIN_SMALL)
    while len(big):
        v = a[big]
        root = 1.0 - v * v
        np.sqrt(root, out=root)
        root += 1.0
        root *= 2.0
        np.sqrt(root, out=root)
        a[big] = v / root
        doublings[big] += 1.0
        big = big[a[big] > _ASIN_SMALL]
    a2 = a * a
    result = _horner(a2, (*_ASIN_COEFFS, 0.0), np.empty_like(a2))
    result *= a
    result += a
    np.ldexp(result, doublings.astype(np.int32), out=result)
    np.copysign(result, x, out=out)


RADIANS_PER_DEGREE = float(_PI / 180)


def radians(degrees: F64) -> F64:
    return np.asarray(degrees, dtype=np.float64) * RADIANS_PER_DEGREE
