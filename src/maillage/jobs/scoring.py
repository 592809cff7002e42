"""Candidate ↔ opportunity ranking with French reasons: pure functions over plain data.

An opportunity is a job offer, a training, an immersion or a substitute request. The score
is out of 100: distance (40), qualification (30), hours (20), start date (10), with a bonus
for a desired job. Hard limits (too far, diploma missing for a job) make it ineligible but
the reasons still explain why, so that a counsellor can suggest a training.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from maillage.jobs.enums import QUALIFICATION_LEVEL, Qualification

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def km_fr(km: float) -> str:
    return f"{km:.1f}".replace(".", ",") + " km"


def date_fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class CandidateFacts:
    latitude: float
    longitude: float
    max_distance_km: float
    qualifications: frozenset[str] = frozenset()
    availability: str | None = None
    available_from: date | None = None
    desired_rome_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OpportunityFacts:
    kind: str  # "job", "training", "immersion", "substitute"
    latitude: float
    longitude: float
    start_date: date | None = None
    required_qualification: str | None = None
    schedule: str | None = None
    hours_per_week: float | None = None
    rome_code: str | None = None
    # A training reserved to holders of a qualification (VAE CAP AEPE → AP, continuing).
    prerequisite: str | None = None
    key: object = None


@dataclass(frozen=True)
class Reason:
    text: str
    positive: bool


@dataclass(frozen=True)
class Match:
    key: object
    score: float
    eligible: bool
    distance_km: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]


def holds(qualifications: Iterable[str], required: str | None) -> bool:
    """She holds the required qualification or one of a higher crèche level."""
    if not required or required == Qualification.NONE:
        return True
    held = set(qualifications)
    if required in held:
        return True
    if required == Qualification.AGREMENT_AM:
        return False
    level = QUALIFICATION_LEVEL.get(required, 0)
    return any(
        QUALIFICATION_LEVEL.get(q, 0) >= level and q != Qualification.AGREMENT_AM for q in held
    )


def schedule_overlap(availability: str, schedule: str) -> float:
    """Share of the opportunity's half-hours that the candidate can work (0..1)."""
    wanted = schedule.count("1")
    if not wanted:
        return 1.0
    both = sum(1 for a, b in zip(availability, schedule, strict=False) if a == "1" and b == "1")
    return both / wanted


def score(candidate: CandidateFacts, opp: OpportunityFacts, *, today: date) -> Match:
    reasons: list[Reason] = []
    eligible = True
    total = 0.0

    km = haversine_km(candidate.latitude, candidate.longitude, opp.latitude, opp.longitude)
    if km <= candidate.max_distance_km:
        total += 40 * (1 - km / max(candidate.max_distance_km, 1e-9))
        reasons.append(
            Reason(f"À {km_fr(km)} (distance maximale : {candidate.max_distance_km:g} km)", True)
        )
    else:
        eligible = False
        reasons.append(
            Reason(
                f"À {km_fr(km)}, au-delà de la distance maximale de "
                f"{candidate.max_distance_km:g} km",
                False,
            )
        )

    required = opp.required_qualification
    if (
        opp.kind == "training"
        and opp.prerequisite
        and not holds(candidate.qualifications, opp.prerequisite)
    ):
        eligible = False
        reasons.append(
            Reason(
                f"Réservée aux titulaires du diplôme : {Qualification(opp.prerequisite).label}",
                False,
            )
        )
    elif opp.kind == "training":
        if required and required in candidate.qualifications:
            total += 5
            reasons.append(Reason(f"Diplôme déjà obtenu : {Qualification(required).label}", False))
        else:
            total += 30
            label = Qualification(required).label if required else "certification"
            reasons.append(Reason(f"Prépare au diplôme : {label}", True))
    elif required and required != Qualification.NONE:
        label = Qualification(required).label
        if holds(candidate.qualifications, required):
            total += 30
            reasons.append(Reason(f"Diplôme demandé détenu : {label}", True))
        elif opp.kind == "immersion":
            total += 15
            reasons.append(Reason(f"Immersion possible sans le diplôme : {label}", True))
        else:
            eligible = False
            reasons.append(
                Reason(f"Diplôme demandé non détenu : {label} (une formation y mène)", False)
            )
    else:
        total += 30
        reasons.append(Reason("Aucun diplôme exigé", True))

    if candidate.availability and opp.schedule and "1" in opp.schedule:
        share = schedule_overlap(candidate.availability, opp.schedule)
        total += 20 * share
        percent = round(share * 100)
        if share >= 0.999:
            reasons.append(Reason("Horaires entièrement compatibles", True))
        elif share >= 0.5:
            reasons.append(Reason(f"Horaires compatibles à {percent} %", True))
        else:
            reasons.append(Reason(f"Horaires peu compatibles ({percent} %)", False))
            if opp.kind == "substitute":
                eligible = False
    elif candidate.availability and opp.hours_per_week:
        free_hours = candidate.availability.count("1") / 2
        if free_hours >= opp.hours_per_week:
            total += 20
            reasons.append(
                Reason(f"{opp.hours_per_week:g} h par semaine, dans vos disponibilités", True)
            )
        else:
            total += 20 * free_hours / opp.hours_per_week
            reasons.append(
                Reason(
                    f"{opp.hours_per_week:g} h par semaine demandées, {free_hours:g} h disponibles",
                    False,
                )
            )

    if opp.start_date:
        ready = candidate.available_from or today
        if ready <= opp.start_date:
            total += 10
            reasons.append(Reason(f"Disponible pour un début le {date_fr(opp.start_date)}", True))
        else:
            late = (ready - opp.start_date).days
            total += max(0.0, 10 - late / 7)
            reasons.append(
                Reason(
                    f"Début le {date_fr(opp.start_date)}, avant votre disponibilité "
                    f"({date_fr(ready)})",
                    False,
                )
            )

    if opp.rome_code and opp.rome_code in candidate.desired_rome_codes:
        total += 10
        reasons.append(Reason("Correspond à un métier recherché", True))

    return Match(
        key=opp.key,
        score=round(total, 2),
        eligible=eligible,
        distance_km=round(km, 2),
        reasons=tuple(reasons),
    )


def rank(
    candidate: CandidateFacts, opportunities: Iterable[OpportunityFacts], *, today: date
) -> list[Match]:
    """Eligible first, then by score, then nearest."""
    matches = [score(candidate, opp, today=today) for opp in opportunities]
    return sorted(matches, key=lambda m: (not m.eligible, -m.score, m.distance_km))
