"""Per-process memos for hot read paths (public search, results page, observatory).

A memo keeps a value that either changes only with reference data (communes, intercommunalities:
a territory import, then at most `ttl_seconds` of staleness) or carries its own version in its
key (a provider index version, a snapshot date), so a stale entry is never read. Each memo is
bounded (emptied when full: the keys are few and hot) and thread-safe (gunicorn's threads).
`clear_memos()` empties them all: tests call it between tests, imports after they commit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_REGISTRY: list[Memo] = []  # type: ignore[type-arg]


class Memo(Generic[V]):
    def __init__(self, name: str, *, max_size: int = 4096, ttl_seconds: float = 3600) -> None:
        self.name = name
        self.max_size = max_size
        self.ttl_seconds = ttl_seconds
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()
        _REGISTRY.append(self)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._values.get(key)
        if found is None or time.monotonic() - found[0] > self.ttl_seconds:
            return None
        return found[1]

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            if len(self._values) >= self.max_size:
                self._values.clear()
            self._values[key] = (time.monotonic(), value)
        return value

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The memoised value, computed outside the lock (two threads may both compute it
        once: both results are equal)."""
        found = self.get(key)
        return found if found is not None else self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


def clear_memos() -> None:
    for memo in _REGISTRY:
        memo.clear()
