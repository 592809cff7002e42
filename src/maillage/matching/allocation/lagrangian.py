"""Lagrangian relaxation of the capacity rows, for components too large for the exact MILP.

With multipliers ``λ ≥ 0`` on the capacity rows ``A x ≤ b`` (tight (resource, slot) cells
merged by the set of schedule classes present, quota pools included), every entity
independently takes its best candidate by reduced weight ``w − ε·d − (Aᵀλ)_k``, or nothing. For
*any* ``λ ≥ 0``

    L(λ) = Σ_e max(0, max_k reduced_k) + λ·b

is an upper bound of the integer optimum: each feasible assignment ``x`` satisfies
``Σ obj·x ≤ Σ obj·x + λ·(b − A x) = Σ (obj − Aᵀλ)·x + λ·b ≤ L(λ)`` (the rows are valid
inequalities of the problem and each entity takes at most one candidate).

Speed comes from three choices (see ``docs/adr/0001-matching-engine.md``):

* ``A`` is never built pair by pair: a pair's column only depends on its *type* (provider,
  schedule class, resources consumed), so ``A = Q[kind]`` with ``Q`` the small types × rows
  matrix;
* the smoothed dual is minimised on a *restricted* candidate set (each family's nearest
  candidates), enlarged by pricing every candidate between temperature stages (column
  generation); the reported bound is always the hard ``L(λ)`` over *all* candidates;
* a projected limited-memory quasi-Newton loop written for this problem (no per-iteration
  overhead beyond a few vector operations).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt

from .. import portable_math as pm
from ..model import Policy
from ..native import kernels
from ..native.dual import CsrArrays
from .class_rows import RowModel, row_model
from .problem import Problem
from .quasi_newton import dot, minimise

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass
class LagrangianOutcome:
    bound: float
    iterations: int
    rows: int
    seconds: float
    restricted_pairs: int = 0
    price: F64 | None = None  # (Aᵀλ) per local pair at the last multipliers


class _Restricted:
    """The smoothed dual on a subset of the pairs (sorted by entity, every entity present)."""

    def __init__(
        self,
        model: RowModel,
        obj: F64,
        subset: I64,
        local_ent: I64,
        csr: tuple[CsrArrays, CsrArrays] | None = None,
    ) -> None:
        self.model = model
        self.subset = subset
        self.obj = obj[subset]
        self.kind = model.kind[subset]
        position = np.full(len(obj), -1, dtype=np.int64)
        position[subset] = np.arange(len(subset))
        ex = position[model.extra_pair]
        # by position (the row model lists them so): the compiled pass goes family by family
        by_pos = np.argsort(ex[ex >= 0], kind="stable")
        self.ex_pos = ex[ex >= 0][by_pos]
        self.ex_kind = model.extra_kind[ex >= 0][by_pos]
        self.ex_unique = len(np.unique(self.ex_pos)) == len(self.ex_pos)
        ent = local_ent[subset]
        self.seg = np.flatnonzero(np.r_[True, ent[1:] != ent[:-1]])
        self.lens = np.diff(np.r_[self.seg, len(subset)])
        self.seg_id = np.repeat(np.arange(len(self.seg)), self.lens)
        self.evaluations = 0
        compiled = kernels()
        self.job = None  # the compiled evaluation, when the kernels are there
        if compiled is not None and csr is not None:
            pairs = (self.obj, self.kind, self.ex_pos, self.ex_kind, self.seg)
            self.job = compiled.dual_job(*csr, model.rhs, pairs)

    def reduced(self, lam: F64) -> F64:
        by_type = self.model.q @ lam
        red = self.obj - by_type[self.kind]
        if self.ex_unique:
            red[self.ex_pos] -= by_type[self.ex_kind]
        else:
            np.subtract.at(red, self.ex_pos, by_type[self.ex_kind])
        return np.asarray(red, dtype=np.float64)

    def soft(self, lam: F64, tau: float) -> tuple[float, F64, F64]:
        """(smoothed dual value, gradient, soft shares)."""
        self.evaluations += 1
        if self.job is not None and kernels() is not None:
            return self.job(lam, tau)
        share, top, total, load, load_extra = self._soft_pairs(lam, tau)
        value = float((top + tau * pm.log(total)).sum() + dot(lam, self.model.rhs))
        if len(self.ex_pos):
            load += load_extra
        grad = self.model.rhs - self.model.q_t @ load
        return value, np.asarray(grad, dtype=np.float64), share

    def _soft_pairs(self, lam: F64, tau: float) -> tuple[F64, F64, F64, F64, F64]:
        """The pair pass of ``native/kernels.c``'s dual_eval in numpy, with the same bits:
        every sum is a bincount (index order, as the compiled loop)."""
        red = self.reduced(lam)
        top = np.maximum(np.maximum.reduceat(red, self.seg), 0.0)
        # exponents clipped at -60: no subnormal numbers (orders of magnitude slower)
        z = red  # a fresh array: worked in place
        z -= np.repeat(top, self.lens)
        z *= 1.0 / tau
        np.maximum(z, -60.0, out=z)
        pm.exp(z, out=z)  # the same bits on every machine (see portable_math)
        n_seg, n_types = len(self.seg), self.model.q.shape[0]
        sums = np.bincount(self.seg_id, weights=z, minlength=n_seg)
        total = pm.exp(np.maximum(-top / tau, -60.0)) + sums
        share = z
        share *= np.repeat(1.0 / total, self.lens)  # as the compiled loop: one division a family
        load = np.bincount(self.kind, weights=share, minlength=n_types)
        load_extra = np.bincount(self.ex_kind, weights=share[self.ex_pos], minlength=n_types)
        return share, top, total, load.astype(np.float64), load_extra.astype(np.float64)


def solve_lagrangian(
    problem: Problem,
    ents: I64,
    pairs: I64,
    obj: F64,
    policy: Policy,
) -> tuple[F64, LagrangianOutcome]:
    """Minimise the smoothed dual, return (soft assignment per local pair, outcome)."""
    solver = LagrangianSolver(problem, ents, pairs, obj, policy)
    stages = zip(policy.lagrangian_temperatures, policy.lagrangian_iterations, strict=True)
    return solver.run(list(stages))


class LagrangianSolver:
    """The smoothed dual of one component, resumable (more stages from the same multipliers).

    The hard max of ``L`` is replaced by ``τ·log(1 + Σ_k exp(reduced_k / τ))`` (≥ the max,
    smooth, gradient ``b − A·p`` with ``p`` the soft-max shares), minimised over ``λ ≥ 0`` for a
    decreasing sequence of temperatures. The reported bound is the *hard* ``L(λ)`` over every
    candidate (valid for any ``λ ≥ 0``), the smallest seen so far.
    """

    def __init__(self, problem: Problem, ents: I64, pairs: I64, obj: F64, policy: Policy) -> None:
        self.started = time.perf_counter()
        self.policy = policy
        self.obj = obj
        self.model = row_model(problem, pairs)
        # the local index of each pair's entity (``ents`` sorted, each pair's entity in it)
        local_of = np.zeros(problem.n_entities, dtype=np.int64)
        local_of[ents] = np.arange(len(ents))
        self.local_ent = local_of[problem.pair_entity[pairs]]
        local_ent = self.local_ent
        self.seg = np.flatnonzero(np.r_[True, local_ent[1:] != local_ent[:-1]])
        self.lam = np.zeros(self.model.n_rows)
        self.upper, _ = self.hard(self.lam)
        self.evaluations = 0
        # the smoothed dual sees distance at a visible price, so that among equally good
        # places the shares go to the nearest (the hard bound uses the true objective)
        self.soft_obj = obj - policy.lagrangian_distance_weight * problem.pair_distance[pairs]
        rank = np.arange(len(pairs)) - self.seg[local_ent]
        self.in_set = rank < policy.lagrangian_candidates
        # and each provider's nearest candidate families, so that every place gets a price
        self.in_set[_nearest_per_provider(problem, pairs, policy.lagrangian_candidates)] = True
        compiled = kernels()
        self.csr = (
            None if compiled is None else (CsrArrays(self.model.q), CsrArrays(self.model.q_t))
        )
        self.restricted = _Restricted(
            self.model, self.soft_obj, np.flatnonzero(self.in_set), local_ent, self.csr
        )
        self.reduced = obj.copy()

    def hard(self, lam: F64) -> tuple[float, F64]:
        reduced = self.obj - self.model.prices(lam)
        best = np.maximum.reduceat(reduced, self.seg)
        return float(np.maximum(best, 0.0).sum()) + dot(lam, self.model.rhs), reduced

    def _price(self, tau: float) -> None:
        """Candidates that beat what their family sees in the restricted set enter."""
        policy, reduced, local_ent = self.policy, self.reduced, self.local_ent
        best_in = np.maximum.reduceat(np.where(self.in_set, reduced, -np.inf), self.seg)
        margin = policy.lagrangian_pricing_margin * tau
        enter = ~self.in_set & (reduced > best_in[local_ent] - margin)
        enter = _best_per_family(enter, reduced, local_ent, policy.lagrangian_entering)
        if enter.any():
            self.in_set |= enter
            self.evaluations += self.restricted.evaluations
            self.restricted = _Restricted(
                self.model, self.soft_obj, np.flatnonzero(self.in_set), local_ent, self.csr
            )

    def run(self, stages: list[tuple[float, int]]) -> tuple[F64, LagrangianOutcome]:
        """Run ``(τ, iterations)`` stages, pricing before each one but the first ever."""
        n_pairs = len(self.obj)
        if not self.model.n_rows:
            outcome = LagrangianOutcome(self.upper, 0, 0, time.perf_counter() - self.started)
            return np.ones(n_pairs), outcome
        share = np.zeros(0)
        for tau, iterations in stages:
            if self.evaluations or self.restricted.evaluations:
                self._price(tau)
            job = self.restricted.job
            if job is not None and kernels() is not None:  # the same loop, in C
                self.lam, share, count = job.minimise(
                    self.lam, tau, iterations, self.policy.lagrangian_memory
                )
                self.restricted.evaluations += count
            else:
                self.lam, share = minimise(
                    partial(self.restricted.soft, tau=tau),
                    self.lam,
                    iterations,
                    self.policy.lagrangian_memory,
                )
            value, self.reduced = self.hard(self.lam)
            self.upper = min(self.upper, value)
        full_share = np.zeros(n_pairs)
        full_share[self.restricted.subset] = share
        outcome = LagrangianOutcome(
            self.upper,
            self.evaluations + self.restricted.evaluations,
            self.model.n_rows,
            time.perf_counter() - self.started,
            int(self.in_set.sum()),
            self.obj - self.reduced,
        )
        return full_share, outcome


def _nearest_per_provider(problem: Problem, pairs: I64, count: int) -> I64:
    """The local pairs of each provider's ``count`` nearest candidate families (ties: the
    first pair), in the compiled kernels when they are there."""
    prov = problem.pair_provider[pairs]
    distance = problem.pair_distance[pairs]
    compiled = kernels()
    # the kernel sorts on (metres < 2^20, pair index < 2^20): beyond, numpy
    if compiled is not None and len(pairs) < 1 << 20 and float(distance.max(initial=0)) < 1000:
        local = np.arange(len(pairs))
        n_prov = len(problem.pt.providers)
        return compiled.nearest_pairs(prov, local, distance, None, n_prov, count)[1]
    metres = np.minimum(np.round(distance * 1000), (1 << 24) - 1)
    by_prov = np.argsort((prov << 24) | metres.astype(np.int64), kind="stable")
    sorted_prov = prov[by_prov]
    prov_rank = np.arange(len(pairs)) - np.searchsorted(sorted_prov, sorted_prov, side="left")
    return np.asarray(by_prov[prov_rank < count])


def _best_per_family(enter: Bools, reduced: F64, local_ent: I64, limit: int) -> Bools:
    """Keep, per family, only its ``limit`` entering candidates of highest reduced weight."""
    idx = np.flatnonzero(enter)
    if len(idx) == 0:
        return enter
    order = idx[np.lexsort((-reduced[idx], local_ent[idx]))]
    ent = local_ent[order]
    first = np.searchsorted(ent, ent, side="left")
    kept = np.zeros_like(enter)
    kept[order[np.arange(len(order)) - first < limit]] = True
    return kept
