"""Fairness report: outcome per priority group and per commune."""

from __future__ import annotations

from collections import defaultdict

from ..model import Need, PriorityGrid
from ..results import FairnessReport, GroupOutcome


def fairness_report(needs: list[Need], placed_ids: set[str], grid: PriorityGrid) -> FairnessReport:
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_commune: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for need in needs:
        weight = grid.weight(need.priorities)
        placed = need.id in placed_ids
        keys = [grid.group(need.priorities)] + sorted(p.value for p in need.priorities)
        for table, key_list in ((by_group, dict.fromkeys(keys)), (by_commune, [need.commune])):
            for key in key_list:
                row = table[key]
                row[0] += 1
                row[1] += placed
                row[2] += weight * placed
    return FairnessReport(_outcomes(by_group), _outcomes(by_commune))


def _outcomes(table: dict[str, list[int]]) -> tuple[GroupOutcome, ...]:
    return tuple(GroupOutcome(k, v[0], v[1], v[2]) for k, v in sorted(table.items()))
