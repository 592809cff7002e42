"""Candidate profile: create or update, with the consent to the substitute pool timestamped."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.jobs.enums import Qualification
from maillage.jobs.errors import JobsError
from maillage.jobs.models import CandidateProfile, RomeJob

logger = logging.getLogger(__name__)


def candidate_profile_save(
    *,
    user: Any,
    commune: Any,
    qualifications: Iterable[str] = (),
    desired_rome_codes: Iterable[str] = (),
    substitute_pool_consent: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
    **fields: Any,
) -> CandidateProfile:
    qualifications = [q for q in dict.fromkeys(qualifications) if q != Qualification.NONE]
    unknown = [q for q in qualifications if q not in Qualification.values]
    if unknown:
        raise JobsError(f"Diplôme inconnu : « {unknown[0]} ».")
    codes = list(dict.fromkeys(c.strip().upper() for c in desired_rome_codes))
    jobs = list(RomeJob.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {j.code for j in jobs})
    if missing:
        raise JobsError(f"Code ROME inconnu : « {missing[0]} ».")
    with transaction.atomic():
        profile = CandidateProfile.objects.filter(user=user).first() or CandidateProfile(user=user)
        was_consenting = bool(profile.pk and profile.substitute_pool_consent)
        profile.commune = commune
        profile.latitude = latitude if latitude is not None else commune.latitude
        profile.longitude = longitude if longitude is not None else commune.longitude
        profile.qualifications = qualifications
        profile.substitute_pool_consent = substitute_pool_consent
        if substitute_pool_consent and not was_consenting:
            profile.substitute_pool_consent_at = timezone.now()
        if not substitute_pool_consent:
            profile.substitute_pool_consent_at = None
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user", "commune"])
        profile.save()
        profile.desired_jobs.set(jobs)
    logger.info("candidate profile %s saved", profile.pk)
    return profile


def reservist_join(*, user: Any, commune: Any, **profile: Any) -> CandidateProfile:
    """A parent joins the substitute pool (« parent réserviste »): she keeps her parent
    profile and gains a candidate profile, consenting to the pool."""
    from maillage.accounts.services import user_role_add

    with transaction.atomic():
        user_role_add(user=user, role="candidate")
        profile = candidate_profile_save(
            user=user, commune=commune, **{**profile, "substitute_pool_consent": True}
        )
    logger.info("user %s joined the substitute pool as a parent reservist", user.pk)
    return profile
