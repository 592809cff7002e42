"""Exact linear audit of two-way tables in linear time (used by ``suppression``).

A hidden cell of a table with row and column totals is recomputable (from any linear
combination of the published equations) exactly when it is a *bridge* of the graph whose
nodes are the equations and whose edges are the hidden cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maillage.observatory.suppression import Equation


def graph_determined(
    cells: list[Hashable], equations: Sequence[Equation], eqs_of: Mapping[Hashable, list[int]]
) -> set[Hashable] | None:
    """Exact audit of one component when it is a graph (two-way tables), else None.

    When every hidden cell appears in at most two equations, the system restricted to the
    hidden cells is, up to signs, the incidence matrix of a graph: nodes = equations (plus a
    *ground* node for cells in a single equation), edges = hidden cells. If the signs are
    balanced (rows can be rescaled by ±1 so that each column holds +1 and −1, always the
    case for a table with row and column totals), the null space is the cycle space of the
    graph, so a hidden cell is determined exactly when its edge is a *bridge* (lies on no
    cycle). Linear time instead of an SVD; a component that is not such a graph (hierarchical
    totals: a subtotal cell is in three equations) returns None and goes to the SVD.
    """
    ground = -1
    coef: dict[tuple[Hashable, int], int] = {}
    edges: list[tuple[int, int]] = []
    for c in cells:
        eqs = eqs_of[c]
        if len(eqs) > 2:
            return None
        if not eqs:
            continue
        for i in eqs:
            coef[(c, i)] = 1 if equations[i].total == c else -1
        edges.append((eqs[0], eqs[1]) if len(eqs) == 2 else (eqs[0], ground))
    if not edges:
        return set()
    cell_of_edge = [c for c in cells if eqs_of[c]]
    adjacency: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, (a, b) in enumerate(edges):
        adjacency[a].append((b, k))
        adjacency[b].append((a, k))
    # Balance: find s_i = ±1 with s_a·coef_a = −s_b·coef_b on every edge between equations.
    sign: dict[int, int] = {}
    for start in adjacency:
        if start == ground or start in sign:
            continue
        sign[start] = 1
        stack = [start]
        while stack:
            node = stack.pop()
            for other, k in adjacency[node]:
                if other == ground:
                    continue
                c = cell_of_edge[k]
                wanted = -sign[node] * coef[(c, node)] * coef[(c, other)]
                if other not in sign:
                    sign[other] = wanted
                    stack.append(other)
                elif sign[other] != wanted:
                    return None
    return {cell_of_edge[k] for k in _bridges(adjacency)}


def _bridges(adjacency: Mapping[int, list[tuple[int, int]]]) -> set[int]:
    """Edge ids of the bridges of a multigraph (iterative Tarjan, parallel edges allowed)."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[int] = set()
    counter = 0
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]  # node, edge from parent, cursor
        while stack:
            node, via, cursor = stack[-1]
            neighbours = adjacency[node]
            if cursor < len(neighbours):
                stack[-1] = (node, via, cursor + 1)
                other, k = neighbours[cursor]
                if k == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = counter
                    counter += 1
                    stack.append((other, k, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
    return found
