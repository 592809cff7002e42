"""One family's options: ranked, scored and explained; or the reasons and nearest relaxations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .bounds import capped_need
from .explain import hours_fr, km_fr, ordinal_fr
from .feasibility import PairCheck, check_pairs
from .geo import PointIndex
from .model import Need, Policy, PriorityGrid, Provider
from .ranges import expand_ranges
from .reasons import reasons_for, relaxations_for
from .results import Option, OptionsResult
from .tables import ProviderTable, build_need_table, build_provider_table
from .validation import validate_inputs, validate_need

SEARCH_MARGIN_KM = 10.0


@dataclass
class OptionsIndex:
    """Prebuilt provider table and spatial index, shared by many ``family_options`` calls."""

    table: ProviderTable
    points: PointIndex
    policy: Policy

    @classmethod
    def build(cls, providers: Sequence[Provider], policy: Policy | None = None) -> OptionsIndex:
        return build_options_index(providers, policy)


def build_options_index(
    providers: Sequence[Provider], policy: Policy | None = None
) -> OptionsIndex:
    policy = policy or Policy()
    validate_inputs([], providers, policy)
    table = build_provider_table(providers, policy)
    return OptionsIndex(table, PointIndex(table.lat, table.lon), policy)


def evaluate(need: Need, index: OptionsIndex, grid: PriorityGrid, radius_km: float) -> PairCheck:
    nt = build_need_table([need], grid)
    prov, dist = index.points.within_one(need.lat, need.lon, radius_km)
    return check_pairs(nt, index.table, np.zeros(len(prov), dtype=np.int64), prov, dist)


def family_options(
    need: Need,
    providers: Sequence[Provider] = (),
    *,
    policy: Policy | None = None,
    grid: PriorityGrid | None = None,
    index: OptionsIndex | None = None,
    limit: int = 10,
) -> OptionsResult:
    """Feasible options of one need against the *current* free places, best first."""
    policy = policy or (index.policy if index else Policy())
    grid = grid or PriorityGrid()
    validate_need(need, policy)
    need, cap_note = capped_need(need, policy)
    notes = (cap_note,) if cap_note else ()
    index = index or build_options_index(providers, policy)
    # A pair beyond the family's distance is never feasible: the providers within it are
    # enough to rank the options (in a dense département, a twentieth of those within the
    # margin). Only when none fits are the farther ones examined, for reasons and relaxations.
    check = evaluate(need, index, grid, need.max_km)
    feasible = np.flatnonzero(check.reasons == 0)
    if len(feasible) == 0:
        check = evaluate(need, index, grid, need.max_km + SEARCH_MARGIN_KM)
        return OptionsResult(
            need.id,
            (),
            tuple(reasons_for(need, index.table, check)),
            tuple(relaxations_for(need, index, grid, check, evaluate)),
            notes,
        )
    scored = _scores(need, index.table, check, feasible)
    order = sorted(
        range(len(feasible)),
        key=lambda k: (
            -scored[k],
            float(check.distance_km[feasible[k]]),
            int(check.provider[feasible[k]]),
        ),
    )
    options: list[Option] = []
    hours = hours_fr(need.schedule.array)  # the same sentence for every option
    for rank, k in enumerate(order[:limit], start=1):
        options.append(
            _option(need, index.table, check, int(feasible[k]), scored[k], rank, options, hours)
        )
    return OptionsResult(need.id, tuple(options), (), (), notes)


def _scores(
    need: Need, pt: ProviderTable, check: PairCheck, feasible: npt.NDArray[np.int64]
) -> list[float]:
    """0–100: 60 for proximity, 25 for the family's preference rank, 15 for spare capacity."""
    providers = check.provider[feasible]
    ids = [pt.providers[p].id for p in providers.tolist()]
    prefs = {pid: i for i, pid in enumerate(need.preferences)}
    margins = spare_shares(need, pt, providers).tolist()
    scores = []
    for k, pid, margin in zip(feasible.tolist(), ids, margins, strict=True):
        proximity = 1.0 - float(check.distance_km[k]) / need.max_km
        pref = 1.0 - prefs[pid] / len(prefs) if pid in prefs else 0.0
        scores.append(round(60 * proximity + 25 * pref + 15 * margin, 2))
    return scores


def spare_shares(
    need: Need, pt: ProviderTable, providers: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Per provider, the share of the need's slots where it keeps at least 2 free places on
    every resource (0 for a provider without resources): one pass over all their resources."""
    mask = need.schedule.array
    slots = int(np.count_nonzero(mask))
    counts = pt.res_start[providers + 1] - pt.res_start[providers]
    out = np.zeros(len(providers))
    has = counts > 0
    if slots == 0 or not has.any():
        return out
    _owner, rows = expand_ranges(pt.res_start[providers[has]], counts[has])
    caps = pt.res_cap[rows][:, mask]
    lowest = np.minimum.reduceat(caps, np.cumsum(counts[has]) - counts[has], axis=0)
    out[has] = np.count_nonzero(lowest >= 2, axis=1) / slots
    return out


def _option(
    need: Need,
    pt: ProviderTable,
    check: PairCheck,
    k: int,
    score: float,
    rank: int,
    before: list[Option],
    hours: str,
) -> Option:
    provider = pt.providers[int(check.provider[k])]
    distance = float(check.distance_km[k])
    parts = [
        f"à {km_fr(distance)} km (votre maximum : {km_fr(need.max_km)} km)",
        hours,
    ]
    if provider.id in need.preferences:
        parts.append(f"{ordinal_fr(need.preferences.index(provider.id) + 1)} de vos préférences")
    if rank == 1:
        why = "classée 1re : meilleur score (proximité, préférences, places libres)"
    else:
        prev = before[-1]
        cause = "plus loin" if distance > prev.distance_km else "moins de places de marge"
        why = f"classée {ordinal_fr(rank)} : {cause} que {prev.provider_name}"
    explanation = " ; ".join(parts + [why])
    return Option(
        provider_id=provider.id,
        provider_name=provider.display_name,
        kind=provider.kind,
        commune=provider.commune,
        distance_km=round(distance, 3),
        score=score,
        hours_per_week=need.schedule.hours,
        explanation_fr=explanation[0].upper() + explanation[1:],
    )
