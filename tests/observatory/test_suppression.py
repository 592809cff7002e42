"""Small-cell suppression: adversarial tables, checked by independent attacks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.observatory.suppression import (
    TOTAL,
    Equation,
    Status,
    protect_table,
    suppress,
    table_equations,
)

T = 11


def peel_attack(published: dict, equations: list[Equation]) -> dict:
    """The attacker: solve any equation with one unknown, again and again."""
    known = {c: v for c, v in published.items() if v is not None}
    progress = True
    while progress:
        progress = False
        for eq in equations:
            unknown = [c for c in eq.cells() if c not in known]
            if len(unknown) != 1:
                continue
            (u,) = unknown
            if u == eq.total:
                known[u] = sum(known[p] for p in eq.parts)
            else:
                known[u] = known[eq.total] - sum(known[p] for p in eq.parts if p != u)
            progress = True
    return known


def linear_attack(published: dict, equations: list[Equation]) -> set:
    """Hidden cells fixed by some linear combination of equations (rank test)."""
    hidden = [c for c, v in published.items() if v is None]
    index = {c: k for k, c in enumerate(hidden)}
    if not hidden:
        return set()
    rows = []
    for eq in equations:
        row = np.zeros(len(hidden))
        if eq.total in index:
            row[index[eq.total]] += 1
        for p in eq.parts:
            if p in index:
                row[index[p]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    base = np.linalg.matrix_rank(a)
    found = set()
    for c, k in index.items():
        e = np.zeros(len(hidden))
        e[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == base:
            found.add(c)
    return found


def interval_leaks(values: dict, published: dict, equations: list[Equation]) -> list:
    """Hidden small cells bounded below the threshold by one published total."""
    leaks = []
    for eq in equations:
        if published[eq.total] is None:
            continue
        hidden_parts = [p for p in eq.parts if published[p] is None]
        upper = published[eq.total] - sum(
            published[p] for p in eq.parts if published[p] is not None
        )
        if hidden_parts and upper < T:
            leaks.append((eq.total, hidden_parts, upper))
    return leaks


def assert_safe(rows, cols, group_of=None):
    values, eqs, _ = table_equations(rows, cols, group_of)
    table = protect_table(rows, cols, threshold=T, group_of=group_of)
    published = table.cells
    for cell, v in values.items():
        if 0 < v < T:
            assert published[cell] is None, f"{cell} = {v} publié"
    derived = peel_attack(published, eqs)
    for cell, v in published.items():
        if v is None:
            assert cell not in derived, f"{cell} recalculé par soustraction"
        else:
            assert v == values[cell]
    assert not linear_attack(published, eqs)
    assert not interval_leaks(values, published, eqs)
    return table


def test_single_small_cell_in_a_row_gets_a_complement_in_its_row_and_column():
    rows = {"A": [40, 3, 50], "B": [30, 20, 60], "C": [25, 35, 45]}
    table = assert_safe(rows, ["am", "creche", "autre"])
    assert table.status[("A", "creche")] is Status.PRIMARY
    assert sum(table.cells[("A", c)] is None for c in ["am", "creche", "autre"]) >= 2
    assert sum(table.cells[(r, "creche")] is None for r in "ABC") >= 2


def test_two_small_cells_in_a_row_whose_sum_is_still_small_get_a_third():
    rows = {"A": [4, 5, 90], "B": [30, 20, 60], "C": [25, 35, 45]}
    table = assert_safe(rows, ["x", "y", "z"])
    hidden = [c for c in ["x", "y", "z"] if table.cells[("A", c)] is None]
    assert len(hidden) == 3 or table.cells[("A", TOTAL)] is None


def test_total_minus_the_others_cannot_reveal_a_small_row():
    # Row B is small overall: its total is primary, and so are its cells.
    rows = {"A": [40, 30, 50], "B": [2, 3, 1], "C": [25, 35, 45]}
    table = assert_safe(rows, ["x", "y", "z"])
    assert table.cells[("B", TOTAL)] is None


def test_a_small_cell_alone_in_its_column_with_published_column_total():
    rows = {"A": [40, 30], "B": [5, 30], "C": [0, 45]}
    assert_safe(rows, ["x", "y"])


def test_hierarchy_commune_hidden_in_a_departement_of_two_communes():
    rows = {"93001": [3, 40], "93002": [50, 60], "94001": [30, 40], "94002": [20, 25]}
    group_of = {"93001": "93", "93002": "93", "94001": "94", "94002": "94"}
    table = assert_safe(rows, ["am", "creche"], group_of)
    # The département subtotal stays coherent when published.
    if table.cells[("93", "am")] is not None:
        assert table.cells[("93", "am")] == 53


def test_zero_cells_are_published_and_never_used_as_the_only_protection():
    rows = {"A": [0, 4, 60], "B": [30, 20, 60]}
    table = assert_safe(rows, ["x", "y", "z"])
    assert table.cells[("A", "x")] == 0


def test_nothing_small_nothing_hidden():
    rows = {"A": [40, 30], "B": [50, 60]}
    table = assert_safe(rows, ["x", "y"])
    assert not [c for c, s in table.status.items() if s is not Status.PUBLISHED]


def test_generic_equations_and_threshold_validation():
    values = {"t": 20, "a": 5, "b": 15}
    result = suppress(values, [Equation("t", ("a", "b"))], threshold=11)
    assert result.status["a"] is Status.PRIMARY
    assert result.status["b"] is Status.SECONDARY
    with pytest.raises(ValueError):
        suppress(values, [Equation("t", ("a",))])
    with pytest.raises(ValueError):
        suppress(values, [], threshold=0)


def test_threshold_is_configurable():
    rows = {"A": [6, 30], "B": [40, 50]}
    table = protect_table(rows, ["x", "y"], threshold=5)
    assert table.cells[("A", "x")] == 6


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda n_rows: st.integers(min_value=2, max_value=4).flatmap(
            lambda n_cols: st.lists(
                st.lists(
                    st.one_of(st.integers(0, 12), st.integers(0, 80)),
                    min_size=n_cols,
                    max_size=n_cols,
                ),
                min_size=n_rows,
                max_size=n_rows,
            )
        )
    ),
    st.booleans(),
)
def test_random_tables_resist_subtraction_and_linear_attacks(matrix, grouped):
    rows = {f"r{i}": row for i, row in enumerate(matrix)}
    cols = [f"c{j}" for j in range(len(matrix[0]))]
    group_of = {k: f"g{i % 2}" for i, k in enumerate(rows)} if grouped else None
    assert_safe(rows, cols, group_of)
