"""Why a family has no option, and the nearest relaxations that would give some."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from .explain import atypical_mask, km_fr, modes_fr, months_fr
from .feasibility import PairCheck, Reason
from .model import Need, PriorityGrid
from .results import Relaxation
from .schedule import DAY_NAMES_FR, WeeklySchedule, describe_slots_fr, slot_labels_fr
from .tables import MODE_CODE, ProviderTable, unpack

if TYPE_CHECKING:
    from .options import OptionsIndex

Evaluate = Callable[[Need, "OptionsIndex", PriorityGrid, float], PairCheck]
MAX_FULL_LINES = 3


def reasons_for(need: Need, pt: ProviderTable, check: PairCheck) -> list[str]:
    codes = {MODE_CODE[m] for m in need.modes}
    mode_ok = np.array([int(m) in codes for m in pt.mode[check.provider]], dtype=np.bool_)
    near = mode_ok & ((check.reasons & Reason.DISTANCE) == 0)
    modes = modes_fr(need.modes)
    where = f"à moins de {km_fr(need.max_km)} km"
    if not near.any():
        return [f"aucune {modes} {where}"]
    out: list[str] = []
    mask = need.schedule.array
    opening = unpack(pt.opening[check.provider[near]]).any(axis=0)
    missing = mask & ~opening
    said_closed = set(slot_labels_fr(missing))
    if missing.any():
        out.append(f"aucune {modes} ouverte {describe_slots_fr(missing)} {where}")
    elif ((check.reasons[near] & Reason.HOURS) != 0).all():
        out.append(f"aucune {modes} {where} ne couvre à elle seule tous vos horaires")
    closed = np.flatnonzero(near & ((check.reasons & Reason.HOURS) != 0))
    if len(closed) and not missing.any():
        k = int(closed[np.argmin(check.distance_km[closed])])
        gap = mask & ~unpack(pt.opening[check.provider[k]])
        said_closed.update(slot_labels_fr(gap))
        out.append(
            f"{len(closed)} mode(s) d'accueil {where} fermé(s) à vos horaires, "
            f"dont le plus proche {describe_slots_fr(gap)}"
        )
    counts = {
        Reason.AGE: f"n'accueille(nt) pas un enfant de {need.age_months} mois",
        Reason.START: "ne sont libres qu'après votre date de début",
        Reason.QUOTA: "n'ont plus que des places réservées (AVIP ou minima sociaux)",
    }
    for reason, text in counts.items():
        n = int(((check.reasons[near] & reason) != 0).sum())
        if n:
            out.append(f"{n} mode(s) d'accueil {where} {text}")
    full = np.flatnonzero(near & ((check.reasons & Reason.FULL) != 0))
    shown = 0
    for k in full[np.argsort(check.distance_km[full], kind="stable")].tolist():
        if shown == MAX_FULL_LINES:
            break
        r = int(check.full_resource[k])
        provider = pt.providers[int(check.provider[k])]
        p_open = unpack(pt.opening[check.provider[k]])
        busy = mask & p_open & ~unpack(pt.res_room[r])
        # One word per moment: where a line above says « fermé » (no one open, or this
        # provider closed), « complet » is not said of the same moment.
        not_full = frozenset(said_closed.union(slot_labels_fr(mask & ~p_open)))
        moments = describe_slots_fr(busy, skip=not_full)
        if not moments:
            continue
        shown += 1
        out.append(
            f"{provider.display_name} ({km_fr(float(check.distance_km[k]))} km) : complet {moments}"
        )
    return out


def relaxations_for(
    need: Need, index: OptionsIndex, grid: PriorityGrid, check: PairCheck, evaluate: Evaluate
) -> list[Relaxation]:
    out: list[Relaxation] = []
    only = check.reasons
    far = np.flatnonzero(only == Reason.DISTANCE)
    if len(far):
        extra = math.ceil(float(check.distance_km[far].min()) - need.max_km + 1e-9)
        count = int((check.distance_km[far] <= need.max_km + extra).sum())
        out.append(
            Relaxation(
                "distance",
                str(extra),
                f"+{extra} km",
                count,
                max_km=need.max_km + extra,
                label_fr=f"À {extra} km de plus",
            )
        )
    late = np.flatnonzero(only == Reason.START)
    if len(late):
        first = min(index.table.providers[int(check.provider[k])].free_from for k in late)
        days = (first - need.start).days
        text = f"début {months_fr(days)} plus tard"
        label = f"{months_fr(days)} plus tard"
        out.append(
            Relaxation(
                "start",
                str(days),
                text,
                len(late),
                start=first,
                label_fr=label[0].upper() + label[1:],
            )
        )
    other = np.flatnonzero(only == Reason.MODE)
    if len(other):
        modes = sorted({index.table.providers[int(check.provider[k])].kind for k in other})
        out.append(
            Relaxation(
                "mode",
                ",".join(m.value for m in modes),
                f"en acceptant aussi : {', '.join(m.label_fr for m in modes)}",
                len(other),
                modes=need.modes | frozenset(modes),
                label_fr=f"En acceptant aussi : {', '.join(m.label_fr for m in modes)}",
            )
        )
    out += _schedule_relaxations(need, index, grid, evaluate)
    return out


def _schedule_relaxations(
    need: Need, index: OptionsIndex, grid: PriorityGrid, evaluate: Evaluate
) -> list[Relaxation]:
    out: list[Relaxation] = []
    days = need.schedule.days()
    candidates: list[tuple[str, str, Need]] = []
    for day in days if len(days) > 1 else []:
        name = DAY_NAMES_FR[day]
        candidates.append(
            (name, f"sans le {name}", replace(need, schedule=need.schedule.without_day(day)))
        )
    atypical = atypical_mask(need.schedule.array)
    if atypical.any() and not atypical.all():
        trimmed = WeeklySchedule.from_array(need.schedule.array & ~atypical)
        candidates.append(
            ("horaires_atypiques", "sans les horaires atypiques", replace(need, schedule=trimmed))
        )
    for value, text, relaxed in candidates:
        count = int((evaluate(relaxed, index, grid, relaxed.max_km).reasons == 0).sum())
        if count:
            out.append(
                Relaxation(
                    "schedule",
                    value,
                    text,
                    count,
                    schedule=relaxed.schedule,
                    label_fr=text[0].upper() + text[1:],
                )
            )
    out.sort(key=lambda r: -r.options_count)
    return out[:3]
