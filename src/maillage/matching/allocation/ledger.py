"""The capacity ledger: per-resource, per-slot loads and free-place bits, and what fits now."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ..native import kernels
from ..ranges import expand_ranges
from ..schedule import N_BYTES
from .problem import Problem, consumed_by_provider

I64 = npt.NDArray[np.int64]

FIT_BLOCK = 1 << 14


@dataclass(frozen=True)
class LedgerState:
    assigned: dict[int, int]
    used: npt.NDArray[np.int16]
    room: list[int]
    room_words: npt.NDArray[np.uint64]
    stale: I64 | None


class Ledger:
    """Per-resource, per-slot load with Python-int bitmasks for fast fit tests."""

    def __init__(self, problem: Problem) -> None:
        pt, nt = problem.pt, problem.nt
        self.problem = problem
        self.cap = pt.res_cap.astype(np.int16)
        self.used = np.zeros_like(self.cap)
        self.room_words = packed_words(pt.res_room)
        self.need_words = packed_words(nt.sched)
        # the Python ints of room, read by the Python passes only: made on first reading
        self._room: list[int] = [0] * len(self.cap)
        self._stale: I64 | None = np.arange(len(self.cap))  # rows of room older than room_words
        self.active = problem.active_resource.tolist()
        self.assigned: dict[int, int] = {}
        self._vectors: dict[int, npt.NDArray[np.int16]] = {}
        self._pair_res: tuple[I64, I64, I64] | None = None

    # what only the Python passes read, made on first use (the compiled ones never need it)
    @cached_property
    def bits(self) -> list[int]:
        return [need.schedule.bits for need in self.problem.nt.needs]

    @cached_property
    def age(self) -> list[int]:
        return list(self.problem.nt.age.tolist())

    @cached_property
    def elig(self) -> list[int]:
        return list(self.problem.nt.elig.tolist())

    @cached_property
    def kind(self) -> list[int]:
        """Per child, its *kind*: the resources a child consumes depend on its age only
        through the age bounds, so its (age bucket, eligibility) and the provider decide them."""
        pt, nt = self.problem.pt, self.problem.nt
        bounds = np.unique(np.concatenate([pt.res_age_min, pt.res_age_max]))
        bucket = np.searchsorted(bounds, nt.age, side="right").tolist()
        kinds: dict[tuple[int, int], int] = {}
        return [kinds.setdefault(k, len(kinds)) for k in zip(bucket, self.elig, strict=True)]

    @cached_property
    def n_kinds(self) -> int:
        return max(1, len(set(self.kind)))

    @cached_property
    def _by_kind(self) -> list[list[list[int]] | None]:
        return [None] * self.n_kinds

    def restore(self, assigned: dict[int, int], used: npt.NDArray[np.int16]) -> None:
        """Set the state of a fresh ledger: the assignment and its per-resource loads."""
        self.assigned = dict(assigned)
        self.used = used.astype(self.cap.dtype, copy=False)
        changed = np.flatnonzero(self.used.any(axis=1))
        if len(changed):
            free = np.packbits(self.used[changed] < self.cap[changed], axis=1, bitorder="little")
            for r, row in zip(changed.tolist(), free, strict=True):
                self.room[r] = int.from_bytes(row.tobytes(), "little")
            self.room_words[changed] = packed_words(free)

    @property
    def room(self) -> list[int]:
        """Per resource, its free slots as a Python int (the bitmask the fit tests read)."""
        if self._stale is not None:
            rows, self._stale = self._stale, None
            raw, size = self.room_words[rows].tobytes(), self.room_words.shape[1] * 8
            for i, r in enumerate(rows.tolist()):
                self._room[r] = int.from_bytes(raw[i * size : (i + 1) * size], "little")
        return self._room

    def mark_stale(self, rows: I64) -> None:
        """The compiled passes changed these rows of room_words: their Python ints are
        brought up to date when next read (often never: the result needs none of them)."""
        if len(rows):
            if self._stale is None:
                self._stale = rows
            elif len(self._stale) < len(self._room):  # not every row already
                self._stale = np.union1d(self._stale, rows)

    def snapshot(self) -> LedgerState:
        """The whole state (assignments, loads, free-place bits), to :meth:`rewind` to."""
        stale = None if self._stale is None else self._stale.copy()
        return LedgerState(
            dict(self.assigned), self.used.copy(), list(self._room), self.room_words.copy(), stale
        )

    def rewind(self, state: LedgerState) -> None:
        """Back to a :meth:`snapshot`: a few array copies, where undoing thousands of
        assignments one by one costs a tenth of a second of a département."""
        self.assigned = dict(state.assigned)
        self.used = state.used.copy()
        self._room = list(state.room)
        self._stale = None if state.stale is None else state.stale.copy()
        self.room_words = state.room_words.copy()
        self.freed = None

    def set_active(self, active: list[bool]) -> None:
        self.active = active
        self._by_kind = [None] * self.n_kinds
        self._pair_res = None
        self.vectorised = False

    vectorised = True

    def fitting_providers(self, e: int) -> set[int]:
        """All candidate providers where entity ``e`` fits now (one vectorised test)."""
        problem = self.problem
        a, b = int(problem.pair_start[e]), int(problem.pair_start[e + 1])
        members = problem.members[e]
        if len(members) > 1 or not self.vectorised:
            return {p for p in problem.pair_provider[a:b].tolist() if self.fits(e, p)}
        if self._pair_res is None:
            self._pair_res = _pair_resources(problem)
        start, pair, res = self._pair_res
        t0, t1 = int(start[a]), int(start[b])
        bad = np.any(self.need_words[members[0]] & ~self.room_words[res[t0:t1]], axis=1)
        failed = np.bincount(pair[t0:t1][bad] - a, minlength=b - a)
        return set(problem.pair_provider[a:b][failed == 0].tolist())

    def _consumed(self, j: int, p: int) -> list[int]:
        table = self._by_kind[self.kind[j]]
        if table is None:
            table = self._kind_table(j)
        return table[p]

    def _kind_table(self, j: int) -> list[list[int]]:
        """Resources consumed by a child of ``j``'s kind, per provider (built once per kind)."""
        active = np.array(self.active, dtype=np.bool_)
        table = consumed_by_provider(self.problem.pt, active, self.age[j], self.elig[j])
        self._by_kind[self.kind[j]] = table
        return table

    def fits(self, e: int, p: int) -> bool:
        members = self.problem.members[e]
        if len(members) == 1:
            j = members[0]
            table = self._by_kind[self.kind[j]]
            if table is None:
                table = self._kind_table(j)
            bits = self.bits[j]
            room = self._room if self._stale is None else self.room  # hot: no property call
            for r in table[p]:  # noqa: SIM110 (a plain loop: no generator per test, hot path)
                if bits & ~room[r]:
                    return False
            return True
        load = self._load(members, p)
        return all(bool(np.all(self.used[r] + vec <= self.cap[r])) for r, vec in load.items())

    def _vector(self, j: int) -> npt.NDArray[np.int16]:
        vec = self._vectors.get(j)
        if vec is None:
            vec = self._vectors[j] = _unpack_bits(self.bits[j])
        return vec

    def _load(self, members: list[int], p: int) -> dict[int, npt.NDArray[np.int16]]:
        if len(members) == 1:
            vec = self._vector(members[0])
            return dict.fromkeys(self._consumed(members[0], p), vec)
        load: dict[int, npt.NDArray[np.int16]] = {}
        for j in members:
            vec = self._vector(j)
            for r in self._consumed(j, p):
                load[r] = load[r] + vec if r in load else vec
        return load

    def add(self, e: int, p: int) -> None:
        self._apply(e, p, 1)
        self.assigned[e] = p

    def remove(self, e: int) -> int:
        p = self.assigned.pop(e)
        self._apply(e, p, -1)
        if self.freed is not None:
            self.freed.add(p)
        return p

    # providers that lost a child since :meth:`fits_now` was taken (None: not tracked)
    freed: set[int] | None = None

    def fits_now(self, pairs: I64) -> npt.NDArray[np.bool_]:
        """Per candidate pair, False when its child does not fit there now (one vectorised
        test; sibling groups are always True: they are tested one by one). A pair that does
        not fit can only start fitting when its provider loses a child: from now on,
        :attr:`freed` records those providers."""
        problem = self.problem
        out = np.ones(len(pairs), dtype=np.bool_)
        self.freed = set()
        if not self.vectorised or len(pairs) == 0:
            return out
        if self._pair_res is None:
            self._pair_res = _pair_resources(problem)
        start, _, res = self._pair_res
        ent = problem.pair_entity[pairs]
        size, first = problem.member_size, problem.first_member
        compiled = kernels()
        if compiled is not None:
            single_need = np.where(size[ent] == 1, first[ent], -1)
            return compiled.fits_now(
                pairs, single_need, start, res, self.need_words, self.room_words
            )
        lo = start[pairs]
        rep, at = expand_ranges(lo, start[pairs + 1] - lo)
        need, res = first[ent][rep], res[at]
        bad = np.empty(len(rep), dtype=np.bool_)
        for k in range(0, len(rep), FIT_BLOCK):  # small temporaries: they stay in cache
            block = slice(k, k + FIT_BLOCK)
            words = self.need_words[need[block]]
            words &= ~self.room_words[res[block]]
            np.any(words, axis=1, out=bad[block])
        failed = np.bincount(rep[bad], minlength=len(pairs)) > 0
        out[failed & (size[ent] == 1)] = False
        return out

    def _apply(self, e: int, p: int, sign: int) -> None:
        used, cap, room, room_words = self.used, self.cap, self.room, self.room_words
        for r, vec in self._load(self.problem.members[e], p).items():
            row = used[r]
            if sign > 0:
                row += vec
            else:
                row -= vec
            free = np.packbits(row < cap[r], bitorder="little").tobytes()
            room[r] = int.from_bytes(free, "little")
            room_words[r] = np.frombuffer(free + _PAD, dtype=np.uint64)


_PAD = bytes(48 - N_BYTES)


def packed_words(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    padded = np.zeros((len(packed), 48), dtype=np.uint8)
    padded[:, :N_BYTES] = packed
    return padded.view(np.uint64)


def _pair_resources(problem: Problem) -> tuple[I64, I64, I64]:
    """CSR by pair of the active resources each single child would consume."""
    pt, nt = problem.pt, problem.nt
    need = np.array([m[0] for m in problem.members], dtype=np.int64)[problem.pair_entity]
    prov = problem.pair_provider
    rep, res = expand_ranges(pt.res_start[prov], pt.res_start[prov + 1] - pt.res_start[prov])
    age = nt.age[need][rep]
    keep = (
        problem.active_resource[res]
        & (pt.res_age_min[res] <= age)
        & (age < pt.res_age_max[res])
        & ((nt.elig[need][rep] & pt.res_excluded[res]) == 0)
    )
    pair, res = rep[keep], res[keep]
    start = np.searchsorted(pair, np.arange(len(prov) + 1))
    return start, pair, res


def _unpack_bits(bits: int) -> npt.NDArray[np.int16]:
    raw = np.frombuffer(bits.to_bytes(N_BYTES, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little").astype(np.int16)
