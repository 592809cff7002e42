"""Plain facts for jobs.scoring, built from models (the only place that knows both)."""

from __future__ import annotations

from maillage.core.schedule import EMPTY_WEEK, SLOTS_PER_DAY
from maillage.jobs.models import (
    CandidateProfile,
    ImmersionOffer,
    JobOffer,
    SubstituteRequest,
    TrainingOffer,
)
from maillage.jobs.scoring import CandidateFacts, OpportunityFacts


def candidate_facts(profile: CandidateProfile) -> CandidateFacts:
    return CandidateFacts(
        latitude=profile.latitude,
        longitude=profile.longitude,
        max_distance_km=profile.max_distance_km,
        qualifications=frozenset(profile.qualifications),
        availability=profile.availability,
        available_from=profile.available_from,
        desired_rome_codes=frozenset(j.code for j in profile.desired_jobs.all()),
    )


def job_offer_facts(offer: JobOffer) -> OpportunityFacts:
    return OpportunityFacts(
        kind="job",
        latitude=offer.latitude,
        longitude=offer.longitude,
        start_date=offer.start_date,
        required_qualification=offer.required_qualification,
        schedule=offer.schedule if "1" in offer.schedule else None,
        hours_per_week=offer.hours_per_week,
        rome_code=offer.rome.code,
        key=offer,
    )


def training_facts(training: TrainingOffer) -> OpportunityFacts:
    return OpportunityFacts(
        kind="training",
        latitude=training.latitude,
        longitude=training.longitude,
        start_date=training.start_date,
        required_qualification=training.qualification,
        hours_per_week=training.hours_per_week,
        prerequisite=training.prerequisite_qualification or None,
        key=training,
    )


def immersion_facts(immersion: ImmersionOffer) -> OpportunityFacts:
    return OpportunityFacts(
        kind="immersion",
        latitude=immersion.latitude,
        longitude=immersion.longitude,
        start_date=immersion.start_date,
        required_qualification=None,
        key=immersion,
    )


def substitute_week(request: SubstituteRequest) -> str:
    """The weekly slots the request covers (its weekdays at its daily hours)."""
    bits = list(EMPTY_WEEK)
    for day in {d.weekday() for d in request.dates()}:
        for slot in range(request.start_slot, request.end_slot):
            bits[day * SLOTS_PER_DAY + slot] = "1"
    return "".join(bits)


def substitute_facts(request: SubstituteRequest, qualification: str | None) -> OpportunityFacts:
    nursery = request.nursery
    return OpportunityFacts(
        kind="substitute",
        latitude=nursery.latitude,
        longitude=nursery.longitude,
        start_date=request.start_date,
        required_qualification=qualification,
        schedule=substitute_week(request),
        key=request,
    )
