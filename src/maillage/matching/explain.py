"""French wording of distances, schedules, reasons and relaxations."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from .model import CareMode
from .schedule import SLOTS_PER_DAY, describe_slots_fr

ATYPICAL_EARLY = 7 * 2
ATYPICAL_LATE = 19 * 2


def km_fr(km: float) -> str:
    text = f"{km:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def modes_fr(modes: Iterable[CareMode]) -> str:
    labels = {
        CareMode.CHILDMINDER: "assistante maternelle",
        CareMode.CHILDMINDERS_HOUSE: "MAM",
        CareMode.NURSERY: "crèche",
    }
    names = [labels[m] for m in CareMode if m in set(modes)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ni " + names[-1]


def atypical_mask(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    slot = np.arange(len(mask))
    in_day = slot % SLOTS_PER_DAY
    weekend = slot // SLOTS_PER_DAY >= 5
    return np.asarray(mask & (weekend | (in_day < ATYPICAL_EARLY) | (in_day >= ATYPICAL_LATE)))


def hours_fr(mask: npt.NDArray[np.bool_]) -> str:
    hours = mask.sum() / 2
    text = f"couvre vos {km_fr(float(hours))} h par semaine"
    atypical = atypical_mask(mask)
    if atypical.any():
        text += f", y compris {describe_slots_fr(atypical)}"
    return text


def ordinal_fr(rank: int) -> str:
    return "1re" if rank == 1 else f"{rank}e"


def months_fr(days: int) -> str:
    months = max(1, -(-days // 30))
    return "un mois" if months == 1 else f"{months} mois"
