"""Keep the results page's provider index fresh: any saved or deleted childminder, child in
care, crèche or section bumps its département's stamp once the transaction commits.

(Bulk writes and `QuerySet.update()` send no signal: the index also expires after
`engine_records.INDEX_TTL_SECONDS`, and the confirmation always recounts from the database.)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from maillage.childcare.models import ChildInCare, Childminder, Nursery, NurseryAgeGroup


def _departement_of(instance: Any) -> str:
    owner = instance
    if isinstance(instance, ChildInCare):
        owner = instance.childminder
    elif isinstance(instance, NurseryAgeGroup):
        owner = instance.nursery
    commune = getattr(owner, "commune", None)
    return getattr(commune, "departement_id", "") or ""


def provider_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    try:
        code = _departement_of(instance)
    except Exception:  # noqa: BLE001 - a parent row already deleted: the TTL covers it
        return
    if code:
        from maillage.families.engine_records import bump_index

        transaction.on_commit(lambda: bump_index({code}))


def connect() -> None:
    for model in (Childminder, ChildInCare, Nursery, NurseryAgeGroup):
        uid = f"families-index-{model.__name__}"
        post_save.connect(provider_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(provider_changed, sender=model, dispatch_uid=uid + "-delete")
