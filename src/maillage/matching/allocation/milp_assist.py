"""The exact MILP's help to the Lagrangian path of the optimal mode (issue 15, session 7).

The Lagrangian bound is the LP bound: on some territories it lies 0.7–1.2 % above the optimum,
and the rounded primal 0.3–0.9 % below it. A component left above the target gap is

* **rescued** when it is small enough (``Policy.milp_rescue_needs``): the MILP solves it too;
  HiGHS's presolve and cuts close the bound, the smaller of the two valid bounds is kept;
* **polished** otherwise (``Policy.polish_window_needs``): its families, by latitude, in
  windows, each re-solved by the MILP with everyone else's place fixed, until the gap is within
  the target. The bound is unchanged; only the assignment improves.

Either way a MILP assignment replaces the current one only if its Σ (w − ε·d) is larger. Both
are deterministic: the MILP stops on its node limit and gap, never on the clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

from ..model import Policy
from .ledger import Ledger
from .primal import repair
from .problem import Problem
from .rows import Rows, capacity_rows, consumption_triplets

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def milp_model(
    problem: Problem,
    ents: I64,
    pairs: I64,
    sched: npt.NDArray[np.int8],
    capacity: npt.NDArray[np.int64] | None = None,
) -> tuple[sp.csr_matrix, F64, Rows]:
    """One row per entity (at most one place), then the capacity rows of these pairs."""
    local_ent = np.searchsorted(ents, problem.pair_entity[pairs])
    assign = sp.csr_matrix(
        (np.ones(len(pairs)), (local_ent, np.arange(len(pairs)))), shape=(len(ents), len(pairs))
    )
    trip = consumption_triplets(problem, pairs)
    rows = capacity_rows(problem, len(pairs), trip, sched, capacity)
    matrix = sp.vstack([assign, rows.matrix]).tocsr()
    rhs = np.concatenate([np.ones(len(ents)), rows.rhs])
    return matrix, rhs, rows


def component_gap(problem: Problem, ledger: Ledger, ents: I64, upper: float) -> float:
    """The component's gap as reported: weighted count placed against the floored bound."""
    top = math.floor(upper + 1e-6)
    value = sum(int(problem.weight[e]) for e in ents.tolist() if e in ledger.assigned)
    return (top - value) / top if top > 0 else 0.0


def rescue(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    obj: F64,
    sched: npt.NDArray[np.int8],
    policy: Policy,
    bound: float,
) -> tuple[float, int]:
    """(the smaller bound, 1 if the MILP ran) for a component the Lagrangian path left above
    its target gap; the MILP's assignment is kept if it is worth more."""
    matrix, rhs, _ = milp_model(problem, ents, pairs, sched)
    result = solve_milp(obj, matrix, rhs, policy, policy.milp_rescue_gap)
    if result.x is None:
        return bound, 0
    members = ents.tolist()
    current = _take_out(ledger, members)
    proposal = _chosen(problem, pairs, result.x)
    _keep_better(ledger, members, current, proposal, _worth(problem, pairs, obj))
    repair(problem, ledger, ents, policy.exchange_options)
    # with a relative gap allowed, the MILP's objective is its solution's: its dual bound is
    # the bound
    return min(bound, float(-result.mip_dual_bound)), 1


def polish(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    obj: F64,
    sched: npt.NDArray[np.int8],
    policy: Policy,
    upper: float,
) -> int:
    """Windows of a large component re-solved exactly, everyone else's place fixed, until the
    gap to ``upper`` is within the target; returns how many windows were improved.

    Sweeps (at most ``Policy.polish_sweeps``): windows by latitude, then by latitude shifted by
    half a window (the families at the first sweep's window edges solved together), then by
    longitude; a sweep that improves nothing ends the polishing.
    """
    first = [problem.members[e][0] for e in ents.tolist()]
    lat, lon = problem.nt.lat[first], problem.nt.lon[first]
    size = policy.polish_window_needs
    by_lat = ents[np.lexsort((ents, lat))]
    sweeps = [(by_lat, 0), (by_lat, size // 2), (ents[np.lexsort((ents, lon))], 0)]
    worth = _worth(problem, pairs, obj)
    improved = 0
    for ordered, offset in sweeps[: policy.polish_sweeps]:
        starts = sorted({0, *range(offset, len(ordered), size)})
        ends = [*starts[1:], len(ordered)]
        before = improved
        for lo, hi in zip(starts, ends, strict=True):
            if component_gap(problem, ledger, ents, upper) <= policy.lagrangian_target_gap:
                return improved
            window = np.sort(ordered[lo:hi])
            improved += _polish_window(problem, ledger, window, pairs, obj, sched, policy, worth)
        if improved == before:
            break
    return improved


def _polish_window(
    problem: Problem,
    ledger: Ledger,
    window: I64,
    pairs: I64,
    obj: F64,
    sched: npt.NDArray[np.int8],
    policy: Policy,
    worth: Callable[[dict[int, int]], float],
) -> int:
    members = window.tolist()
    current = _take_out(ledger, members)
    # the others' places are fixed: their load leaves this residual to the window
    capacity = ledger.cap.astype(np.int64) - ledger.used
    local = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in members])
    matrix, rhs, _ = milp_model(problem, window, local, sched, capacity)
    # ``pairs`` lists the component's candidates entity by entity, ascending
    values = obj[np.searchsorted(pairs, local)]
    result = solve_milp(values, matrix, rhs, policy, 0.0)
    proposal = {} if result.x is None else _chosen(problem, local, result.x)
    return _keep_better(ledger, members, current, proposal, worth)


def solve_milp(obj: F64, matrix: sp.csr_matrix, rhs: F64, policy: Policy, gap: float) -> Any:
    """HiGHS on max obj·x, x binary, matrix·x ≤ rhs; stopped by the node limit or the gap."""
    return milp(
        -obj,
        constraints=LinearConstraint(matrix, -np.inf, rhs),
        integrality=np.ones(len(obj)),
        bounds=Bounds(0, 1),
        options={"node_limit": policy.milp_node_limit, "mip_rel_gap": gap},
    )


def _chosen(problem: Problem, pairs: I64, x: F64) -> dict[int, int]:
    chosen = pairs[x > 0.5]
    return dict(
        zip(
            problem.pair_entity[chosen].tolist(),
            problem.pair_provider[chosen].tolist(),
            strict=True,
        )
    )


def _take_out(ledger: Ledger, members: list[int]) -> dict[int, int]:
    current = {e: ledger.assigned[e] for e in members if e in ledger.assigned}
    for e in current:
        ledger.remove(e)
    return current


def _worth(problem: Problem, pairs: I64, obj: F64) -> Callable[[dict[int, int]], float]:
    """Σ (w − ε·d) of an assignment of the component's entities."""
    value = dict(
        zip(
            zip(
                problem.pair_entity[pairs].tolist(),
                problem.pair_provider[pairs].tolist(),
                strict=True,
            ),
            obj.tolist(),
            strict=True,
        )
    )
    return lambda assignment: sum(value[e, p] for e, p in assignment.items())


def _keep_better(
    ledger: Ledger,
    members: list[int],
    current: dict[int, int],
    proposal: dict[int, int],
    worth: Callable[[dict[int, int]], float],
) -> int:
    """Place ``proposal`` (taken out: ``current``) if it is worth more once placed, else put
    ``current`` back; 1 if the proposal was kept."""
    before = worth(current)
    if worth(proposal) > before + 1e-9:
        for e, p in sorted(proposal.items()):
            if ledger.fits(e, p):
                ledger.add(e, p)
        if worth({e: ledger.assigned[e] for e in members if e in ledger.assigned}) > before + 1e-9:
            return 1
        # the MILP's tolerances left a child out: back to the current assignment
        _take_out(ledger, members)
    for e, p in current.items():
        ledger.add(e, p)
    return 0
