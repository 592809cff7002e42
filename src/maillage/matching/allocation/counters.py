"""Per-resource, per-slot loads of a growing assignment, as Python int bitmasks.

Used by the sequential allocations: a fit test is a few big-int operations per resource, and
``room[r]`` (slots where the load is below capacity) is kept up to date on every addition.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..schedule import N_BYTES, N_SLOTS
from .problem import Problem

FULL_WEEK = (1 << N_SLOTS) - 1
MAX_LEVELS = 16


class SlotCounters:
    """Per-resource, per-slot loads as Python int bitmasks.

    A resource with the same capacity c <= ``MAX_LEVELS`` at every slot keeps c *levels*
    (level k = slots whose load is > k); any other keeps the bit planes of its *free* places
    (plane k = bit k of capacity − load, starting from the capacity's planes): adding a child
    subtracts one at its slots (a borrow chain), and a slot has room iff some plane is set.
    ``room[r]`` = slots where load < capacity; only touched resources are built.
    """

    def __init__(self, problem: Problem) -> None:
        pt = problem.pt
        self.pt = pt
        self.n_res = len(pt.res_kind)
        self.room: list[int | None] = [None] * self.n_res
        self.raw_room = np.ascontiguousarray(pt.res_room).tobytes()
        self.levels: dict[int, list[int]] = {}
        self.free: dict[int, list[int]] = {}
        self.cap: dict[int, list[int]] = {}
        self.cap_raw: bytes | None = None
        self.cap_row: dict[int, int] = {}
        self.cap_row_depth: list[int] = []
        self.cap_depth = 1
        cap = pt.res_cap
        high = cap.max(axis=1, initial=0) if self.n_res else np.zeros(0, dtype=np.int16)
        low = cap.min(axis=1) if self.n_res else np.zeros(0, dtype=np.int16)
        self.constant = np.where((low == high) & (high <= MAX_LEVELS), high, -1).tolist()

    def room_of(self, r: int) -> int:
        room = self.room[r]
        if room is None:
            room = int.from_bytes(self.raw_room[r * N_BYTES : (r + 1) * N_BYTES], "little")
            self.room[r] = room
        return room

    def cap_planes(self, r: int) -> list[int]:
        """Bit planes of the capacity per slot, as many as its largest value needs."""
        planes = self.cap.get(r)
        if planes is None:
            if self.cap_raw is None:
                self._pack_caps()
            assert self.cap_raw is not None
            row = self.cap_row[r]
            depth, width = self.cap_row_depth[row], self.cap_depth * N_BYTES
            at = row * width
            whole = int.from_bytes(self.cap_raw[at : at + depth * N_BYTES], "little")
            planes = [(whole >> (N_SLOTS_PADDED * k)) & FULL_WEEK for k in range(depth)]
            self.cap[r] = planes
        return planes

    def _pack_caps(self) -> None:
        """Bit planes of the capacities that vary by slot, packed in one pass (resource by
        resource, plane after plane)."""
        rows = [r for r, c in enumerate(self.constant) if c < 0]
        self.cap_row = {r: i for i, r in enumerate(rows)}
        cap = self.pt.res_cap[rows]
        top = cap.max(axis=1, initial=0).astype(np.int64) if len(rows) else np.zeros(0, np.int64)
        self.cap_row_depth = [max(1, int(v).bit_length()) for v in top.tolist()]
        self.cap_depth = max(1, int(cap.max(initial=0)).bit_length())
        if self.cap_depth <= 8:
            cap = cap.astype(np.uint8)
        planes = np.stack(
            [np.packbits((cap >> k) & 1, axis=1, bitorder="little") for k in range(self.cap_depth)],
            axis=1,
        )
        self.cap_raw = np.ascontiguousarray(planes).tobytes()

    def add(self, r: int, bits: int) -> None:
        """One more child at the slots of ``bits`` (the caller has checked that it fits)."""
        c = self.constant[r]
        if c > 0:
            levels = self.levels.get(r)
            if levels is None:
                levels = self.levels[r] = [0] * c
            for k in range(c - 1, 0, -1):
                levels[k] |= levels[k - 1] & bits
            levels[0] |= bits
            self.room[r] = FULL_WEEK & ~levels[-1]
            return
        free = self.free.get(r)
        if free is None:
            free = self.free[r] = list(self.cap_planes(r))
        if not _decrement(free, bits):
            raise ValueError(f"resource {r}: more children than places at some slot")
        room = 0
        for plane in free:
            room |= plane
        self.room[r] = room

    def fits_load(self, r: int, loads: list[int]) -> bool:
        """Would adding these child schedules (one count each) keep load <= capacity?"""
        c = self.constant[r]
        if c == 0:
            return not any(loads)
        if c > 0:
            levels = list(self.levels.get(r, [0] * c))
            for bits in loads:
                if levels[-1] & bits:
                    return False
                for k in range(c - 1, 0, -1):
                    levels[k] |= levels[k - 1] & bits
                levels[0] |= bits
            return True
        free = list(self.free.get(r) or self.cap_planes(r))
        return all(_decrement(free, bits) for bits in loads)

    def used_array(self) -> npt.NDArray[np.int16]:
        used = np.zeros((self.n_res, N_SLOTS), dtype=np.int16)
        for store, weighted in ((self.levels, False), (self.free, True)):
            touched = sorted(r for r, masks in store.items() if masks)
            if not touched:
                continue
            depth = max(len(store[r]) for r in touched)
            raw = b"".join(
                mask.to_bytes(N_BYTES, "little")
                for r in touched
                for mask in _padded(store[r], depth)
            )
            bits = np.unpackbits(
                np.frombuffer(raw, dtype=np.uint8).reshape(len(touched), depth, N_BYTES),
                axis=2,
                bitorder="little",
            ).astype(np.int16)
            rows = np.array(touched, dtype=np.int64)
            if weighted:
                bits <<= np.arange(depth, dtype=np.int16)[None, :, None]
                # free places kept: the load is the capacity minus them
                used[rows] = self.pt.res_cap[rows] - bits.sum(axis=1, dtype=np.int16)
            else:
                used[rows] = bits.sum(axis=1, dtype=np.int16)
        return used


N_SLOTS_PADDED = N_BYTES * 8


def _decrement(planes: list[int], bits: int) -> bool:
    """Subtract one at the slots of ``bits``; False (planes then meaningless) if some of these
    slots had nothing left."""
    borrow = bits
    for k, plane in enumerate(planes):
        planes[k] = plane ^ borrow
        borrow &= ~plane
        if not borrow:
            return True
    return not borrow


def _padded(planes: list[int], depth: int) -> list[int]:
    return planes + [0] * (depth - len(planes))
