"""Fairness report: outcome per priority group and per commune."""

from __future__ import annotations

from collections import defaultdict

from ..model import Need, Priority, PriorityGrid
from ..results import FairnessReport, GroupOutcome


def fairness_report(needs: list[Need], placed_ids: set[str], grid: PriorityGrid) -> FairnessReport:
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_commune: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    # needs sharing a set of priorities share their weight and groups: count per set first
    per_set: dict[frozenset[Priority], list[int]] = {}
    for need in needs:
        placed = need.id in placed_ids
        row = per_set.get(need.priorities)
        if row is None:
            row = per_set[need.priorities] = [0, 0, grid.weight(need.priorities)]
        row[0] += 1
        commune = by_commune[need.commune]
        commune[0] += 1
        if placed:
            row[1] += 1
            commune[1] += 1
            commune[2] += row[2]
    for priorities, (count, placed_count, weight) in per_set.items():
        keys = [grid.group(priorities)] + sorted(p.value for p in priorities)
        for key in dict.fromkeys(keys):
            row = by_group[key]
            row[0] += count
            row[1] += placed_count
            row[2] += weight * placed_count
    return FairnessReport(_outcomes(by_group), _outcomes(by_commune))


def _outcomes(table: dict[str, list[int]]) -> tuple[GroupOutcome, ...]:
    return tuple(GroupOutcome(k, v[0], v[1], v[2]) for k, v in sorted(table.items()))
