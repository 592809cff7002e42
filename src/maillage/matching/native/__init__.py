"""Compiled inner loops, loaded with ctypes, with numpy fallbacks that give the same bits.

What runs in C:

* ``kernels.c``: the smoothed dual's whole evaluation (prices per type, the pass over the
  restricted pairs, the value with ``portable_math``'s exp and log, the gradient; bound once
  per restricted set by ``dual.DualJob``) and the quasi-Newton direction;
* ``primal.c`` and ``serial.c``: the optimal mode's primal and the sequential allocations, on
  the ledger of ``ledger.h``;
* ``strips.c``: the candidate search's strip join; ``cap.c``: the per-need cap and sort of the
  candidates, and the orders of families' places (segmented sorts);
* ``rows.c``: the build's residual places, the row model's consumption masks, cell order and
  dominated rows.

The library is optional: ``make install`` compiles it when the machine has a C compiler
(``build.py``). Without it, with ``MAILLAGE_NATIVE=0``, or when it was built from other
sources, the engine runs its numpy and Python code, which gives the same answers
(``tests/matching/test_native.py``, ``test_native_build.py``), only slower: an allocation
never depends on whether the library is there.
"""

from __future__ import annotations

import ctypes
import logging
import os
from functools import cache

import numpy as np
import numpy.typing as npt

from .. import portable_math as pm
from ..schedule import N_BYTES
from .build import LIBRARY, source_sha256
from .dual import CsrArrays, DualJob, LogConstants
from .jobs import PrimalJob, SerialJob, StripFilter, StripFilterStruct

logger = logging.getLogger(__name__)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
Bools = npt.NDArray[np.bool_]

_DOUBLES = np.ctypeslib.ndpointer(dtype=np.float64, flags="C_CONTIGUOUS")
_INTS = np.ctypeslib.ndpointer(dtype=np.int64, flags="C_CONTIGUOUS")
_WORDS = np.ctypeslib.ndpointer(dtype=np.uint64, flags="C_CONTIGUOUS")
_BYTES = np.ctypeslib.ndpointer(dtype=np.uint8, flags="C_CONTIGUOUS")
_I64 = ctypes.c_int64
STRIP_BLOCK = 1 << 20  # candidate pairs per call of strip_join
_DOUBLE = ctypes.c_double


class _ExpConstants(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes reads this class attribute)
        ("inv_ln2_n", ctypes.c_double),
        ("shift", ctypes.c_double),
        ("minus_ln2_n", ctypes.c_double),
        ("c3", ctypes.c_double),
        ("c2", ctypes.c_double),
    ]


class Kernels:
    """The loaded library, with typed calls."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._lib = lib
        constants = pm.exp_constants()
        self._exp_constants = _ExpConstants(*constants.scalars)
        self._pow2_bits = np.ascontiguousarray(constants.table_bits)
        scalars = pm.log_constants()
        self._log_constants = LogConstants(*scalars[:3], (ctypes.c_double * 11)(*scalars[3:]))
        # what every DualJob points to: exp constants and table, log constants
        self.constants = (self._exp_constants, self._pow2_bits, self._log_constants)
        lib.log_array.restype = None
        lib.log_array.argtypes = [_I64, _DOUBLES, _DOUBLES, ctypes.c_void_p]
        lib.qn_minimise.restype = ctypes.c_int64
        lib.qn_minimise.argtypes = [
            ctypes.c_void_p, _DOUBLE, _I64, _I64,  # job, τ, iterations, memory
            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,  # x (in, out), shares, work
        ]  # fmt: skip
        lib.dual_eval.restype = ctypes.c_double
        # raw addresses: ctypes' array checks cost more than the call at this rate
        lib.dual_eval.argtypes = [ctypes.c_void_p] * 2 + [_DOUBLE] * 2 + [ctypes.c_void_p] * 2
        lib.exp_array.restype = None
        lib.exp_array.argtypes = [_I64, _DOUBLES, _DOUBLES, ctypes.c_void_p, _WORDS]
        lib.product_dot.restype = ctypes.c_double
        lib.product_dot.argtypes = [_I64, ctypes.c_void_p, ctypes.c_void_p]
        lib.qn_direction.restype = None
        lib.qn_direction.argtypes = [
            _I64, _DOUBLES, _DOUBLES,  # n, x, g
            _I64, _DOUBLES, _DOUBLES, _INTS, _DOUBLES, _DOUBLES,  # m, S, Y, order, s·y, y·y
            _DOUBLES, _DOUBLES,  # work, out: direction
        ]  # fmt: skip

        lib.primal.restype = ctypes.c_int64
        lib.primal.argtypes = PrimalJob.argtypes()
        lib.strip_join.restype = ctypes.c_int64
        lib.strip_join.argtypes = [
            _I64, _INTS, _INTS, _INTS,  # rows: query, [lo, hi) of sorted points
            _DOUBLES, _DOUBLES, _DOUBLES, _DOUBLES, _DOUBLES, _DOUBLES,  # queries', points' xyz
            _DOUBLES, ctypes.POINTER(StripFilterStruct),  # squared chord limits; pre-filter
            _I64, _INTS, _INTS, _DOUBLES,  # out: room, query, sorted point, squared chord
        ]  # fmt: skip
        lib.nearest_pairs.restype = ctypes.c_int64
        lib.nearest_pairs.argtypes = [
            _I64, _INTS, _INTS, _DOUBLES,  # pairs
            ctypes.c_void_p, ctypes.c_void_p,  # left out; kept whatever their rank
            _I64, _I64, _INTS, _INTS, _DOUBLES,  # entities, cap; out: the kept pairs
        ]  # fmt: skip
        lib.segment_order.restype = ctypes.c_int64
        lib.segment_order.argtypes = [_I64, _INTS, _DOUBLES, ctypes.c_void_p, _INTS]
        lib.consumption_masks.restype = None
        lib.consumption_masks.argtypes = [
            _I64, _INTS, _INTS, _INTS, _BYTES, _INTS, _INTS, ctypes.c_void_p, _INTS,
            ctypes.c_void_p, _INTS,
        ]  # fmt: skip
        lib.residual_places.restype = None
        lib.residual_places.argtypes = [
            _I64, _I64, _INTS, _I64, _INTS, _INTS, _I64, _BYTES, _INTS, ctypes.c_void_p,
        ]  # fmt: skip
        lib.column_minima.restype = None
        lib.column_minima.argtypes = [_I64, _INTS, _I64, ctypes.c_void_p, _INTS, _I64, _INTS]
        lib.order_cells.restype = None
        lib.order_cells.argtypes = [_I64, _INTS, _I64, _WORDS, _INTS, _INTS]
        lib.distinct_keys.restype = ctypes.c_int64
        lib.distinct_keys.argtypes = [_I64, _INTS, _I64, _INTS, _INTS, _INTS]
        lib.undominated.restype = None
        lib.undominated.argtypes = [_I64, _INTS, _I64, _WORDS, _INTS, _BYTES]
        lib.serial.restype = ctypes.c_int64
        lib.serial.argtypes = SerialJob.argtypes()
        lib.fits_now.restype = None
        lib.fits_now.argtypes = [
            _I64, _INTS, _INTS, _INTS, _INTS,  # pairs, their single child (-1: siblings), CSR
            _I64, _WORDS, _WORDS, _BYTES,  # words per row, need and room bits; out
        ]  # fmt: skip

    def fits_now(
        self, pairs: I64, single_need: I64, start: I64, res: I64, need_words: U64, room_words: U64
    ) -> Bools:
        """``ledger.Ledger.fits_now``'s test (see ``kernels.c``)."""
        out = np.empty(len(pairs), dtype=np.uint8)
        self._lib.fits_now(
            len(pairs), np.ascontiguousarray(pairs, dtype=np.int64),
            np.ascontiguousarray(single_need, dtype=np.int64),
            np.ascontiguousarray(start, dtype=np.int64), np.ascontiguousarray(res, dtype=np.int64),
            need_words.shape[1], need_words, room_words, out,
        )  # fmt: skip
        return out.view(np.bool_)

    def strip_join(
        self,
        rows: tuple[I64, I64, I64],
        order: I64,
        queries: tuple[F64, F64, F64],
        points: tuple[F64, F64, F64],
        limit: F64,
        tables: StripFilter | None,
    ) -> tuple[I64, I64, F64]:
        """``geo.PointIndex._within_strips``'s kept (query, sorted point, squared chord)."""
        q_row, lo, hi = (np.ascontiguousarray(a, dtype=np.int64) for a in rows)
        struct, _alive = StripFilterStruct.of(None if tables is None else tables.sorted(order))
        counts = hi - lo
        ends = np.cumsum(counts)
        parts: list[tuple[I64, I64, F64]] = []
        start = 0
        while start < len(q_row):  # blocks of about a million pairs: bounded memory
            before = int(ends[start] - counts[start])
            stop = max(start + 1, int(np.searchsorted(ends, before + STRIP_BLOCK, side="right")))
            room = int(counts[start:stop].sum())
            out_q, out_s = np.empty(room, dtype=np.int64), np.empty(room, dtype=np.int64)
            out_c = np.empty(room)
            n = self._lib.strip_join(
                stop - start, q_row[start:stop], lo[start:stop], hi[start:stop],
                *queries, *points, limit, ctypes.byref(struct), room, out_q, out_s, out_c,
            )  # fmt: skip
            parts.append((out_q[:n].copy(), out_s[:n].copy(), out_c[:n].copy()))
            start = stop
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        q = np.concatenate([part[0] for part in parts])
        s = np.concatenate([part[1] for part in parts])
        c = np.concatenate([part[2] for part in parts])
        return q, s, c

    def nearest_pairs(
        self,
        pe: I64,
        pp: I64,
        pd: F64,
        force: Bools | None,
        n_ent: int,
        cap: int,
        skip: Bools | None = None,
    ) -> tuple[I64, I64, F64]:
        """``problem.build_problem``'s cap and sort: per entity (ascending), its pairs by
        (metres, provider), the first ``cap`` (0: all) and those of ``force`` kept; the pairs
        of ``skip`` left out."""
        n = len(pe)
        pe, pp = (np.ascontiguousarray(a, dtype=np.int64) for a in (pe, pp))
        pd = np.ascontiguousarray(pd, dtype=np.float64)
        keep = None if force is None else np.ascontiguousarray(force, dtype=np.uint8)
        left = None if skip is None else np.ascontiguousarray(skip, dtype=np.uint8)
        room = n if not cap else min(n, n_ent * cap + (0 if keep is None else int(keep.sum())))
        out_pe, out_pp, out_pd = np.empty(room, np.int64), np.empty(room, np.int64), np.empty(room)
        found = self._lib.nearest_pairs(
            n, pe, pp, pd, None if left is None else left.ctypes.data,
            None if keep is None else keep.ctypes.data, n_ent, cap, out_pe, out_pp, out_pd,
        )  # fmt: skip
        if found < 0:
            raise MemoryError("nearest_pairs")
        return out_pe[:found], out_pp[:found], out_pd[:found]

    def segment_order(self, start: I64, key: F64, then: F64 | None = None) -> I64:
        """``np.lexsort((then, key, group))`` for positions grouped in ``[start[g],
        start[g+1])`` (no ``then``: ``np.lexsort((key, group))``)."""
        key = np.ascontiguousarray(key, dtype=np.float64)
        second = None if then is None else np.ascontiguousarray(then, dtype=np.float64)
        out = np.empty(len(key), dtype=np.int64)
        found = self._lib.segment_order(
            len(start) - 1, np.ascontiguousarray(start, np.int64), key,
            None if second is None else second.ctypes.data, out,
        )  # fmt: skip
        if found:
            raise MemoryError("segment_order")
        return out

    def consumption_masks(
        self,
        need: I64,
        prov: I64,
        resources: tuple[I64, Bools, I64, I64, npt.NDArray[np.int8]],
        children: tuple[I64, npt.NDArray[np.int8]],
    ) -> I64:
        """``class_rows.consumption_masks``: ``resources`` = (start per provider, active, age
        bounds, excluded bits), ``children`` = (age, eligibility bits) per need."""
        res_start, active, age_min, age_max, excluded = resources
        need_age, need_elig = children
        excluded = np.ascontiguousarray(excluded, dtype=np.int8)
        need_elig = np.ascontiguousarray(need_elig, dtype=np.int8)
        mask = np.empty(len(need), dtype=np.int64)
        self._lib.consumption_masks(
            len(need), np.ascontiguousarray(need, np.int64), np.ascontiguousarray(prov, np.int64),
            np.ascontiguousarray(res_start, np.int64),
            np.ascontiguousarray(active, dtype=np.uint8),
            np.ascontiguousarray(age_min, np.int64), np.ascontiguousarray(age_max, np.int64),
            excluded.ctypes.data, np.ascontiguousarray(need_age, np.int64), need_elig.ctypes.data,
            mask,
        )  # fmt: skip
        return mask

    def residual_places(
        self, places: I64, res: I64, child: I64, packed: npt.NDArray[np.uint8]
    ) -> npt.NDArray[np.int16]:
        """``tables._residual_places`` (``packed``: each child's schedule bytes)."""
        n_slots = 8 * N_BYTES
        out = np.empty((len(places), n_slots), dtype=np.int16)
        packed = np.ascontiguousarray(packed, dtype=np.uint8).reshape(-1, N_BYTES)
        self._lib.residual_places(
            len(places), n_slots, np.ascontiguousarray(places, np.int64), len(res),
            np.ascontiguousarray(res, np.int64), np.ascontiguousarray(child, np.int64),
            N_BYTES, packed if len(packed) else np.zeros((1, N_BYTES), np.uint8),
            np.empty(n_slots, dtype=np.int64), out.ctypes.data,
        )  # fmt: skip
        return out

    def column_minima(self, cap: npt.NDArray[np.int16], res_ids: I64, cid: I64, n_cols: int) -> I64:
        """``class_rows._column_minima`` (``cap``: resources × slots, int16)."""
        cap = np.ascontiguousarray(cap, dtype=np.int16)
        cid = np.ascontiguousarray(cid, dtype=np.int64)
        if len(cid) != cap.shape[1] or (
            len(cid) and not 0 <= int(cid.min()) <= int(cid.max()) < n_cols
        ):
            raise ValueError("column_minima: one column per slot, below n_cols")
        out = np.empty((len(res_ids), n_cols), dtype=np.int64)
        self._lib.column_minima(
            len(res_ids), np.ascontiguousarray(res_ids, np.int64), cap.shape[1],
            cap.ctypes.data, cid, n_cols, out,
        )  # fmt: skip
        return out

    def order_cells(self, start: I64, words: U64, cap: I64) -> I64:
        """``class_rows.row_model``'s cell order: in each group ``[start[g], start[g+1])``,
        by words, then capacity, then position."""
        words = np.ascontiguousarray(words, dtype=np.uint64)
        order = np.empty(len(words), dtype=np.int64)
        self._lib.order_cells(
            len(start) - 1, np.ascontiguousarray(start, np.int64), words.shape[1], words,
            np.ascontiguousarray(cap, np.int64), order,
        )  # fmt: skip
        return order

    def unique_inverse(self, key: I64) -> tuple[I64, I64]:
        """``np.unique(key, return_inverse=True)`` by hashing (a table of about 4 slots per
        key, not one per possible value), then a sort of the distinct keys only."""
        key = np.ascontiguousarray(key, dtype=np.int64)
        size = 1 << max(4, int(2 * len(key)).bit_length())
        first, provisional = np.empty(len(key), np.int64), np.empty(len(key), np.int64)
        count = self._lib.distinct_keys(
            len(key), key, size, np.empty(size, np.int64), first, provisional
        )
        distinct = key[first[:count]]
        order = np.argsort(distinct, kind="stable")  # distinct keys: no ties anyway
        rank = np.empty(count, dtype=np.int64)
        rank[order] = np.arange(count)
        return distinct[order], rank[provisional]

    def undominated(self, row_r: I64, code: U64, cap: I64) -> Bools:
        """``class_rows._undominated`` on patterns packed in 64-bit words (``code``)."""
        keep = np.empty(len(row_r), dtype=np.uint8)
        code = np.ascontiguousarray(code, dtype=np.uint64)
        self._lib.undominated(
            len(row_r), np.ascontiguousarray(row_r, dtype=np.int64), code.shape[1], code,
            np.ascontiguousarray(cap, dtype=np.int64), keep,
        )  # fmt: skip
        return keep.view(np.bool_)

    def primal(self, job: PrimalJob) -> int:
        """Run ``primal.c`` on ``job`` (arrays worked in place); -2 if memory ran out."""
        return int(self._lib.primal(*job.args()))

    def serial(self, job: SerialJob) -> int:
        """Run ``serial.c`` on ``job``: the number of quota-envy records, or < 0 (not done)."""
        return int(self._lib.serial(*job.args()))

    def dot(self, a: F64, b: F64) -> float:
        a = np.ascontiguousarray(a, dtype=np.float64)
        b = np.ascontiguousarray(b, dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"dot: shapes {a.shape} and {b.shape}")
        return float(self._lib.product_dot(len(a), a.ctypes.data, b.ctypes.data))

    def qn_direction(
        self, x: F64, g: F64, s: F64, y: F64, order: list[int], sy: F64, yy: F64
    ) -> F64:
        """``quasi_newton.direction`` (rows ``order`` of ``s`` and ``y``, oldest first)."""
        out = np.empty(len(x))
        rows = np.array(order, dtype=np.int64)
        self._lib.qn_direction(
            len(x), x, g, len(rows), s, y, rows, sy, yy, np.empty(max(1, len(rows))), out
        )
        return out

    def exp(self, z: F64) -> F64:
        z = np.ascontiguousarray(z, dtype=np.float64)
        out = np.empty_like(z)
        self._lib.exp_array(len(z), z, out, ctypes.byref(self._exp_constants), self._pow2_bits)
        return out

    def log(self, x: F64) -> F64:
        x = np.ascontiguousarray(x, dtype=np.float64)
        out = np.empty_like(x)
        self._lib.log_array(len(x), x, out, ctypes.byref(self._log_constants))
        return out

    def dual_job(
        self, q: CsrArrays, q_t: CsrArrays, rhs: F64, pairs: tuple[F64, I64, I64, I64, I64]
    ) -> DualJob:
        """``lagrangian._Restricted.soft`` on one restricted set, called as ``job(λ, τ)``.
        ``pairs``: the objective and type per pair, the extras' positions and types, the
        families' starts."""
        return DualJob(self._lib, q, q_t, rhs, pairs, self.constants)


@cache
def kernels() -> Kernels | None:
    """The compiled kernels, or ``None`` (then the numpy code runs: same bits, slower)."""
    if os.environ.get("MAILLAGE_NATIVE", "1") == "0" or not LIBRARY.exists():
        return None
    try:
        lib = ctypes.CDLL(str(LIBRARY))
    except OSError as error:
        logger.warning("bibliothèque %s illisible (%s) : numpy utilisé", LIBRARY, error)
        return None
    lib.kernels_source_sha256.restype = ctypes.c_char_p
    if lib.kernels_source_sha256().decode() != source_sha256():
        logger.warning("%s compilé depuis une autre version des sources : numpy utilisé", LIBRARY)
        return None
    return Kernels(lib)
