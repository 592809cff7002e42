"""A crèche or a MAM declares itself: its manager's account and the structure, pending until
a territory administrator of its département validates (or refuses, with a reason)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.accounts.services import email_is_taken, normalize_email, user_send_verification
from maillage.childcare.enums import AgeGroupKind, StructureStatus
from maillage.childcare.models import Childminder, Mam, Nursery, NurseryAgeGroup
from maillage.childcare.siret import normalize_siret, siret_error
from maillage.core.schedule import EMPTY_WEEK
from maillage.onboarding.perms import can_review_structure
from maillage.onboarding.services.mail import absolute_url, send_on_commit

logger = logging.getLogger(__name__)

MAM_KIND = "mam"
# Usual age bounds of each section (months); the manager adjusts them on "Mes crèches".
SECTION_AGES: dict[str, tuple[int, int]] = {
    AgeGroupKind.BABIES: (2, 18),
    AgeGroupKind.MIDDLE: (18, 30),
    AgeGroupKind.OLDER: (30, 48),
    AgeGroupKind.MIXED: (2, 48),
}
SIRET_TAKEN_MESSAGE = (
    "Une structure est déjà inscrite avec ce SIRET : demandez à sa direction de vous inviter, "
    "ou écrivez à votre administrateur de territoire (Caf, PMI)."
)


def _structure_errors(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    message = siret_error(data.get("siret", ""))
    siret = normalize_siret(data.get("siret", ""))
    if message:
        errors["siret"] = message
    elif Nursery.objects.filter(siret=siret).exists() or Mam.objects.filter(siret=siret).exists():
        errors["siret"] = SIRET_TAKEN_MESSAGE
    if data.get("kind") == MAM_KIND:
        # A MAM's places are its childminders' own agréments, declared by each of them.
        return errors
    if data.get("opening_hours", EMPTY_WEEK) == EMPTY_WEEK:
        errors["opening_hours"] = "Indiquez au moins une plage d'ouverture dans la semaine."
    sections = {k: n for k, n in (data.get("sections") or {}).items() if n}
    if not sections:
        errors["sections"] = "Indiquez les places d'au moins une section."
    elif AgeGroupKind.MIXED in sections and len(sections) > 1:
        errors["sections"] = (
            "Une section mixte accueille tous les âges : ne la combinez pas avec d'autres "
            "sections (ajustez les âges plus tard sur « Mes crèches »)."
        )
    return errors


def _territory_admins(departement_code: str) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            role=Role.TERRITORY_ADMIN,
            territory_departements__code=departement_code,
        ).values_list("email", flat=True)
    )


def _create_structure(structure: dict[str, Any], user: User, now: dt.datetime) -> Nursery | Mam:
    commune = structure["commune"]
    common = {
        "name": structure["name"].strip(),
        "siret": normalize_siret(structure["siret"]),
        "address": structure.get("address", "").strip(),
        "commune": commune,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "status": StructureStatus.PENDING,
    }
    if structure["kind"] == MAM_KIND:
        mam = Mam.objects.create(**common)
        mam.managers.add(user)
        Childminder.objects.filter(user=user, mam__isnull=True).update(mam=mam)
        return mam
    nursery = Nursery.objects.create(
        **common,
        kind=structure["kind"],
        opening_hours=structure["opening_hours"],
        # Declared by its own manager: claimed and confirmed; only the validation is missing.
        claimed_at=now,
        availability_updated_at=now,
    )
    for kind, places in structure["sections"].items():
        if places:
            low, high = SECTION_AGES[kind]
            NurseryAgeGroup.objects.create(
                nursery=nursery, kind=kind, min_age_months=low, max_age_months=high, places=places
            )
    nursery.managers.add(user)
    return nursery


@transaction.atomic
def structure_signup(
    *,
    structure: dict[str, Any],
    account: dict[str, Any] | None = None,
    signed_in: User | None = None,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Nursery | Mam | None:
    """Declare a crèche or a MAM, pending validation. `structure` holds name, kind (a
    NurseryKind, or "mam"), siret, address, commune (a Commune) and, for a crèche,
    opening_hours and sections ({AgeGroupKind: places}).

    A visitor gives `account` (email, password, first_name, last_name): her account is created
    inactive (crèche manager, or childminder for a MAM) and the usual verification email is
    sent. If the address already has an account, nothing is created, that address gets an
    email inviting its owner to sign in, and None is returned: the page says the same in both
    cases (no account enumeration). Raises ValidationError({field: French message}).
    """
    now = now or timezone.now()
    errors = _structure_errors(structure)
    role = Role.CHILDMINDER if structure.get("kind") == MAM_KIND else Role.NURSERY_MANAGER
    user: User | None = signed_in if signed_in and signed_in.is_authenticated else None
    if user is None:
        if account is None:
            raise ValidationError("Indiquez vos coordonnées.")
        email = normalize_email(account["email"])
        candidate = User(
            email=email,
            role=role,
            roles=[role],
            first_name=account.get("first_name", "").strip(),
            last_name=account.get("last_name", "").strip(),
            is_active=False,
            email_verified=False,
            terms_accepted_at=now,
        )
        try:
            password_validation.validate_password(account["password"], candidate)
        except ValidationError as exc:
            errors["password1"] = " ".join(exc.messages)
        if errors:
            raise ValidationError(errors)
        if email_is_taken(email):
            send_on_commit(
                "signup_existing_account",
                [email],
                {"login_url": absolute_url(reverse("accounts:login"), base_url)},
            )
            logger.info("structure_signup existing_account")
            return None
        candidate.set_password(account["password"])
        candidate.save()
        user = candidate
        transaction.on_commit(lambda: user_send_verification(user=candidate, base_url=base_url))
    elif errors:
        raise ValidationError(errors)
    elif role not in user.all_roles:
        user.roles = [*user.all_roles, role]
        user.save(update_fields=["roles"])
    created = _create_structure(structure, user, now)
    send_on_commit(
        "structure_pending",
        _territory_admins(created.commune.departement_id),
        {
            "structure": created,
            "kind_label": _kind_label(created),
            "link": absolute_url(reverse("onboarding:pending_structures"), base_url),
        },
    )
    logger.info(
        "structure_signup kind=%s structure=%s user=%s", structure["kind"], created.pk, user.pk
    )
    return created


def _kind_label(structure: Nursery | Mam) -> str:
    if isinstance(structure, Mam):
        return "Maison d'assistants maternels (MAM)"
    return str(structure.get_kind_display())


def _home_url(structure: Nursery | Mam) -> str:
    name = (
        "childcare:childminder_profile" if isinstance(structure, Mam) else "childcare:nursery_list"
    )
    return absolute_url(reverse(name))


def _review(
    structure: Nursery | Mam, by: User, status: str, reason: str, now: dt.datetime
) -> Nursery | Mam:
    if not can_review_structure(by, structure):
        raise PermissionDenied("Cette structure n'est pas en attente dans votre territoire.")
    with transaction.atomic():
        model = type(structure)
        locked = model.objects.select_for_update().select_related("commune").get(pk=structure.pk)
        if locked.status != StructureStatus.PENDING:
            raise ValidationError("Cette structure a déjà été examinée.")
        locked.status = status
        locked.refusal_reason = reason
        locked.reviewed_at = now
        locked.reviewed_by = by
        locked.save(update_fields=["status", "refusal_reason", "reviewed_at", "reviewed_by"])
        from maillage.families.engine_records import provider_index_bump_on_commit

        provider_index_bump_on_commit(locked.commune.departement_id)
        send_on_commit(
            "structure_validated" if status == StructureStatus.VALIDATED else "structure_refused",
            list(locked.managers.values_list("email", flat=True)),
            {"structure": locked, "reason": reason, "link": _home_url(locked)},
        )
    return locked


def structure_validate(
    *, structure: Nursery | Mam, by: User, now: dt.datetime | None = None
) -> Nursery | Mam:
    """The structure (a MAM: its childminders) is offered to families from now on; its
    managers are told."""
    structure = _review(structure, by, StructureStatus.VALIDATED, "", now or timezone.now())
    logger.info("structure_validate structure=%s by=%s", structure.pk, by.pk)
    return structure


def structure_refuse(
    *, structure: Nursery | Mam, by: User, reason: str, now: dt.datetime | None = None
) -> Nursery | Mam:
    """Refused with a reason sent to its managers; it is never offered."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Indiquez le motif du refus : il est envoyé à la structure."}
        )
    structure = _review(structure, by, StructureStatus.REFUSED, reason, now or timezone.now())
    logger.info("structure_refuse structure=%s by=%s", structure.pk, by.pk)
    return structure
