"""The arguments of the compiled passes (``primal.c``, ``serial.c``), field by field in the C
order: an ``int`` field is an ``int64_t``, an array field a pointer to its contiguous data
(worked in place: a copy would lose the results), and the fields of ``LENGTH_FIRST`` are
preceded by their length."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
I16 = npt.NDArray[np.int16]
U8 = npt.NDArray[np.uint8]
I8 = npt.NDArray[np.int8]

_DTYPES = {"I64": np.int64, "U64": np.uint64, "I16": np.int16, "U8": np.uint8, "I8": np.int8}


@dataclass
class _Job:
    LENGTH_FIRST: ClassVar[frozenset[str]] = frozenset()

    def args(self) -> list[object]:
        out: list[object] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray) and not value.flags.c_contiguous:
                raise ValueError(f"{f.name}: a contiguous array is needed (worked in place)")
            if f.name in self.LENGTH_FIRST:
                out.append(len(value))
            out.append(value)
        return out

    @classmethod
    def argtypes(cls) -> list[Any]:
        types: list[Any] = []
        for f in fields(cls):
            if f.name in cls.LENGTH_FIRST:
                types.append(ctypes.c_int64)
            if f.type == "int":
                types.append(ctypes.c_int64)
            else:
                dtype = _DTYPES[str(f.type)]
                types.append(np.ctypeslib.ndpointer(dtype=dtype, flags="C_CONTIGUOUS"))
        return types


@dataclass
class _LedgerArrays(_Job):
    """The ledger (``ledger.Ledger``'s arrays) and what decides who consumes what."""

    n_slots: int
    width: int
    max_res: int
    max_members: int
    used: I16
    cap: I16
    room: U64
    need_words: U64
    res_start: I64
    active: U8
    age_min: I64
    age_max: I64
    excluded: I8
    need_age: I64
    need_elig: I8
    member_start: I64
    member_list: I64


@dataclass
class PrimalJob(_LedgerArrays):
    """One Lagrangian component's rounding, repair with 1-exchange and distance pass."""

    LENGTH_FIRST: ClassVar[frozenset[str]] = frozenset({"round_entity", "ents"})

    pair_start: I64
    pair_provider: I64
    option_provider: I64
    weight: I64
    rank: I64
    assigned: I64
    seq: I64
    next_seq: int
    dirty: U8
    n_providers: int
    round_entity: I64
    round_provider: I64
    ents: I64
    depth: int
    passes: int
    max_options: int


@dataclass
class SerialJob(_LedgerArrays):
    """A sequential allocation (stable or first come, first served) with its quota envy."""

    LENGTH_FIRST: ClassVar[frozenset[str]] = frozenset({"order"})

    pref_start: I64
    pref_list: I64
    n_entities: int
    order: I64
    check_quota: int
    quota_provider: U8
    quota_candidate: U8
    assigned: I64
    dirty: U8
    envy_room: int
    envy_entity: I64
    envy_provider: I64


@dataclass
class StripFilter:
    """The candidate search's pre-filter as tables (``feasibility.CheapFilter``): ``None``
    for a test that does not apply. ``chunk`` maps a query to its need row."""

    chunk: I64 | None = None
    table: U8 | None = None  # (need class × provider classes + provider class) → fits
    need_cls: npt.NDArray[np.int32] | None = None
    prov_cls: npt.NDArray[np.int32] | None = None
    need_rank: npt.NDArray[np.int32] | None = None
    prov_rank: npt.NDArray[np.int32] | None = None
    verdict: I8 | None = None  # (schedule × providers + provider) → 0: refused
    sched_of: I64 | None = None

    def sorted(self, order: I64) -> StripFilter:
        """The same tables with the provider side in the order of the sorted points
        (``order``: sorted point → provider), as ``strips.c`` reads them."""
        verdict = self.verdict
        if verdict is not None:
            verdict = verdict.reshape(-1, len(order))[:, order].ravel()
        return replace(
            self,
            prov_cls=None if self.prov_cls is None else self.prov_cls[order],
            prov_rank=None if self.prov_rank is None else self.prov_rank[order],
            verdict=verdict,
        )


class StripFilterStruct(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes reads this class attribute)
        (name, ctypes.c_void_p)
        for name in (
            "chunk", "table", "need_cls", "prov_cls", "need_rank", "prov_rank", "verdict",
            "sched_of",
        )
    ]  # fmt: skip

    @classmethod
    def of(cls, tables: StripFilter | None) -> tuple[StripFilterStruct, list[np.ndarray]]:
        """The C struct, and the arrays it points to (to keep alive during the call)."""
        kept: list[np.ndarray] = []
        pointers: list[int | None] = []
        for f in fields(StripFilter):
            value = None if tables is None else getattr(tables, f.name)
            if value is None:
                pointers.append(None)
                continue
            array = np.ascontiguousarray(value)
            kept.append(array)
            pointers.append(array.ctypes.data)
        return cls(*pointers), kept
