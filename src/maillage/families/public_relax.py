"""No dead end in the public search: when an anonymous search finds few or no options, the
one-click relaxations of the signed-in results page (`engine_adapter.relaxations_for_need`,
counted by the engine on the transient need), each turned into the same search with one
changed parameter — a link (GET: one click, bookmarkable) whose page lists the options the
link announces.

Nothing is trusted from the link when it is followed: it is an ordinary search, validated by
`PublicSearchForm` (a distance outside the select's list is accepted only as a half kilometre
up to the engine's limit, see `forms_public.relaxed_distance`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from maillage import matching as engine
from maillage.core.schedule import week_from_ranges, week_to_ranges
from maillage.core.schedule_picker import END_CHOICES, RANGES_PER_DAY, START_CHOICES
from maillage.families import engine_adapter as adapter
from maillage.families.engine_records import FLAG_OF_MODE
from maillage.families.forms import MODE_CHOICES
from maillage.families.forms_public import (
    DISTANCE_CHOICES,
    MAX_START_DAYS,
    PublicSearchForm,
    relaxed_distance,
)
from maillage.families.relax_services import shift_week

if TYPE_CHECKING:
    from maillage.families.public_search import SearchCriteria

QUICK_HOURS = ("jours", "debut_heure", "fin_heure")
DETAIL_PREFIX = "hours_d"
MODE_ORDER = [value for value, _ in MODE_CHOICES]
_STARTS = {value for value, _ in START_CHOICES if value}
_ENDS = {value for value, _ in END_CHOICES if value}


@dataclass(frozen=True)
class PublicRelaxation:
    """A relaxation of an anonymous search: its French label, what changes, how many options
    it opens, and the search's parameters with that one change."""

    kind: str
    label_fr: str
    text_fr: str
    options_count: int
    query: str

    @property
    def count_fr(self) -> str:
        """What the link opens, as its page will show it (at most `DEFAULT_LIMIT` options)."""
        if self.options_count > adapter.DEFAULT_LIMIT:
            return f"plus de {adapter.DEFAULT_LIMIT} modes d'accueil"
        plural = "s" if self.options_count > 1 else ""
        return f"{self.options_count} mode{plural} d'accueil"


def public_relaxations(
    criteria: SearchCriteria, data: QueryDict, *, departements: tuple[str, ...]
) -> list[PublicRelaxation]:
    """The engine's relaxations of this search, each as the search's changed parameters;
    a relaxation the form could not express is left out."""
    kept = _search_params(data)
    out: list[PublicRelaxation] = []
    for choice in adapter.relaxations_for_need(
        criteria.transient_need(), departements=departements
    ):
        params = _changed(choice, criteria, kept)
        if params is not None:
            out.append(
                PublicRelaxation(
                    choice.kind,
                    choice.label_fr,
                    choice.text_fr,
                    choice.options_count,
                    params.urlencode(),
                )
            )
    return out


def _search_params(data: QueryDict) -> QueryDict:
    """The search's own parameters (the form's fields and the day-by-day hours), no others."""
    fields = set(PublicSearchForm.base_fields)
    params = QueryDict(mutable=True)
    for key in data:
        if key in fields or key.startswith(DETAIL_PREFIX):
            params.setlist(key, data.getlist(key))
    return params


def _changed(
    choice: adapter.RelaxationChoice, criteria: SearchCriteria, kept: QueryDict
) -> QueryDict | None:
    params = kept.copy()
    if choice.kind == "distance":
        if choice.value not in dict(DISTANCE_CHOICES) and relaxed_distance(choice.value) is None:
            return None
        params["distance"] = choice.value
        return params
    if choice.kind == "start":
        latest = timezone.localdate() + dt.timedelta(days=MAX_START_DAYS)
        if dt.date.fromisoformat(choice.value) > latest:
            return None
        params["debut"] = choice.value
        return params
    if choice.kind == "mode":
        added = {FLAG_OF_MODE[engine.CareMode(v)] for v in choice.value.split(",")}
        modes = set(criteria.modes) | added
        params.setlist("modes", [flag for flag in MODE_ORDER if flag in modes])
        return params
    if choice.kind == "shift":
        return _shifted(params, criteria.schedule, int(choice.value))
    return None


def _shifted(params: QueryDict, schedule: str, minutes: int) -> QueryDict | None:
    """The hours `minutes` later (earlier when negative): the quick « same hours every day »
    fields when they were used and still can say it, the day-by-day fields otherwise."""
    try:
        week = shift_week(schedule, minutes)
    except ValidationError:
        return None
    if _quick_shifted(params, week, minutes):
        return params
    ranges = week_to_ranges(week)
    if any(len(spans) > RANGES_PER_DAY for spans in ranges.values()):
        return None  # the day-by-day picker shows two ranges a day
    for key in [*QUICK_HOURS, *(k for k in params if k.startswith(DETAIL_PREFIX))]:
        params.pop(key, None)
    for day, spans in ranges.items():
        for number, (first, last) in enumerate(spans, start=1):
            params[f"{DETAIL_PREFIX}{day}_{number}_start"] = first
            params[f"{DETAIL_PREFIX}{day}_{number}_end"] = last
    return params


def _quick_shifted(params: QueryDict, week: str, minutes: int) -> bool:
    """Shift the quick fields in place when they were used and say exactly `week`."""
    if any(k.startswith(DETAIL_PREFIX) and params.get(k) for k in params):
        return False
    start = _moved(params.get("debut_heure", ""), minutes)
    end = _moved(params.get("fin_heure", ""), minutes)
    if start not in _STARTS or end not in _ENDS:
        return False
    try:
        same = week_from_ranges({int(d): [(start, end)] for d in params.getlist("jours")})
    except ValueError:
        return False
    if same != week:
        return False
    params["debut_heure"], params["fin_heure"] = start, end
    return True


def _moved(hhmm: str, minutes: int) -> str:
    """`08:30` moved 60 minutes is `09:30`; empty when not a time or when it leaves the day."""
    try:
        hours, mins = (int(part) for part in hhmm.split(":"))
    except ValueError:
        return ""
    total = hours * 60 + mins + minutes
    if not 0 <= total <= 24 * 60:
        return ""
    return f"{total // 60:02d}:{total % 60:02d}"
