"""Statistical disclosure control for the open-data export (pure Python + numpy, no Django).

Model: a table is a set of *cells* (integer counts of people) linked by additive *equations*
``total = part_1 + … + part_n`` (row totals, column totals, commune → département →
région → France subtotals). A published table must not reveal a count below the small-cell
threshold, neither directly nor by arithmetic on what is published.

1. **Primary suppression**: every cell with ``0 < value < threshold`` is hidden (zeros too
   when ``protect_zeros``; by default a zero is published: it describes nobody).
2. **Secondary suppression** (complementary cells), repeated until stable:
   * no equation may have exactly one hidden cell (it would be recomputed by subtraction);
   * when an equation's total is published, its hidden parts must add up to at least the
     threshold, so that the interval ``[0, hidden sum]`` an attacker derives for a hidden
     cell always contains non-small values (two hidden cells of 3 and 4 under a published
     total would otherwise both be known to be < 11);
   * exact linear audit: a hidden cell is *determined* when its unit vector lies in the row
     space of the equations restricted to hidden cells (any linear combination of rows,
     columns and hierarchy levels). Determined cells get one more complement. Computed per
     connected component of hidden cells: in linear time for two-way tables (a hidden cell
     is determined iff it is a *bridge* of the graph equations × hidden cells, see
     ``suppression_graph``), with an SVD null space otherwise (hierarchical totals).
   Complements are chosen among the published parts of the equation: the one that creates
   the fewest new single-unknown equations, then the smallest value (least information
   lost); a total is only hidden when no part is left.

Limits (documented, not hidden): bounds from non-negativity combined across several
equations (linear programming attack) are not audited beyond the per-equation interval rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from maillage.observatory.suppression_graph import graph_determined as _graph_determined

Cell = Hashable

DEFAULT_THRESHOLD = 11
TOTAL = "__total__"


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class Equation:
    """``total = sum(parts)``."""

    total: Cell
    parts: tuple[Cell, ...]

    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


@dataclass
class SuppressionResult:
    values: dict[Cell, int]
    status: dict[Cell, Status]
    equations: list[Equation] = field(default_factory=list)

    @property
    def suppressed(self) -> set[Cell]:
        return {c for c, s in self.status.items() if s is not Status.PUBLISHED}

    def published_value(self, cell: Cell) -> int | None:
        """The value as published: None when hidden."""
        return None if self.status[cell] is not Status.PUBLISHED else self.values[cell]


def _check_equations(values: Mapping[Cell, int], equations: Sequence[Equation]) -> None:
    for eq in equations:
        missing = [c for c in eq.cells() if c not in values]
        if missing:
            raise ValueError(f"Cellules inconnues dans une équation : {missing!r}")
        if values[eq.total] != sum(values[p] for p in eq.parts):
            raise ValueError(f"Total incohérent pour {eq.total!r}")


def determined_cells(
    values: Mapping[Cell, int], equations: Sequence[Equation], hidden: Iterable[Cell]
) -> set[Cell]:
    """Hidden cells whose value follows exactly from the published cells and the equations.

    Exact linear test: cell j is determined iff every null-space vector of the coefficient
    matrix restricted to hidden cells has a zero j-th component. Done per connected
    component of hidden cells (cells sharing an equation): bridges of a graph when the
    component is one (two-way tables, the page tables), an SVD otherwise.
    """
    hidden_set = set(hidden)
    if not hidden_set:
        return set()
    eqs_of: dict[Cell, list[int]] = defaultdict(list)
    for i, eq in enumerate(equations):
        for c in eq.cells():
            if c in hidden_set:
                eqs_of[c].append(i)
    # Union-find over hidden cells linked by equations.
    parent: dict[Cell, Cell] = {c: c for c in hidden_set}

    def find(c: Cell) -> Cell:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for eq in equations:
        hc = [c for c in eq.cells() if c in hidden_set]
        for other in hc[1:]:
            ra, rb = find(hc[0]), find(other)
            if ra != rb:
                parent[ra] = rb
    components: dict[Cell, list[Cell]] = defaultdict(list)
    for c in hidden_set:
        components[find(c)].append(c)

    result: set[Cell] = set()
    for cells in components.values():
        graph = _graph_determined(cells, equations, eqs_of)
        result |= graph if graph is not None else _svd_determined(cells, equations, eqs_of)
    return result


def _svd_determined(
    cells: list[Cell], equations: Sequence[Equation], eqs_of: Mapping[Cell, list[int]]
) -> set[Cell]:
    """Exact audit of one component by SVD (any system of equations)."""
    index = {c: k for k, c in enumerate(cells)}
    rows = sorted({i for c in cells for i in eqs_of[c]})
    if not rows:
        return set()
    matrix = np.zeros((len(rows), len(cells)))
    for r, i in enumerate(rows):
        eq = equations[i]
        if eq.total in index:
            matrix[r, index[eq.total]] += 1.0
        for p in eq.parts:
            if p in index:
                matrix[r, index[p]] -= 1.0
    # e_j lies in the row space iff the orthogonal projector on it has P_jj = 1, with
    # P_jj = sum of squares of column j of the right singular vectors (economy SVD).
    _, s, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((s > 1e-9 * max(1.0, s[0] if s.size else 1.0)).sum())
    diag = (vt[:rank] ** 2).sum(axis=0)
    return {c for c, k in index.items() if diag[k] > 1 - 1e-7}


def suppress(
    values: Mapping[Cell, int],
    equations: Sequence[Equation],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    protect_zeros: bool = False,
    max_rounds: int = 10_000,
    forced: Iterable[Cell] = (),
    locked: Iterable[Cell] = (),
) -> SuppressionResult:
    """Primary then secondary suppression; see the module docstring for the rules.

    ``forced`` cells start hidden (secondary) and ``locked`` cells are never chosen as
    complements: both carry the decisions of a higher-level table published elsewhere (a
    département total hidden, or shown, on the national page), so that pages stay consistent.
    """
    if threshold < 1:
        raise ValueError("Le seuil doit être au moins 1.")
    vals = {c: int(v) for c, v in values.items()}
    if any(v < 0 for v in vals.values()):
        raise ValueError("Les effectifs doivent être positifs ou nuls.")
    eqs = list(equations)
    _check_equations(vals, eqs)
    floor = 0 if protect_zeros else 1
    status: dict[Cell, Status] = {
        c: Status.PRIMARY if floor <= v < threshold else Status.PUBLISHED for c, v in vals.items()
    }
    for c in forced:
        if status.get(c) is Status.PUBLISHED:
            status[c] = Status.SECONDARY
    fixed = set(locked)
    eqs_of: dict[Cell, list[Equation]] = defaultdict(list)
    for eq in eqs:
        for c in eq.cells():
            eqs_of[c].append(eq)

    def hidden(c: Cell) -> bool:
        return status[c] is not Status.PUBLISHED

    def needs_help(eq: Equation) -> bool:
        n_hidden = sum(hidden(c) for c in eq.cells())
        if n_hidden == 0:
            return False
        if n_hidden == 1:
            return True
        if not hidden(eq.total):
            return sum(vals[p] for p in eq.parts if hidden(p)) < threshold
        return False

    def cost(c: Cell, eq: Equation) -> tuple[int, int, int]:
        new_singletons = sum(
            1
            for other in eqs_of[c]
            if other is not eq and not any(hidden(x) for x in other.cells())
        )
        # Zero cells protect nothing (their hidden sum stays the same): last resort.
        return (new_singletons, 0 if vals[c] > 0 else 1, vals[c])

    def add_complement(eq: Equation) -> bool:
        candidates = [p for p in eq.parts if not hidden(p) and p not in fixed]
        if candidates:
            best = min(candidates, key=lambda c: (cost(c, eq), str(c)))
            status[best] = Status.SECONDARY
            return True
        if not hidden(eq.total) and eq.total not in fixed:
            status[eq.total] = Status.SECONDARY
            return True
        return False

    for _ in range(max_rounds):
        changed = False
        for eq in eqs:
            while needs_help(eq):
                if not add_complement(eq):
                    break
                changed = True
        if changed:
            continue
        exposed = determined_cells(vals, eqs, (c for c in status if hidden(c)))
        for c in sorted(exposed, key=str):
            for eq in eqs_of[c]:
                if add_complement(eq):
                    changed = True
                    break
        if not changed:
            break
    else:  # pragma: no cover - safety net
        raise RuntimeError("La suppression secondaire ne converge pas.")
    return SuppressionResult(values=vals, status=status, equations=eqs)


# --------------------------------------------------------------------------- tables


@dataclass
class ProtectedTable:
    """A table of counts after suppression: ``None`` marks a hidden cell."""

    row_keys: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int | None]
    status: dict[tuple[str, str], Status]
    group_keys: list[str]
    group_of: dict[str, str]

    def row(self, key: str) -> list[int | None]:
        return [self.cells[(key, col)] for col in [*self.columns, TOTAL]]


def table_equations(
    rows: Mapping[str, Sequence[int]],
    columns: Sequence[str],
    group_of: Mapping[str, str] | None = None,
) -> tuple[dict[tuple[str, str], int], list[Equation], list[str]]:
    """Cells and equations of a table with row totals, column totals and optional groups.

    Rows are e.g. communes, ``group_of`` maps each row to its group (its département); the
    group rows and the grand-total row (key ``TOTAL``) are added, each with its own total.
    """
    cols = list(columns)
    values: dict[tuple[str, str], int] = {}
    eqs: list[Equation] = []
    for key, counts in rows.items():
        if len(counts) != len(cols):
            raise ValueError(f"Ligne {key!r} : {len(counts)} valeurs pour {len(cols)} colonnes.")
        for col, v in zip(cols, counts, strict=True):
            values[(key, col)] = int(v)
        values[(key, TOTAL)] = sum(int(v) for v in counts)
    groups: dict[str, list[str]] = defaultdict(list)
    if group_of:
        for key in rows:
            groups[group_of[key]].append(key)
    group_keys = sorted(groups)
    for g, members in groups.items():
        for col in [*cols, TOTAL]:
            values[(g, col)] = sum(values[(m, col)] for m in members)
    top = group_keys if group_of else list(rows)
    for col in [*cols, TOTAL]:
        values[(TOTAL, col)] = sum(values[(k, col)] for k in top)
    for key in [*rows, *group_keys, TOTAL]:
        eqs.append(Equation((key, TOTAL), tuple((key, col) for col in cols)))
    for col in [*cols, TOTAL]:
        for g, members in groups.items():
            eqs.append(Equation((g, col), tuple((m, col) for m in members)))
        eqs.append(Equation((TOTAL, col), tuple((k, col) for k in top)))
    return values, eqs, group_keys


def protect_table(
    rows: Mapping[str, Sequence[int]],
    columns: Sequence[str],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    group_of: Mapping[str, str] | None = None,
    protect_zeros: bool = False,
    forced: Iterable[tuple[str, str]] = (),
    locked: Iterable[tuple[str, str]] = (),
) -> ProtectedTable:
    """Suppress a table of counts (rows × columns, plus totals and group subtotals)."""
    if group_of and set(rows) & set(group_of.values()):
        raise ValueError("Une clé de groupe ne peut pas être aussi une clé de ligne.")
    values, eqs, group_keys = table_equations(rows, columns, group_of)
    result = suppress(
        values,
        eqs,
        threshold=threshold,
        protect_zeros=protect_zeros,
        forced=forced,
        locked=locked,
    )
    return ProtectedTable(
        row_keys=list(rows),
        columns=list(columns),
        cells={c: result.published_value(c) for c in values},
        status=result.status,
        group_keys=group_keys,
        group_of=dict(group_of or {}),
    )
