"""Return-to-work and job-retention rates, by commune, département or mode of care.

- Return-to-work rate at 1, 3 and 6 months: among the parents who answered at that
  checkpoint, the share in a job or in training.
- Job-retention rate at 6 months: among the parents in a job at 1 or 3 months who answered
  at 6 months, the share still in a job at 6 months. (The AVIP evaluation found that many
  parents who found a job had lost it six months later: this is the figure to watch.)

A rate whose denominator is below `MAILLAGE_SMALL_CELL_THRESHOLD` (default 11) is masked:
value, numerator and count are None and the note says "effectif trop faible".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet

from maillage.childcare.enums import ProviderKind
from maillage.outcomes.enums import AT_WORK, LATER_CHECKPOINTS, Checkpoint, Situation
from maillage.outcomes.models import OutcomeCheckpoint

GroupBy = Literal["commune", "departement", "mode"]
SMALL_CELL_NOTE = "effectif trop faible"
NO_ANSWER_NOTE = "aucune réponse"
TOTAL_KEY = "total"


def small_cell_threshold() -> int:
    return int(getattr(settings, "MAILLAGE_SMALL_CELL_THRESHOLD", 11))


@dataclass(frozen=True)
class Rate:
    numerator: int | None
    answers: int | None
    value: float | None  # 0..1
    note: str = ""

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(self.value * 100)


def make_rate(numerator: int, answers: int, threshold: int) -> Rate:
    if answers == 0:
        return Rate(None, 0, None, NO_ANSWER_NOTE)
    if answers < threshold:
        note = f"{SMALL_CELL_NOTE} (moins de {threshold} réponses)"
        return Rate(None, None, None, note)
    return Rate(numerator, answers, numerator / answers)


@dataclass(frozen=True)
class OutcomeRow:
    key: str
    label: str
    return_to_work: dict[str, Rate] = field(default_factory=dict)  # "m1", "m3", "m6"
    retention_6m: Rate = field(default_factory=lambda: Rate(None, None, None))


def _group(row: dict[str, Any], by: GroupBy) -> tuple[str, str]:
    if by == "commune":
        return row["follow_up__need__commune_id"], row["follow_up__need__commune__name"]
    if by == "departement":
        code = row["follow_up__need__commune__departement_id"]
        return code, f"{row['follow_up__need__commune__departement__name']} ({code})"
    return row["follow_up__mode"], str(ProviderKind(row["follow_up__mode"]).label)


def rates_from_situations(
    situations: dict[int, dict[str, str]], threshold: int
) -> tuple[dict[str, Rate], Rate]:
    """{follow-up: {checkpoint: situation}} -> (return-to-work per checkpoint, retention)."""
    back: dict[str, Rate] = {}
    for checkpoint in LATER_CHECKPOINTS:
        answers = [s[checkpoint] for s in situations.values() if checkpoint in s]
        back[checkpoint] = make_rate(sum(a in AT_WORK for a in answers), len(answers), threshold)
    employed_before = [
        s
        for s in situations.values()
        if Checkpoint.M6 in s and Situation.EMPLOYED in (s.get(Checkpoint.M1), s.get(Checkpoint.M3))
    ]
    kept = sum(s[Checkpoint.M6] == Situation.EMPLOYED for s in employed_before)
    return back, make_rate(kept, len(employed_before), threshold)


def outcome_rates(
    *,
    needs_qs: QuerySet[Any] | None = None,
    communes: Iterable[Any] | QuerySet[Any] | None = None,
    by: GroupBy = "commune",
    threshold: int | None = None,
) -> list[OutcomeRow]:
    """Rows per group (sorted by label), then a last row "Ensemble" (key "total")."""
    if by not in ("commune", "departement", "mode"):
        raise ValueError(f"Regroupement inconnu : {by}")
    threshold = small_cell_threshold() if threshold is None else threshold
    answered = OutcomeCheckpoint.objects.answered()
    if needs_qs is not None:
        answered = answered.filter(follow_up__need__in=needs_qs.values("pk"))
    if communes is not None:
        answered = answered.filter(follow_up__need__commune__in=communes)
    rows = answered.values(
        "follow_up_id",
        "checkpoint",
        "situation",
        "follow_up__mode",
        "follow_up__need__commune_id",
        "follow_up__need__commune__name",
        "follow_up__need__commune__departement_id",
        "follow_up__need__commune__departement__name",
    )
    groups: dict[tuple[str, str], dict[int, dict[str, str]]] = {}
    everyone: dict[int, dict[str, str]] = {}
    for row in rows:
        key = _group(row, by)
        follow_up, checkpoint = row["follow_up_id"], row["checkpoint"]
        groups.setdefault(key, {}).setdefault(follow_up, {})[checkpoint] = row["situation"]
        everyone.setdefault(follow_up, {})[checkpoint] = row["situation"]
    out = []
    for (key, label), situations in sorted(groups.items(), key=lambda item: item[0][1]):
        back, kept = rates_from_situations(situations, threshold)
        out.append(OutcomeRow(str(key), label, back, kept))
    back, kept = rates_from_situations(everyone, threshold)
    out.append(OutcomeRow(TOTAL_KEY, "Ensemble", back, kept))
    return out
