"""The smoothed dual's compiled evaluation (``kernels.c``'s dual_eval) and what it reads."""

from __future__ import annotations

import ctypes

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


class LogConstants(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes reads this class attribute)
        ("sqrt_half", ctypes.c_double),
        ("ln2_lo", ctypes.c_double),
        ("ln2_hi", ctypes.c_double),
        ("coeffs", ctypes.c_double * 11),
    ]


class _Csr(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes reads this class attribute)
        ("n_rows", ctypes.c_int64),
        ("ptr", ctypes.c_void_p),
        ("idx", ctypes.c_void_p),
        ("data", ctypes.c_void_p),
    ]


class CsrArrays:
    """A scipy CSR matrix's arrays as the kernels read them (int32 indices; no values when
    they are all 1.0, as the row model's are), kept alive."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        if matrix.shape[1] >= 2**31:
            raise ValueError("CsrArrays: more columns than int32 indices can name")
        self.ptr = np.ascontiguousarray(matrix.indptr, dtype=np.int64)
        self.idx = np.ascontiguousarray(matrix.indices, dtype=np.int32)
        data = np.ascontiguousarray(matrix.data, dtype=np.float64)
        self.data = None if bool(np.all(data == 1.0)) else data
        self.sorted_rows = bool(matrix.has_sorted_indices)
        self.struct = _Csr(
            matrix.shape[0], self.ptr.ctypes.data, self.idx.ctypes.data,
            None if self.data is None else self.data.ctypes.data,
        )  # fmt: skip


class _DualJobStruct(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes reads this class attribute)
        ("q", ctypes.c_void_p), ("q_t", ctypes.c_void_p), ("rhs", ctypes.c_void_p),
        ("n_pairs", ctypes.c_int64), ("obj", ctypes.c_void_p), ("kind", ctypes.c_void_p),
        ("n_extra", ctypes.c_int64), ("extra_pos", ctypes.c_void_p),
        ("extra_kind", ctypes.c_void_p), ("n_seg", ctypes.c_int64), ("seg", ctypes.c_void_p),
        ("c", ctypes.c_void_p), ("pow2_bits", ctypes.c_void_p), ("lc", ctypes.c_void_p),
        ("by_type", ctypes.c_void_p), ("top", ctypes.c_void_p), ("total", ctypes.c_void_p),
        ("load", ctypes.c_void_p), ("load_extra", ctypes.c_void_p), ("terms", ctypes.c_void_p),
    ]  # fmt: skip


class DualJob:
    """``kernels.c``'s dual_eval bound to one restricted set of pairs: the arrays that stay
    the same are checked and pointed to once, not at each of the hundreds of calls."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        q: CsrArrays,
        q_t: CsrArrays,
        rhs: F64,
        pairs: tuple[F64, I64, I64, I64, I64],
        constants: tuple[ctypes.Structure, npt.NDArray[np.uint64], ctypes.Structure],
    ) -> None:
        obj, kind, extra_pos, extra_kind, seg = pairs
        # dual_eval's one pass per family and its prices from qᵀ's rows rely on both orders
        if not q.sorted_rows or bool(np.any(np.diff(extra_pos) < 0)):
            raise ValueError("dual_eval: q's rows or the extras' positions are not in order")
        exp_constants, pow2_bits, log_constants = constants
        self._lib = lib
        self.n_rows = q_t.struct.n_rows
        self._kept = [
            q, q_t, constants,
            rhs := np.ascontiguousarray(rhs, dtype=np.float64),
            obj := np.ascontiguousarray(obj, dtype=np.float64),
            kind := np.ascontiguousarray(kind, dtype=np.int32),
            extra_pos := np.ascontiguousarray(extra_pos, dtype=np.int64),
            extra_kind := np.ascontiguousarray(extra_kind, dtype=np.int64),
            seg := np.ascontiguousarray(seg, dtype=np.int64),
            work := np.empty(3 * q.struct.n_rows + 3 * len(seg) + 1),
        ]  # fmt: skip
        n_types, n_seg = q.struct.n_rows, len(seg)
        at = work.ctypes.data
        self.struct = _DualJobStruct(
            ctypes.addressof(q.struct), ctypes.addressof(q_t.struct), rhs.ctypes.data,
            len(obj), obj.ctypes.data, kind.ctypes.data,
            len(extra_pos), extra_pos.ctypes.data, extra_kind.ctypes.data,
            n_seg, seg.ctypes.data,
            ctypes.addressof(exp_constants), pow2_bits.ctypes.data, ctypes.addressof(log_constants),
            at, at + 8 * 3 * n_types, at + 8 * (3 * n_types + n_seg), at + 8 * n_types,
            at + 8 * 2 * n_types, at + 8 * (3 * n_types + 2 * n_seg),
        )  # fmt: skip
        self._address = ctypes.addressof(self.struct)
        self.n_pairs = len(obj)

    def minimise(self, lam: F64, tau: float, iterations: int, memory: int) -> tuple[F64, F64, int]:
        """``quasi_newton.minimise`` of this dual at ``tau`` from ``lam``, in C: (λ, the last
        shares, the number of evaluations)."""
        x = np.array(lam, dtype=np.float64)  # a copy: worked in place
        if len(x) != self.n_rows:
            raise ValueError(f"qn_minimise: {len(x)} multipliers for {self.n_rows} rows")
        share = np.empty(self.n_pairs)
        rows = memory + 1
        work = np.empty(5 * self.n_rows + 2 * self.n_pairs + 2 * rows * self.n_rows + 3 * rows)
        evaluations = self._lib.qn_minimise(
            self._address, tau, iterations, memory, x.ctypes.data, share.ctypes.data,
            work.ctypes.data,
        )  # fmt: skip
        return x, share, int(evaluations)

    def __call__(self, lam: F64, tau: float) -> tuple[float, F64, F64]:
        """(smoothed dual value, gradient, soft shares)."""
        lam = np.ascontiguousarray(lam, dtype=np.float64)
        if len(lam) != self.n_rows:
            raise ValueError(f"dual_eval: {len(lam)} multipliers for {self.n_rows} rows")
        share, grad = np.empty(self.n_pairs), np.empty(self.n_rows)
        value = self._lib.dual_eval(
            self._address, lam.ctypes.data, tau, 1.0 / tau, share.ctypes.data, grad.ctypes.data
        )
        return float(value), grad, share
