"""Services of the childcare domain (typed, keyword-only, atomic, logged)."""

from maillage.childcare.services.childminder import (
    childminder_availability_update,
    childminder_profile_save,
    declared_places,
)
from maillage.childcare.services.commission import (
    commission_adjust,
    commission_compute,
    commission_reorder,
    commission_run,
    commission_validate,
)
from maillage.childcare.services.nursery import nursery_places_update
from maillage.childcare.services.reminders import availability_reminders_send

__all__ = [
    "availability_reminders_send",
    "childminder_availability_update",
    "childminder_profile_save",
    "commission_adjust",
    "commission_compute",
    "commission_reorder",
    "commission_run",
    "commission_validate",
    "declared_places",
    "nursery_places_update",
]
