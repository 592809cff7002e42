"""Background tasks of the families app (django.tasks backport)."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_territory_allocation(allocation_id: int) -> int:
    """Run the engine for a counsellor's territory; returns the number of proposals."""
    from maillage.families.allocation import territory_allocation_compute

    return len(territory_allocation_compute(allocation_id=allocation_id).proposals)


@task()
def send_territory_allocation(allocation_id: int) -> int:
    """Send the confirmed proposals; returns how many went out."""
    from maillage.families.allocation import territory_allocation_send_offers

    return territory_allocation_send_offers(allocation_id=allocation_id).offers_sent


@task()
def release_expired_place_holds() -> int:
    """Places held for a visit past their expiry are released (both sides told by e-mail);
    returns how many. They already stopped counting in capacity checks at their expiry."""
    from maillage.families.contact_services import place_holds_release_expired

    return place_holds_release_expired()


@task()
def check_place_alerts(departements: list[str]) -> int:
    """A provider changed her availability: alerts of these départements whose need now has a
    new fitting place get their one e-mail; returns how many."""
    from maillage.families.alerts import place_alerts_check

    return place_alerts_check(departements=departements)
