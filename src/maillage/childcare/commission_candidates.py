"""Who is a candidate of a commission d'attribution, and how a proposal is explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max, Q

from maillage.childcare.querysets import bounding_box
from maillage.territory.services.geo import haversine_km

if TYPE_CHECKING:
    from maillage.childcare.models import CommissionProposal, Nursery
    from maillage.families.models import Need


@dataclass
class Candidate:
    """An open need that fits at least one selected crèche (distance, section, hours)."""

    need: Need
    age_months: int
    # (distance km, nursery pk, fitting section pks) for each crèche it fits, nearest first.
    fits: list[tuple[float, int, list[int]]] = field(default_factory=list)


def _within(need_bits: str, opening_bits: str) -> bool:
    return bool(need_bits) and (int(need_bits, 2) & ~int(opening_bits or "0", 2)) == 0


def commission_candidates(nurseries: list[Nursery]) -> list[Candidate]:
    """Open needs (consent given) accepting crèches, within their own maximum distance of a
    selected crèche that has a section for the child's age and opens at all its hours."""
    from maillage.families.engine_adapter import age_in_months
    from maillage.families.models import Need

    if not nurseries:
        return []
    needs = Need.objects.open().filter(accepts_nursery=True, consent_given_at__isnull=False)
    reach = float(needs.aggregate(m=Max("max_distance_km"))["m"] or 0)
    boxes = Q()
    for nursery in nurseries:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            nursery.latitude, nursery.longitude, reach
        )
        boxes |= Q(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
    out: list[Candidate] = []
    for need in needs.filter(boxes).select_related("commune").order_by("created_at", "pk"):
        age = age_in_months(need.child_birth_date, need.start_date)
        candidate = Candidate(need=need, age_months=age)
        for nursery in nurseries:
            km = haversine_km(need.latitude, need.longitude, nursery.latitude, nursery.longitude)
            groups = [
                g.pk for g in nursery.age_groups.all() if g.min_age_months <= age < g.max_age_months
            ]
            fits = km <= float(need.max_distance_km) and groups
            if fits and _within(need.schedule, nursery.opening_hours):
                candidate.fits.append((km, nursery.pk, groups))
        if candidate.fits:
            candidate.fits.sort()
            out.append(candidate)
    return out


def points_explained(proposal: CommissionProposal) -> str:
    """« Parent demandeur d'emploi 30 + Famille monoparentale 20 = 50 points »."""
    from maillage.childcare.cotation import ordered_breakdown

    parts = [f"{label} {points}" for label, points in ordered_breakdown(proposal.points_breakdown)]
    if not parts:
        return "Aucun critère de priorité : 0 point"
    return " + ".join(parts) + f" = {proposal.priority_points} points"


def age_label(months: int) -> str:
    if months < 24:
        return f"{months} mois"
    years, rest = divmod(months, 12)
    return f"{years} ans" + (f" {rest} mois" if rest else "")
