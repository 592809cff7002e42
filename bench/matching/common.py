"""Shared helpers of the matching benchmarks: timing, peak memory, per-group tables."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from maillage.matching import AllocationResult

T = TypeVar("T")
RESULTS = Path("var/bench/matching")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def group_rows(result: AllocationResult) -> dict[str, dict[str, float]]:
    return {
        g.group: {"needs": g.needs, "placed": g.placed, "rate": round(g.rate, 4)}
        for g in result.report.by_priority
    }


def save(name: str, payload: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
    print()
