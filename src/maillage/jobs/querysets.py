"""User-scoped querysets and the path statistics a counsellor sees."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from maillage.accounts.enums import Role
from maillage.jobs.enums import PathStatus
from maillage.jobs.models import (
    Application,
    CandidatePath,
    CandidateProfile,
    ImmersionOffer,
    InfoMeeting,
    JobOffer,
    SubstituteRequest,
)


def candidates_for(user: Any) -> QuerySet[CandidateProfile]:
    qs = CandidateProfile.objects.select_related("user", "commune")
    if user.role == Role.ADMIN:
        return qs
    if user.role == Role.COUNSELLOR:
        territory = Q(counsellor=user)
        deps = list(user.territory_departements.values_list("code", flat=True))
        communes = list(user.territory_communes.values_list("code", flat=True))
        if deps:
            territory |= Q(commune__departement_id__in=deps)
        if communes:
            territory |= Q(commune_id__in=communes)
        return qs.filter(territory)
    return qs.filter(user=user)


def paths_for(user: Any) -> QuerySet[CandidatePath]:
    return CandidatePath.objects.filter(candidate__in=candidates_for(user)).select_related(
        "template", "training", "candidate__user"
    )


def substitute_requests_for(user: Any) -> QuerySet[SubstituteRequest]:
    qs = SubstituteRequest.objects.select_related("nursery", "nursery__commune", "age_group")
    if user.role == Role.ADMIN:
        return qs
    return qs.filter(nursery__managers=user)


def job_offers_for(user: Any) -> QuerySet[JobOffer]:
    qs = JobOffer.objects.select_related("rome", "nursery", "mam", "commune")
    if user.role == Role.ADMIN:
        return qs
    return qs.filter(Q(nursery__managers=user) | Q(mam__childminders__user=user)).distinct()


def immersion_offers_for(user: Any) -> QuerySet[ImmersionOffer]:
    qs = ImmersionOffer.objects.select_related("nursery", "mam", "commune")
    if user.role == Role.ADMIN:
        return qs
    return qs.filter(Q(nursery__managers=user) | Q(mam__childminders__user=user)).distinct()


def drop_out_rates(paths: QuerySet[CandidatePath], by: str) -> list[dict[str, Any]]:
    """Started, active, completed, dropped and two drop-out rates, per template or training.

    - ``drop_out_rate_finished`` = abandons / (parcours terminés + abandonnés): the active
      paths are left out of the denominator (they may still end either way). Shown first.
    - ``drop_out_rate`` = abandons / parcours commencés (active ones included): lower while
      many paths are still running.
    ``by`` is "template" or "training".
    """
    key = {
        "template": ("template_id", "template__name"),
        "training": ("training_id", "training__title"),
    }[by]
    rows = (
        paths.exclude(**{f"{key[0]}__isnull": True})
        .values(*key)
        .annotate(
            started=Count("id"),
            active=Count("id", filter=Q(status=PathStatus.ACTIVE)),
            completed=Count("id", filter=Q(status=PathStatus.COMPLETED)),
            dropped=Count("id", filter=Q(status=PathStatus.DROPPED_OUT)),
        )
        .order_by(key[1])
    )
    out = []
    for row in rows:
        out.append(
            {
                "id": row[key[0]],
                "name": row[key[1]],
                "started": row["started"],
                "active": row["active"],
                "completed": row["completed"],
                "dropped": row["dropped"],
                "finished": row["completed"] + row["dropped"],
                # "—" (None) until someone finishes or drops out: 0 % would claim a success.
                "drop_out_rate": round(100 * row["dropped"] / row["started"], 1)
                if row["completed"] + row["dropped"]
                else None,
                "drop_out_rate_finished": (
                    round(100 * row["dropped"] / (row["completed"] + row["dropped"]), 1)
                    if row["completed"] + row["dropped"]
                    else None
                ),
            }
        )
    return out


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key reading numbers as numbers: « Candidate 2 » before « Candidate 10 »."""
    parts = re.split(r"(\d+)", (text or "").casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def sorted_candidates(candidates: Iterable[CandidateProfile]) -> list[CandidateProfile]:
    """By last name, first name, then display name, numbers compared numerically."""
    return sorted(
        candidates,
        key=lambda c: (
            natural_key(c.user.last_name),
            natural_key(c.user.first_name),
            natural_key(c.user.display_name),
            c.pk,
        ),
    )


def applications_for_employer(user: Any) -> QuerySet[Application]:
    """Applications to the offers and immersions she publishes, the trainings she created."""
    qs = Application.objects.select_related(
        "candidate__user", "candidate__commune", "job_offer", "immersion", "training"
    )
    if user.role == Role.ADMIN:
        return qs
    offers = job_offers_for(user).values("pk")
    immersions = immersion_offers_for(user).values("pk")
    return qs.filter(
        Q(job_offer__in=offers) | Q(immersion__in=immersions) | Q(training__created_by=user)
    )


def applications_followed(user: Any) -> QuerySet[Application]:
    """A counsellor follows the applications of the candidates she follows."""
    return Application.objects.filter(candidate__in=candidates_for(user)).select_related(
        "candidate__user", "job_offer", "immersion", "training"
    )


def meetings_for(user: Any) -> QuerySet[InfoMeeting]:
    """The events an organiser runs: hers, and those of her départements (admin: all)."""
    qs = InfoMeeting.objects.select_related("commune", "path_template").order_by("starts_at")
    if user.role == Role.ADMIN:
        return qs
    deps = list(user.territory_departements.values_list("code", flat=True))
    return qs.filter(Q(created_by=user) | Q(commune__departement_id__in=deps))


def _offered_by_default(template: Any, departement_code: str, region_code: str | None) -> bool:
    if template.departement_id is not None:
        return bool(template.departement_id == departement_code)
    return not template.origin_regions or region_code in template.origin_regions


def paths_offered_in(departement_code: str | None) -> QuerySet[Any]:
    """The active paths offered in a département: those of its région of origin (or of no
    région), its own adapted paths, and those its territory enabled, less those it disabled.
    Without a département (unknown commune): the paths that exist everywhere."""
    from maillage.jobs.models import PathTemplate, PathTerritorySetting
    from maillage.territory.models import Departement

    active = PathTemplate.objects.filter(is_active=True)
    if not departement_code:
        everywhere = [
            t.pk
            for t in active.filter(departement__isnull=True).only("pk", "origin_regions")
            if not t.origin_regions
        ]
        return active.filter(pk__in=everywhere)
    region_code = (
        Departement.objects.filter(code=departement_code)
        .values_list("region_id", flat=True)
        .first()
    )
    choices = dict(
        PathTerritorySetting.objects.filter(departement_id=departement_code).values_list(
            "template_id", "enabled"
        )
    )
    offered = [
        t.pk
        for t in active.only("pk", "departement_id", "origin_regions")
        if choices.get(t.pk, _offered_by_default(t, departement_code, region_code))
    ]
    return active.filter(pk__in=offered)


def path_offered_in(template: Any, departement_code: str | None) -> bool:
    return paths_offered_in(departement_code).filter(pk=template.pk).exists()
