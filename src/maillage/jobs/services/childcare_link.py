"""The two locks together: a candidate who needs care for her own child sees her care options
next to her job options, and for each job offer whether a care option covers its hours.

Care options come from ``maillage.families.engine_adapter`` (``need_options(need)`` when it
exists, else ``options_for_need(need)``): they are the providers with a free place for the
need's child, schedule and place. For a job offer, an option "covers the job's hours" when the
provider is open on every half-hour of the job's weekly schedule widened by
``COMMUTE_MARGIN_SLOTS`` on each side (time to drop the child and reach work). This is an
approximation: the free place itself was checked by the engine on the need's hours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from maillage.core.schedule import DAY_NAMES_FR, SLOTS_PER_DAY, SLOTS_PER_WEEK
from maillage.jobs.errors import JobsError
from maillage.jobs.models import CandidateProfile, JobOffer

logger = logging.getLogger(__name__)

# Half-hours before and after the job's hours during which the child must be cared for.
COMMUTE_MARGIN_SLOTS = 1
MAX_OPTIONS = 5


@dataclass(frozen=True)
class CareOption:
    label: str
    kind_label: str
    commune_name: str
    distance_km: float
    explanation: str
    opening: str  # 336 bits ('' when unknown)


@dataclass(frozen=True)
class JobCareFit:
    covered: bool | None  # None: the offer does not give its hours
    text: str


@dataclass
class ChildcareBlock:
    need: Any = None
    status_label: str = ""
    options: list[CareOption] = field(default_factory=list)
    message: str = ""
    create_url: str = ""
    fits: dict[int, JobCareFit] = field(default_factory=dict)


def need_create_url() -> str:
    """The families' page to declare a need (the first of these URL names that exists)."""
    for name in ("families:need_create", "families:need_new", "families:need_list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def _options_function() -> Any:
    from maillage.families import engine_adapter

    return getattr(engine_adapter, "need_options", None) or getattr(
        engine_adapter, "options_for_need", None
    )


def _openings(keys: Iterable[str]) -> dict[str, str]:
    from maillage.childcare.models import Childminder, Nursery

    ids: dict[str, list[int]] = {"am": [], "creche": []}
    for key in keys:
        prefix, _, pk = key.partition("-")
        if prefix in ids and pk.isdigit():
            ids[prefix].append(int(pk))
    out = {
        f"am-{pk}": bits
        for pk, bits in Childminder.objects.filter(pk__in=ids["am"]).values_list(
            "pk", "working_hours"
        )
    }
    out.update(
        {
            f"creche-{pk}": bits
            for pk, bits in Nursery.objects.filter(pk__in=ids["creche"]).values_list(
                "pk", "opening_hours"
            )
        }
    )
    return out


def need_care_options(need: Any) -> tuple[list[CareOption], str]:
    """(options, message): the message explains why there are none, or is empty."""
    function = _options_function()
    if function is None:
        return [], "Le calcul des options d'accueil n'est pas encore disponible."
    try:
        result = function(need)
    except Exception:  # another app's engine: never break the candidate's page
        logger.exception("care options failed for need %s", getattr(need, "pk", None))
        return [], "Les options d'accueil ne peuvent pas être calculées pour le moment."
    raw = list(getattr(result, "options", result) or [])[:MAX_OPTIONS]
    keys = [str(getattr(o, "key", "")) for o in raw]
    openings = _openings(keys)
    options = []
    for option, key in zip(raw, keys, strict=True):
        info = getattr(option, "info", None)
        options.append(
            CareOption(
                label=str(getattr(info, "label", key)),
                kind_label=str(getattr(info, "kind_label", "")),
                commune_name=str(getattr(info, "commune_name", "")),
                distance_km=float(getattr(option, "distance_km", 0.0)),
                explanation=str(getattr(option, "explanation_fr", "")),
                opening=openings.get(key, ""),
            )
        )
    if not options:
        reasons = [str(r) for r in getattr(result, "reasons_fr", ())]
        return [], " ".join(reasons) or "Aucun mode d'accueil disponible trouvé pour ce besoin."
    return options, ""


def _widened(bits: str, margin: int) -> set[int]:
    slots = {i for i, b in enumerate(bits) if b == "1"}
    return {(i + d) % SLOTS_PER_WEEK for i in slots for d in range(-margin, margin + 1)}


def _slot_fr(slot: int) -> str:
    day, rest = divmod(slot, SLOTS_PER_DAY)
    return f"{DAY_NAMES_FR[day]} {rest // 2:02d}:{(rest % 2) * 30:02d}"


def job_care_fit(offer: JobOffer, options: list[CareOption]) -> JobCareFit:
    if "1" not in (offer.schedule or ""):
        return JobCareFit(None, "Horaires de l'offre non précisés : à vérifier avec l'employeur.")
    if not options:
        return JobCareFit(False, "Aucun mode d'accueil trouvé pour le moment près de chez vous.")
    wanted = _widened(offer.schedule, COMMUTE_MARGIN_SLOTS)
    for option in options:
        if option.opening and all(option.opening[i] == "1" for i in wanted):
            return JobCareFit(
                True,
                f"Accueil possible sur ces horaires : {option.label} ({option.commune_name}).",
            )
    known = [o for o in options if o.opening]
    first_gap = min(
        (min(i for i in wanted if o.opening[i] != "1") for o in known), default=min(wanted)
    )
    return JobCareFit(
        False,
        "Aucun des modes d'accueil trouvés n'ouvre sur tous ces horaires "
        f"(par exemple le {_slot_fr(first_gap)}) : parlez-en à votre conseiller(ère).",
    )


def candidate_childcare(profile: CandidateProfile, offers: Iterable[JobOffer]) -> ChildcareBlock:
    """The care block of the candidate's offers page (only when she needs childcare)."""
    block = ChildcareBlock(create_url=need_create_url())
    need = profile.childcare_need or own_latest_need(profile)
    if need is None:
        return block
    block.need = need
    block.status_label = need.get_status_display()
    if need.status in ("open", "matched"):
        block.options, block.message = need_care_options(need)
    else:
        block.message = (
            f"Votre besoin d'accueil est « {block.status_label.lower()} » : les options "
            "apparaîtront quand il sera en recherche."
        )
    block.fits = {offer.pk: job_care_fit(offer, block.options) for offer in offers}
    return block


def own_latest_need(profile: CandidateProfile) -> Any:
    """The latest need the candidate declared herself, when none was linked by a counsellor."""
    from maillage.families.models import Need

    return (
        Need.objects.filter(parent_id=profile.user_id)
        .exclude(status__in=("cancelled", "closed"))
        .order_by("-created_at", "-pk")
        .first()
    )


def candidate_childcare_need_link(*, profile: CandidateProfile, need: Any) -> CandidateProfile:
    """A counsellor links the care need she recorded for the candidate to her profile."""
    if need.parent_id not in (None, profile.user_id) or (
        need.parent_id is None and need.family_email.lower() != profile.user.email.lower()
    ):
        raise JobsError("Ce besoin d'accueil ne concerne pas cette personne.")
    with transaction.atomic():
        profile.childcare_need = need
        profile.needs_childcare = True
        profile.save(update_fields=["childcare_need", "needs_childcare", "updated_at"])
    logger.info("candidate %s linked to need %s", profile.pk, need.pk)
    return profile
