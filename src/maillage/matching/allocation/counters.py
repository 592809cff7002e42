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
    (level k = slots whose load is > k); any other keeps bit planes (plane k = bit k of the
    load). ``room[r]`` = slots where load < capacity; only touched resources are built.
    """

    def __init__(self, problem: Problem) -> None:
        pt = problem.pt
        self.pt = pt
        self.n_res = len(pt.res_kind)
        self.room: list[int | None] = [None] * self.n_res
        self.raw_room = np.ascontiguousarray(pt.res_room).tobytes()
        self.levels: dict[int, list[int]] = {}
        self.planes: dict[int, list[int]] = {}
        self.cap: dict[int, list[int]] = {}
        self.cap_raw: bytes | None = None
        self.cap_row: dict[int, int] = {}
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
        planes = self.cap.get(r)
        if planes is None:
            if self.cap_raw is None:
                self._pack_caps()
            assert self.cap_raw is not None
            raw, depth, at = self.cap_raw, self.cap_depth, self.cap_row[r] * N_BYTES
            step = len(self.cap_row) * N_BYTES
            planes = [
                int.from_bytes(raw[at + k * step : at + k * step + N_BYTES], "little")
                for k in range(depth)
            ]
            while len(planes) > 1 and not planes[-1]:
                planes.pop()  # high zero planes: shorter comparisons
            self.cap[r] = planes
        return planes

    def _pack_caps(self) -> None:
        """Bit planes of the capacities that vary by slot, packed in one pass."""
        rows = [r for r, c in enumerate(self.constant) if c < 0]
        self.cap_row = {r: i for i, r in enumerate(rows)}
        cap = self.pt.res_cap[rows]
        self.cap_depth = max(1, int(cap.max(initial=0)).bit_length())
        if self.cap_depth <= 8:
            cap = cap.astype(np.uint8)
        self.cap_raw = b"".join(
            np.packbits((cap >> k) & 1, axis=1, bitorder="little").tobytes()
            for k in range(self.cap_depth)
        )

    def add(self, r: int, bits: int) -> None:
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
        planes = self.planes.setdefault(r, [])
        _increment(planes, bits)
        self.room[r] = _less(planes, self.cap_planes(r))

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
        planes = list(self.planes.get(r, []))
        for bits in loads:
            _increment(planes, bits)
        return _less(self.cap_planes(r), planes) == 0

    def used_array(self) -> npt.NDArray[np.int16]:
        used = np.zeros((self.n_res, N_SLOTS), dtype=np.int16)
        for store, weighted in ((self.levels, False), (self.planes, True)):
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
            if weighted:
                bits <<= np.arange(depth, dtype=np.int16)[None, :, None]
            used[np.array(touched, dtype=np.int64)] = bits.sum(axis=1, dtype=np.int16)
        return used


def _increment(planes: list[int], bits: int) -> None:
    carry = bits
    for k, plane in enumerate(planes):
        planes[k] = plane ^ carry
        carry &= plane
        if not carry:
            return
    planes.append(carry)


def _padded(planes: list[int], depth: int) -> list[int]:
    return planes + [0] * (depth - len(planes))


def _less(a: list[int], b: list[int]) -> int:
    """Slots where the bit-sliced count ``a`` is strictly below ``b``."""
    lt, eq = 0, FULL_WEEK
    for k in range(max(len(a), len(b)) - 1, -1, -1):
        x = a[k] if k < len(a) else 0
        y = b[k] if k < len(b) else 0
        lt |= eq & ~x & y
        eq &= ~(x ^ y)
    return lt
