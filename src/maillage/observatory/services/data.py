"""Reading the platform's data into the observatory's columnar tables.

Apps that may be missing or still being built (families, jobs) are read through
``apps.get_model`` guarded by ``LookupError``: their indicators are then absent (None,
shown as "non disponible").
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import logging
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.apps import apps
from django.conf import settings
from django.db.models import Count, FloatField, Func, Q, Sum
from django.utils import timezone

from maillage.observatory.cliff import AGE_BANDS, age_band
from maillage.observatory.enums import SupplySource
from maillage.observatory.indicators import CommuneTable
from maillage.observatory.models import SupplyFigure

logger = logging.getLogger(__name__)

BAND_KEYS = [label for label, _lo, _hi in AGE_BANDS]


def _model(app_label: str, name: str):  # noqa: ANN202 - a model class or None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


class EpochDays(Func):
    """Days since 1970-01-01 UTC of a datetime column, computed by the database as a float:
    reading 100,000 floats is several times cheaper than parsing 100,000 timestamps in
    Python (psycopg text protocol)."""

    output_field = FloatField()
    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)::float8"

    def as_sqlite(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s) - 2440587.5)", **extra
        )


def _epoch_days(moment: dt.datetime) -> float:
    return moment.timestamp() / 86400


def load_commune_table(*, today: dt.date | None = None) -> CommuneTable:
    """All communes with supply, demand and jobs counts (one query per source)."""
    from maillage.territory.models import Commune

    today = today or timezone.localdate()
    rows = list(
        Commune.objects.values_list(
            "code", "departement_id", "region_id", "children_under_3", "epci_id", "ept_id"
        )
    )
    codes = [r[0] for r in rows]
    position = {code: i for i, code in enumerate(codes)}
    n = len(codes)

    def zeros() -> np.ndarray:
        return np.zeros(n, dtype=np.int64)

    def fill(arr: np.ndarray, pairs: Iterable[tuple[str, int | None]]) -> np.ndarray:
        for code, value in pairs:
            i = position.get(code)
            if i is not None and value:
                arr[i] += int(value)
        return arr

    counts: dict[str, np.ndarray] = {
        "children_under_3": np.array([r[3] or 0 for r in rows], dtype=np.int64)
    }
    extra: dict[str, np.ndarray] = {f"band:{b}": zeros() for b in BAND_KEYS}
    samples: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    # --- supply from the platform
    from maillage.childcare.models import ChildInCare, Childminder, NurseryAgeGroup

    valid = Childminder.objects.filter(agrement_valid_until__gte=today)
    cm_places, cm_count, cm_free = zeros(), zeros(), zeros()
    in_care_of = dict(
        ChildInCare.objects.filter(Q(leaves_on__isnull=True) | Q(leaves_on__gt=today))
        .values("childminder_id")
        .annotate(n=Count("id"))
        .values_list("childminder_id", "n")
        .order_by()
    )
    this_year = today.year
    # One pass over the valid childminders: places, count, age band and free capacity
    # (agrément capacity − children present: a lower bound, part-time children sharing a
    # place count as two).
    for cm_id, commune_id, capacity, birth_year in valid.values_list(
        "id", "commune_id", "agrement_capacity", "birth_year"
    ).order_by():
        in_care = in_care_of.get(cm_id, 0)
        i = position.get(commune_id)
        if i is None:
            continue
        cm_places[i] += capacity or 0
        cm_count[i] += 1
        cm_free[i] += max(0, (capacity or 0) - in_care)
        if birth_year:
            extra[f"band:{age_band(this_year - birth_year)}"][i] += 1

    groups = NurseryAgeGroup.objects.values("nursery__commune_id").annotate(
        p=Sum("places"), t=Sum("places_taken")
    )
    nu_places, nu_free = zeros(), zeros()
    for g in groups:
        i = position.get(g["nursery__commune_id"])
        if i is not None:
            nu_places[i] += g["p"] or 0
            nu_free[i] += max(0, (g["p"] or 0) - (g["t"] or 0))

    # --- imported supply figures (latest year per commune) replace the platform's counts
    latest: dict[str, tuple] = {}
    for row in (
        SupplyFigure.objects.filter(source=SupplySource.IMPORT)
        .order_by("commune_id", "year")
        .values_list(
            "commune_id",
            "places_childminders",
            "places_nurseries",
            "childminders",
            "childminders_by_age_band",
        )
    ):
        latest[row[0]] = row
    for code, _cm, nurseries, count, bands in latest.values():
        i = position.get(code)
        if i is None:
            continue
        cm_places[i], nu_places[i], cm_count[i] = _cm, nurseries, count
        if bands:
            for b in BAND_KEYS:
                extra[f"band:{b}"][i] = int(bands.get(b, 0) or 0)
    counts.update(
        places_childminders=cm_places,
        places_nurseries=nu_places,
        childminders=cm_count,
        free_places_childminders=cm_free,
        free_places_nurseries=nu_free,
    )

    # --- where the platform knows the supply: the départements with any registered or
    # imported provider (a département imports or registers its whole register at once)
    departements = [r[1] for r in rows]
    with_data = {
        departements[i]
        for i in np.flatnonzero((cm_count > 0) | (nu_places > 0) | (cm_places > 0)).tolist()
    }
    known = np.array([d in with_data for d in departements], dtype=bool)
    _load_territory_estimates(counts, rows, position, n)

    _load_needs(counts, samples, position, n, today)
    _load_jobs(counts, extra, position, n, today, samples)
    _load_history(counts, position, n, today)
    _load_staffing(counts, position, n, today)
    _load_inspections(counts, position, n, today)
    return CommuneTable(
        known=known,
        codes=codes,
        departements=departements,
        regions=[r[2] for r in rows],
        counts=counts,
        samples=samples,
        extra_counts=extra,
        epcis=[r[4] or "" for r in rows],
        epts=[r[5] or "" for r in rows],
    )


# Paris, Lyon and Marseille appear in the INSEE file by arrondissement only.
_ARRONDISSEMENTS = {"751": "75056", "693": "69123", "132": "13055"}


def _unemployment_file() -> Path | None:
    base = Path(settings.BASE_DIR) / "data" / "territory"
    path = base / "insee_comparateur_communes_cog2024.csv.gz"
    return path if path.exists() else None


@lru_cache(maxsize=4)
def unemployment_by_commune(path: Path | None = None) -> dict[str, tuple[int, int]]:
    """{INSEE code: (unemployed aged 15–64, population aged 15–64)}, census 2021, from the
    shipped INSEE comparateur file (COG 2024); arrondissements summed into their commune."""
    path = path or _unemployment_file()
    if path is None:
        return {}
    out: dict[str, tuple[int, int]] = {}
    arrondissements: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                unemployed = int(row["pop_15_64_chomage_2021"] or 0)
                population = int(row["pop_15_64_totale_2021"] or 0)
            except ValueError:
                continue
            if row["niveau"] == "ARM":
                city = _ARRONDISSEMENTS.get(row["code_insee"][:3])
                if city:
                    arrondissements[city][0] += unemployed
                    arrondissements[city][1] += population
                continue
            if population > 0:
                out[row["code_insee"]] = (unemployed, population)
    for city, (unemployed, population) in arrondissements.items():
        out.setdefault(city, (unemployed, population))
    return out


def _load_territory_estimates(counts, rows, position, n) -> None:  # noqa: ANN001
    """The supply implied by the CAF's latest published rates (assistants maternels + EAJE,
    per 100 children under 3, applied to each commune's children), and the children of
    unemployed parents (``indicators.job_seekers_children``)."""
    from maillage.observatory.indicators import job_seekers_children
    from maillage.observatory.services import caf_latest, caf_rates

    rates = caf_rates()
    per_dep: dict[str, float | None] = {}
    for _code, dep, *_rest in rows:
        if dep in per_dep:
            continue
        latest = caf_latest(dep, rates)
        values = latest[1] if latest else {}
        am, eaje = values.get("txcouv_assistante_maternelle"), values.get("txcouv_eaje")
        per_dep[dep] = None if am is None or eaje is None else am + eaje
    children = counts["children_under_3"].astype(float)
    rate = np.array([np.nan if per_dep[r[1]] is None else per_dep[r[1]] for r in rows], float)
    counts["caf_estimated_places"] = np.where(np.isnan(rate), 0.0, children * rate / 100.0)

    census = unemployment_by_commune()
    unemployed = np.full(n, np.nan)
    population = np.full(n, np.nan)
    for code, (u, p) in census.items():
        i = position.get(code)
        if i is not None:
            unemployed[i], population[i] = u, p
    counts["unemployed_15_64"] = unemployed
    counts["population_15_64"] = population
    counts["job_seekers_children"] = job_seekers_children(children, unemployed, population)


def _load_needs(counts, samples, position, n, today) -> None:  # noqa: ANN001
    Need = _model("families", "Need")
    if Need is None:
        logger.info("Modèle families.Need absent : indicateurs de demande non disponibles.")
        return
    declared = np.zeros(n, dtype=np.int64)
    unserved = np.zeros(n, dtype=np.int64)
    js = np.zeros(n, dtype=np.int64)
    js_served = np.zeros(n, dtype=np.int64)
    now = timezone.now()
    live = ~Q(status__in=["draft", "cancelled"])
    for commune_id, d, u, j, js_s in (
        Need.objects.filter(live)
        .values("commune_id")
        .annotate(
            d=Count("id"),
            u=Count("id", filter=Q(status="open")),
            j=Count("id", filter=Q(job_seeker=True)),
            js_s=Count("id", filter=Q(job_seeker=True, status="matched")),
        )
        .values_list("commune_id", "d", "u", "j", "js_s")
        .order_by()
    ):
        i = position.get(commune_id)
        if i is not None:
            declared[i], unserved[i], js[i], js_served[i] = d, u, j, js_s
    age_idx: list[int] = []
    age_val: list[float] = []
    now_days = _epoch_days(now)
    for commune_id, created_days in (
        Need.objects.filter(status="open")
        .values_list("commune_id", EpochDays("created_at"))
        .order_by()
    ):
        i = position.get(commune_id)
        if i is not None:
            age_idx.append(i)
            age_val.append(now_days - created_days)
    counts.update(
        needs_declared=declared,
        needs_unserved=unserved,
        needs_job_seekers=js,
        needs_job_seekers_served=js_served,
    )
    samples["unserved_need_age_days"] = (np.array(age_idx, dtype=np.int64), np.array(age_val))
    ContactRequest = _model("families", "ContactRequest")
    if ContactRequest is None:
        return
    # When the place was confirmed: the request's history (RequestEvent), else the request's
    # own status date (requests confirmed before the history existed). First confirmation
    # per need.
    # Dates as days since the epoch (floats computed by the database, see EpochDays).
    first: dict[int, tuple[int, float, float]] = {}

    def keep(need_id: int, commune_id: str, created_at: float, at: float | None) -> None:
        i = position.get(commune_id)
        if at is None or i is None:
            return
        if need_id not in first or at < first[need_id][2]:
            first[need_id] = (i, created_at, at)

    need_live = ~Q(request__need__status__in=["draft", "cancelled"])
    RequestEvent = _model("families", "RequestEvent")
    confirmed = ContactRequest.objects.filter(status="confirmed").exclude(
        need__status__in=["draft", "cancelled"]
    )
    if RequestEvent is not None:
        for need_id, commune_id, created_at, at in (
            RequestEvent.objects.filter(need_live, to_status="confirmed")
            .values_list(
                "request__need_id",
                "request__need__commune_id",
                EpochDays("request__need__created_at"),
                EpochDays("at"),
            )
            .order_by()
        ):
            keep(need_id, commune_id, created_at, at)
        confirmed = confirmed.exclude(events__to_status="confirmed")
    for need_id, commune_id, created_at, at in confirmed.values_list(
        "need_id",
        "need__commune_id",
        EpochDays("need__created_at"),
        EpochDays("status_changed_at"),
    ).order_by():
        keep(need_id, commune_id, created_at, at)
    d_idx = [i for i, _c, _a in first.values()]
    d_val = [max(0.0, at - c) for _i, c, at in first.values()]
    samples["need_to_place_days"] = (np.array(d_idx, dtype=np.int64), np.array(d_val))


def _load_history(counts, position, n, today) -> None:  # noqa: ANN001
    """Places created and removed over the last twelve months, from the dated supply history."""
    PlaceChange = _model("childcare", "PlaceChange")  # noqa: N806
    if PlaceChange is None:
        return
    created, destroyed = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    since = today - dt.timedelta(days=365)
    for commune_id, delta in PlaceChange.objects.filter(at__date__gt=since).values_list(
        "commune_id", "delta"
    ):
        i = position.get(commune_id)
        if i is None:
            continue
        if delta > 0:
            created[i] += delta
        else:
            destroyed[i] -= delta
    counts.update(places_created=created, places_destroyed=destroyed)


def _load_inspections(counts, position, n, today) -> None:  # noqa: ANN001
    """PMI visits of crèches planned this year, and those carried out."""
    from maillage.observatory.models import InspectionVisit

    planned, done = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    for commune_id, done_on in InspectionVisit.objects.filter(
        planned_on__year=today.year
    ).values_list("nursery__commune_id", "done_on"):
        i = position.get(commune_id)
        if i is not None:
            planned[i] += 1
            done[i] += done_on is not None
    counts.update(inspections_planned=planned, inspections_done=done)


def _load_staffing(counts, position, n, today) -> None:  # noqa: ANN001
    """Crèche staff: vacant posts (ETP) and places closed for lack of staff, for the crèches
    that declared their staff (the others are unknown, not "all closed"); hours offered and
    billed over the last twelve complete months."""
    StaffMember = _model("staffing", "StaffMember")  # noqa: N806
    if StaffMember is None:
        return
    from maillage.childcare.models import Nursery
    from maillage.staffing.models import FULL_TIME_HOURS, NurseryOccupancy, StaffPost
    from maillage.staffing.services import staffing_days_for

    vacant = np.zeros(n, dtype=float)
    closed = np.zeros(n, dtype=float)
    offered = np.zeros(n, dtype=np.int64)
    billed = np.zeros(n, dtype=np.int64)
    commune_of = dict(Nursery.objects.values_list("pk", "commune_id"))
    in_post: dict[tuple[int, str], float] = {
        (nursery_id, qualification): float(hours) / float(FULL_TIME_HOURS)
        for nursery_id, qualification, hours in StaffMember.objects.in_post_on(today)
        .values("nursery_id", "qualification")
        .annotate(hours=Sum("weekly_hours"))
        .values_list("nursery_id", "qualification", "hours")
        .order_by()
    }
    for nursery_id, qualification, fte in StaffPost.objects.values_list(
        "nursery_id", "qualification", "authorised_fte"
    ):
        i = position.get(commune_of.get(nursery_id))
        if i is not None:
            vacant[i] += max(0.0, float(fte) - in_post.get((nursery_id, qualification), 0.0))
    staffed_ids = set(StaffMember.objects.values_list("nursery_id", flat=True).distinct())
    staffed = list(
        Nursery.objects.filter(pk__in=staffed_ids).only("pk", "opening_hours", "commune_id")
    )
    # The next working day (Monday when computed at the weekend): one day keeps the national
    # recompute within its budget, and a weekday is when crèches open.
    day = today + dt.timedelta(days=max(0, 7 - today.weekday()) if today.weekday() >= 5 else 0)
    by_nursery = staffing_days_for(staffed, first=day, days=1, everywhere=True) if staffed else {}
    for nursery in staffed:
        rows = by_nursery.get(nursery.pk) or []
        i = position.get(nursery.commune_id)
        if i is not None and rows:
            closed[i] += sum(d.capacity.closed for d in rows) / len(rows)
    last = today.replace(day=1)
    first = (last - dt.timedelta(days=365)).replace(day=1)
    for commune_id, hours_offered, hours_billed in (
        NurseryOccupancy.objects.filter(month__gte=first, month__lt=last)
        .values("nursery__commune_id")
        .annotate(o=Sum("hours_offered"), b=Sum("hours_billed"))
        .values_list("nursery__commune_id", "o", "b")
        .order_by()
    ):
        i = position.get(commune_id)
        if i is not None:
            offered[i] += hours_offered or 0
            billed[i] += hours_billed or 0
    counts.update(
        vacant_posts=np.round(vacant, 1),
        places_closed_staff=np.round(closed),
        hours_offered=offered,
        hours_billed=billed,
    )


def _load_jobs(counts, extra, position, n, today, samples=None) -> None:  # noqa: ANN001
    JobOffer = _model("jobs", "JobOffer")
    if JobOffer is not None:
        open_offers = np.zeros(n, dtype=np.int64)
        for commune_id in JobOffer.objects.filter(status="published").values_list(
            "commune_id", flat=True
        ):
            i = position.get(commune_id)
            if i is None:
                continue
            open_offers[i] += 1
        counts.update(job_offers_open=open_offers)
        _load_hires(JobOffer, counts, samples, position, n)
    SubstituteRequest = _model("jobs", "SubstituteRequest")
    if SubstituteRequest is not None:
        unmet = np.zeros(n, dtype=np.int64)
        # Posts still to fill on requests that are open, partly filled or expired unfilled:
        # substitutes needed minus confirmed assignments.
        for commune_id, needed, filled in (
            SubstituteRequest.objects.filter(status__in=["open", "partially_filled", "expired"])
            .annotate(filled=Count("assignments", filter=Q(assignments__status="confirmed")))
            .values_list("nursery__commune_id", "substitutes_needed", "filled")
        ):
            i = position.get(commune_id)
            if i is not None:
                unmet[i] += max(0, (needed or 0) - filled)
        counts["substitute_requests_unmet"] = unmet
    CandidatePath = _model("jobs", "CandidatePath")
    if CandidatePath is not None:
        total = np.zeros(n, dtype=np.int64)
        dropped = np.zeros(n, dtype=np.int64)
        stage_counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(n, dtype=np.int64))
        paths = CandidatePath.objects.values_list("id", "candidate__commune_id", "status")
        active: dict[int, int] = {}
        for path_id, commune_id, status in paths:
            i = position.get(commune_id)
            if i is None:
                continue
            total[i] += 1
            if status == "dropped_out":
                dropped[i] += 1
            elif status == "active":
                active[path_id] = i
        PathStage = _model("jobs", "PathStage")
        if PathStage is not None and active:
            current: dict[int, tuple[int, str]] = {}
            for path_id, order, kind, status in PathStage.objects.filter(
                path_id__in=list(active), status__in=["in_progress", "planned"]
            ).values_list("path_id", "order", "kind", "status"):
                rank = (0 if status == "in_progress" else 1, order)
                if path_id not in current or rank < current[path_id][0]:
                    current[path_id] = (rank, kind)  # type: ignore[assignment]
            for path_id, (_rank, kind) in current.items():
                stage_counts[kind][active[path_id]] += 1
        counts.update(candidates=total, candidates_dropped=dropped)
        for kind, arr in stage_counts.items():
            extra[f"stage:{kind}"] = arr


def _load_hires(JobOffer, counts, samples, position, n) -> None:  # noqa: ANN001, N803
    """Posts filled by a hire, where the offer is; the delay from application to hire."""
    filled = np.zeros(n, dtype=np.int64)
    for commune_id, posts in JobOffer.objects.filter(posts_filled__gt=0).values_list(
        "commune_id", "posts_filled"
    ):
        i = position.get(commune_id)
        if i is not None:
            filled[i] += posts
    counts["posts_filled"] = filled
    Application = _model("jobs", "Application")
    if Application is None or samples is None:
        return
    idx, days = [], []
    for commune_id, sent, decided in Application.objects.filter(
        status="hired", job_offer__isnull=False, decided_at__isnull=False
    ).values_list("job_offer__commune_id", "created_at", "decided_at"):
        i = position.get(commune_id)
        if i is not None:
            idx.append(i)
            days.append(max(0.0, (decided - sent).total_seconds() / 86400))
    samples["time_to_hire_days"] = (np.array(idx, dtype=np.int64), np.array(days))


def new_childminders_last_year(
    *, departement: str | None = None, region: str | None = None, today: dt.date | None = None
) -> int:
    """Agréments obtained through the platform's paths in the last 12 months (None-safe)."""
    CandidatePath = _model("jobs", "CandidatePath")
    if CandidatePath is None:
        return 0
    today = today or timezone.localdate()
    qs = CandidatePath.objects.filter(
        status="completed", template__kind="agrement", ended_on__gt=today - dt.timedelta(days=365)
    )
    if departement:
        qs = qs.filter(candidate__commune__departement_id=departement)
    if region:
        qs = qs.filter(candidate__commune__region_id=region)
    try:
        return qs.count()
    except Exception:  # noqa: BLE001 - the jobs schema may still change under us
        logger.warning("Parcours d'agrément illisibles : recrutement par défaut à 0.")
        return 0
