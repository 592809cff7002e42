"""The linear-time audit of two-way tables (bridges of the hidden-cell graph) is exact."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.observatory.suppression import (
    TOTAL,
    _graph_determined,
    _svd_determined,
    determined_cells,
    protect_table,
    table_equations,
)
from tests.observatory.test_suppression import assert_safe, linear_attack, peel_attack

T = 11


def _audits(values, eqs, hidden):
    """(graph audit, SVD audit) of the same hidden cells, as one component each."""
    eqs_of = {c: [i for i, eq in enumerate(eqs) if c in eq.cells()] for c in hidden}
    cells = sorted(hidden, key=str)
    return _graph_determined(cells, eqs, eqs_of), _svd_determined(cells, eqs, eqs_of)


@settings(max_examples=80, deadline=None)
@given(
    n_rows=st.integers(2, 7),
    n_cols=st.integers(1, 4),
    share=st.floats(0.1, 0.9),
    seed=st.integers(0, 10_000),
)
def test_bridges_give_exactly_the_cells_the_svd_finds(n_rows, n_cols, share, seed):
    rng = random.Random(seed)
    rows = {f"r{i}": [rng.randint(0, 40) for _ in range(n_cols)] for i in range(n_rows)}
    cols = [f"c{j}" for j in range(n_cols)]
    values, eqs, _ = table_equations(rows, cols)
    hidden = {c for c in values if rng.random() < share}
    graph, svd = _audits(values, eqs, hidden)
    assert graph is not None  # a two-way table is always a balanced graph
    assert graph == svd
    assert determined_cells(values, eqs, hidden) == svd


def test_a_cell_joining_two_cycles_is_determined_although_every_line_has_two_hidden_cells():
    # Rows a, b and c, d each hide a rectangle (a cycle); the cell (b, z) links the two
    # blocks: b's row and z's column both have other hidden cells, yet (b, z) is a bridge.
    rows = {"a": [5, 5, 50, 50], "b": [5, 5, 5, 50], "c": [50, 50, 5, 5], "d": [50, 50, 5, 5]}
    cols = ["w", "x", "z", "y"]
    values, eqs, _ = table_equations(rows, cols)
    hidden = {
        ("a", "w"),
        ("a", "x"),
        ("b", "w"),
        ("b", "x"),
        ("b", "z"),
        ("c", "z"),
        ("c", "y"),
        ("d", "z"),
        ("d", "y"),
    }
    graph, svd = _audits(values, eqs, hidden)
    assert graph == svd == {("b", "z")}
    assert ("b", "z") in linear_attack({c: None if c in hidden else values[c] for c in values}, eqs)


def test_hierarchical_tables_go_to_the_svd_and_stay_safe():
    rows = {"93001": [3, 40], "93002": [4, 60], "94001": [30, 5], "94002": [20, 25]}
    group_of = {"93001": "93", "93002": "93", "94001": "94", "94002": "94"}
    values, eqs, _ = table_equations(rows, ["am", "creche"], group_of)
    hidden = {("93001", "am"), ("93002", "am"), ("93", "am"), ("94", "am"), (TOTAL, "am")}
    graph, _svd = _audits(values, eqs, hidden)
    assert graph is None  # a département subtotal sits in three equations
    assert_safe(rows, ["am", "creche"], group_of)


def test_a_nord_like_table_almost_all_small_is_protected_and_not_recomputable():
    rng = random.Random(59)
    rows = {f"59{i:03d}": [rng.randint(0, 9), rng.randint(0, 9)] for i in range(70)}
    rows |= {f"59{i:03d}": [rng.randint(20, 300), rng.randint(15, 200)] for i in range(70, 80)}
    table = assert_safe(rows, ["sans_solution", "avec_solution"])
    for (row, _col), v in table.cells.items():
        if row != TOTAL and v is not None:
            assert v == 0 or v >= T


def test_a_table_as_large_as_the_nord_leaves_no_hidden_cell_determined():
    # Timing lives in bench/observatory_indicators.py; here: exactness at full size.
    rng = random.Random(648)
    rows = {f"59{i:03d}": [rng.randint(0, 6), rng.randint(0, 4)] for i in range(648)}
    table = protect_table(rows, ["x", "y"], threshold=T)
    values, eqs, _ = table_equations(rows, ["x", "y"])
    published = table.cells
    derived = peel_attack(published, eqs)
    assert not [c for c, v in published.items() if v is None and c in derived]
    hidden = [c for c, v in published.items() if v is None]
    assert not determined_cells(values, eqs, hidden)
    assert not _svd_determined(hidden, eqs, {c: _eqs(eqs, c) for c in hidden})


def _eqs(eqs, cell):
    return [i for i, eq in enumerate(eqs) if cell in eq.cells()]
