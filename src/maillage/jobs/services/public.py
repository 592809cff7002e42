"""What the public pages list: open offers, trainings, immersions and events, filtered.

A bounding box on latitude/longitude narrows in SQL, the exact distance is computed on the
rows kept (at most ``LIMIT`` per kind), so a département's page stays one query per kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from maillage.jobs.enums import OfferStatus, TrainingKind
from maillage.jobs.models import ImmersionOffer, InfoMeeting, JobOffer, TrainingOffer
from maillage.jobs.scoring import haversine_km

LIMIT = 50
ALL_KINDS = ("offres", "formations", "immersions", "evenements")
# Continuing training and VAE, for professionals already in post (seed 004, sheet 2.3).
IN_POST = (TrainingKind.CONTINUING, TrainingKind.VAE)


@dataclass
class PublicFilters:
    departement: Any = None
    commune: Any = None
    distance_km: int = 15
    qualification: str = ""
    contract: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] = ALL_KINDS


@dataclass
class Section:
    key: str
    title: str
    rows: list[tuple[Any, float | None]] = field(default_factory=list)
    total: int = 0


def _near(qs: QuerySet, f: PublicFilters) -> QuerySet:
    if f.commune is not None:
        lat, lon, km = f.commune.latitude, f.commune.longitude, f.distance_km
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
        return qs.filter(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        )
    if f.departement is not None:
        return qs.filter(commune__departement=f.departement)
    return qs


def _dates(qs: QuerySet, f: PublicFilters, start: str, end: str | None = None) -> QuerySet:
    if f.date_from:
        qs = qs.filter(**{f"{end or start}__gte": f.date_from})
    if f.date_to:
        qs = qs.filter(**{f"{start}__lte": f.date_to})
    return qs


def _section(key: str, title: str, qs: QuerySet, f: PublicFilters) -> Section:
    rows: list[tuple[Any, float | None]] = []
    if f.commune is None:
        rows = [(obj, None) for obj in qs[:LIMIT]]
        total = qs.count() if len(rows) == LIMIT else len(rows)
        return Section(key, title, rows, total)
    lat, lon = f.commune.latitude, f.commune.longitude
    for obj in qs[: LIMIT * 20]:
        km = haversine_km(lat, lon, obj.latitude, obj.longitude)
        if km <= f.distance_km:
            rows.append((obj, round(km, 1)))
    rows.sort(key=lambda r: r[1] or 0)
    return Section(key, title, rows[:LIMIT], len(rows))


def public_listing(f: PublicFilters, *, today: date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    sections = []
    if "offres" in f.kinds:
        qs = JobOffer.objects.filter(status=OfferStatus.PUBLISHED).select_related(
            "rome", "commune", "nursery", "mam"
        )
        if f.qualification:
            qs = qs.filter(required_qualification=f.qualification)
        if f.contract:
            qs = qs.filter(contract_type=f.contract)
        qs = _dates(_near(qs, f), f, "start_date").order_by("-published_at", "pk")
        sections.append(_section("offres", "Offres d'emploi", qs, f))
    if "formations" in f.kinds or "formations-continues" in f.kinds:
        qs = TrainingOffer.objects.filter(start_date__gte=today).select_related("commune")
        if "formations" not in f.kinds:
            qs = qs.filter(kind__in=IN_POST)
        if f.qualification:
            qs = qs.filter(qualification=f.qualification)
        qs = _dates(_near(qs, f), f, "start_date").order_by("start_date", "pk")
        sections.append(_section("formations", "Formations", qs, f))
    if "immersions" in f.kinds:
        qs = ImmersionOffer.objects.filter(is_active=True, end_date__gte=today).select_related(
            "commune", "nursery", "mam"
        )
        qs = _dates(_near(qs, f), f, "start_date", "end_date").order_by("start_date", "pk")
        sections.append(_section("immersions", "Immersions (PMSMP)", qs, f))
    if "evenements" in f.kinds:
        qs = (
            InfoMeeting.objects.filter(starts_at__gte=timezone.now())
            .select_related("commune")
            .prefetch_related("stops__commune")
        )
        tz = timezone.get_current_timezone()
        if f.date_from:
            qs = qs.filter(starts_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
        if f.date_to:
            qs = qs.filter(starts_at__lte=datetime.combine(f.date_to, time.max, tzinfo=tz))
        qs = _near(qs, f).order_by("starts_at", "pk")
        sections.append(_section("evenements", "Réunions d'information et événements", qs, f))
    return sections
