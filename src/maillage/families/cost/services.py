"""Cost estimates for the options a family sees, and the household figures she gives.

The resources and family size are stored (`FamilyBudget`) only when the parent asks; otherwise
they live in her session for the visit and are forgotten at sign-out. Without them, each
option shows a range. One query fetches the childminders' prices of a whole list.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe

from maillage.childcare.models import ChildminderRate, Nursery
from maillage.families.cost.estimate import (
    CHILDMINDER,
    NURSERY,
    CareVolume,
    CostEstimate,
    Household,
    Tariff,
    estimate,
)
from maillage.families.models import FamilyBudget

if TYPE_CHECKING:
    from django.http import HttpRequest

    from maillage.accounts.models import User
    from maillage.families.engine_records import ProviderInfo

logger = logging.getLogger(__name__)

SESSION_KEY = "maillage_cost_household"


def household_of(request: HttpRequest) -> Household:
    """The figures the parent gave: stored ones first, then this visit's (session)."""
    user = request.user
    if user.is_authenticated:
        stored = FamilyBudget.objects.filter(user=user).first()
        if stored is not None:
            return Household(stored.monthly_resources, stored.children, stored.aeeh)
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if data:
        return Household(Decimal(data["resources"]), int(data["children"]), bool(data["aeeh"]))
    return Household()


def household_is_stored(user: User) -> bool:
    return user.is_authenticated and FamilyBudget.objects.filter(user=user).exists()


def household_save(
    *,
    request: HttpRequest,
    monthly_resources: Decimal,
    children: int,
    aeeh: bool,
    remember: bool,
) -> Household:
    """Keep the figures for the estimates: in the parent's account if she asks (`remember`),
    otherwise only for this visit (and any stored copy is deleted)."""
    user = request.user
    with transaction.atomic():
        if remember and user.is_authenticated:
            FamilyBudget.objects.update_or_create(
                user=user,
                defaults={
                    "monthly_resources": monthly_resources,
                    "children": children,
                    "aeeh": aeeh,
                },
            )
            request.session.pop(SESSION_KEY, None)
        else:
            if user.is_authenticated:
                FamilyBudget.objects.filter(user=user).delete()
            request.session[SESSION_KEY] = {
                "resources": str(monthly_resources),
                "children": children,
                "aeeh": aeeh,
            }
    # The amounts themselves are never logged.
    logger.info("household_save user=%s stored=%s", getattr(user, "pk", None), remember)
    return Household(monthly_resources, children, aeeh)


def household_forget(*, request: HttpRequest) -> None:
    user = request.user
    with transaction.atomic():
        if user.is_authenticated:
            FamilyBudget.objects.filter(user=user).delete()
        request.session.pop(SESSION_KEY, None)
    logger.info("household_forget user=%s", getattr(user, "pk", None))


def _parsed(key: str) -> tuple[str, int] | None:
    prefix, _, pk = (key or "").partition("-")
    return (prefix, int(pk)) if pk.isdigit() else None


def option_estimates(
    keys: Iterable[str],
    *,
    schedule: str,
    household: Household,
    on: dt.date | None = None,
    infos: Mapping[str, ProviderInfo] | None = None,
) -> dict[str, CostEstimate]:
    """{provider key: estimate} for the options `keys` ("am-12", "creche-3"), for care on
    this weekly `schedule`: two queries whatever the number of options, none when `infos`
    (the providers' index's `info`, which keeps each provider's prices) knows every key."""
    from maillage.families.engine_records import NURSERY_PREFIX

    on = on or timezone.localdate()
    parsed = {key: p for key in keys if (p := _parsed(key))}
    if infos is not None and all(key in infos for key in parsed):
        tariffs = {key: infos[key].tariff for key in parsed}
        psu = {key: infos[key].psu_funded for key in parsed}
    else:
        tariffs, psu = _cost_facts(parsed)
    volume = CareVolume.from_schedule(schedule)
    out: dict[str, CostEstimate] = {}
    for key, (prefix, _pk) in parsed.items():
        if prefix == NURSERY_PREFIX:
            out[key] = estimate(
                kind=NURSERY,
                household=household,
                volume=volume,
                on=on,
                psu_funded=psu.get(key, True),
            )
        else:
            out[key] = estimate(
                kind=CHILDMINDER,
                household=household,
                volume=volume,
                on=on,
                tariff=tariffs.get(key),
            )
    return out


def _cost_facts(
    parsed: Mapping[str, tuple[str, int]],
) -> tuple[dict[str, Tariff | None], dict[str, bool]]:
    """({key: childminder's prices}, {key: PSU-funded}) read from the database."""
    from maillage.families.engine_records import CHILDMINDER_PREFIX, NURSERY_PREFIX

    cm_keys = {pk: key for key, (prefix, pk) in parsed.items() if prefix == CHILDMINDER_PREFIX}
    nursery_keys = {pk: key for key, (prefix, pk) in parsed.items() if prefix == NURSERY_PREFIX}
    tariffs: dict[str, Tariff | None] = {
        cm_keys[rate.childminder_id]: Tariff(
            rate.hourly_wage, rate.maintenance_per_day, rate.meal_per_day
        )
        for rate in ChildminderRate.objects.filter(childminder_id__in=list(cm_keys))
    }
    psu = {
        nursery_keys[pk]: funded
        for pk, funded in Nursery.objects.filter(pk__in=list(nursery_keys)).values_list(
            "pk", "psu_funded"
        )
    }
    return tariffs, psu


def cost_context(
    request: HttpRequest,
    keys: Iterable[str],
    *,
    schedule: str,
    on: dt.date | None = None,
    infos: Mapping[str, ProviderInfo] | None = None,
) -> dict[str, Any]:
    """What a results page needs to show the cost of each option (`public_cards.cost_html`)
    and the household form (`cost_household.html`); `infos` (the options' index entries)
    spare the queries of the prices."""
    from maillage.families.cost.forms import HouseholdForm

    household = household_of(request)
    initial: dict[str, Any] = {}
    if household.known:
        initial = {
            "monthly_resources": household.monthly_resources,
            "children": household.children,
            "aeeh": household.aeeh,
            "remember": household_is_stored(request.user),
        }
    signed_in = bool(getattr(request.user, "is_authenticated", False))
    return {
        "cost_estimates": option_estimates(
            keys, schedule=schedule, household=household, on=on, infos=infos
        ),
        "cost_household": household,
        "cost_fields": _household_fields(
            lambda: HouseholdForm(initial=initial), signed_in=signed_in, empty=not household.known
        ),
        "cost_next": request.get_full_path(),
    }


# The household form without resources is the same for every family: its DSFR fields
# (Django's field templates, ~2 ms) are rendered once per process.
_EMPTY_HOUSEHOLD_FIELDS: dict[bool, str] = {}
HOUSEHOLD_FIELDS = ("monthly_resources", "children", "aeeh")


def _household_fields(make_form: Callable[[], Any], *, signed_in: bool, empty: bool) -> str:
    """The fields' HTML; the form is built only when they are not already kept."""
    if empty and signed_in in _EMPTY_HOUSEHOLD_FIELDS:
        return _EMPTY_HOUSEHOLD_FIELDS[signed_in]
    form = make_form()
    names = (*HOUSEHOLD_FIELDS, "remember") if signed_in else HOUSEHOLD_FIELDS
    html = mark_safe("\n".join(str(form[name].as_field_group()) for name in names))  # noqa: S308 - Django's field rendering
    if empty:
        _EMPTY_HOUSEHOLD_FIELDS[signed_in] = html
    return html
