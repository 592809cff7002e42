"""Querysets of providers: visibility, freshness, free places, distance, user scope."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from django.db import models

from maillage.childcare.capacity import free_places
from maillage.childcare.policy import get_policy
from maillage.territory.services.geo import haversine_km

if TYPE_CHECKING:
    from maillage.accounts.models import User

KM_PER_DEGREE_LAT = 111.32
DISTANCE_ERROR = "La distance doit être supérieure à 0 km."


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a square holding the km-radius circle."""
    dlat = km / KM_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = km / (KM_PER_DEGREE_LAT * cos_lat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


class _LocatedQuerySet(models.QuerySet):
    def in_communes(self, communes: Any) -> Any:
        """Rows located in the given communes (a queryset, or communes, or INSEE codes)."""
        return self.filter(commune__in=communes)

    def near(self, lat: float, lon: float, km: float) -> Any:
        """Within `km` (great-circle) of the point: bounding-box prefilter, then haversine."""
        if km is None or km <= 0:
            raise ValueError(DISTANCE_ERROR)
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, km)
        boxed = self.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        ).values_list("pk", "latitude", "longitude")
        ids = [pk for pk, la, lo in boxed if haversine_km(lat, lon, la, lo) <= km]
        return self.filter(pk__in=ids)


class ChildminderQuerySet(_LocatedQuerySet):
    def visible(self, today: dt.date) -> ChildminderQuerySet:
        """Shown to families: agrément still valid, account active, claimed by herself (a
        childminder imported from the register is not offered before she claims it)."""
        from maillage.childcare.enums import StructureStatus

        return (
            self.filter(
                agrement_valid_until__gte=today, user__is_active=True, claimed_at__isnull=False
            )
            .exclude(mam__status__in=[StructureStatus.PENDING, StructureStatus.REFUSED])
            .exclude(register_status="removed")
        )

    def unclaimed(self) -> ChildminderQuerySet:
        """Loaded from a register, not yet claimed: in the supply, not offered."""
        return self.filter(claimed_at__isnull=True)

    def stale(self, now: dt.datetime) -> ChildminderQuerySet:
        """Availability never confirmed, or not for `availability_stale_days`."""
        limit = now - dt.timedelta(days=get_policy().availability_stale_days)
        return self.filter(
            models.Q(availability_updated_at__isnull=True)
            | models.Q(availability_updated_at__lt=limit)
        )

    def fresh(self, now: dt.datetime) -> ChildminderQuerySet:
        limit = now - dt.timedelta(days=get_policy().availability_stale_days)
        return self.filter(availability_updated_at__gte=limit)

    def with_free_place(
        self, on_date: dt.date, *, schedule: str | None = None, child_age_months: int | None = None
    ) -> ChildminderQuerySet:
        """Declared free on `on_date` and a place free at every slot (of `schedule`, if given).

        The declared date (`available_from`, set on "Mes disponibilités") must be reached;
        the occupancy is then computed slot by slot from the children still in care that day.
        """
        from maillage.childcare.models import ChildInCare

        declared = self.filter(available_from__isnull=False, available_from__lte=on_date)
        present = ChildInCare.objects.filter(
            models.Q(leaves_on__isnull=True) | models.Q(leaves_on__gt=on_date)
        ).only("childminder_id", "schedule", "age_months", "leaves_on")
        rows = declared.only("pk", "agrement_capacity", "own_children_under_3").prefetch_related(
            models.Prefetch("children_in_care", queryset=present, to_attr="present_children")
        )
        ids = [
            cm.pk
            for cm in rows
            if free_places(
                cm,
                on_date,
                children=cm.present_children,
                schedule=schedule,
                child_age_months=child_age_months,
            )
            > 0
        ]
        return self.filter(pk__in=ids)

    def for_user(self, user: User) -> ChildminderQuerySet:
        """The childminder row of the signed-in childminder (empty for anybody else)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class NurseryQuerySet(_LocatedQuerySet):
    def offered(self) -> NurseryQuerySet:
        """Offered to families: validated by the territory and claimed by a manager."""
        from maillage.childcare.enums import StructureStatus

        return self.in_results().filter(status=StructureStatus.VALIDATED, claimed_at__isnull=False)

    def in_results(self) -> NurseryQuerySet:
        """Not confirmed as having left the register (a closed crèche)."""
        return self.exclude(register_status="removed")

    def in_supply(self) -> NurseryQuerySet:
        """Counted in the observatory's supply: everything but refused structures and those
        still waiting for validation."""
        from maillage.childcare.enums import StructureStatus

        return self.filter(status=StructureStatus.VALIDATED)

    def managed_by(self, user: User) -> NurseryQuerySet:
        """The nurseries this user manages; a manager never reaches another's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(managers=user)

    def stale(self, now: dt.datetime) -> NurseryQuerySet:
        limit = now - dt.timedelta(days=get_policy().availability_stale_days)
        return self.filter(
            models.Q(availability_updated_at__isnull=True)
            | models.Q(availability_updated_at__lt=limit)
        )


class CommissionQuerySet(models.QuerySet):
    def for_manager(self, user: User) -> CommissionQuerySet:
        """Commissions whose crèches are all managed by this user (admins see every one)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        from maillage.childcare.models import Nursery

        others = Nursery.objects.exclude(managers=user)
        return self.filter(nurseries__managers=user).exclude(nurseries__in=others).distinct()
