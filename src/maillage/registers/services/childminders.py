"""Writing the PMI register of childminders (agréments), batch by batch."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from maillage.accounts.enums import Role
from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Childminder, Mam
from maillage.childcare.models_history import PlaceChange
from maillage.core.schedule import EMPTY_WEEK
from maillage.registers.formats import ChildminderRecord, Context, mam_key
from maillage.registers.reading import RowError
from maillage.registers.services.bulk import insert_rows
from maillage.registers.services.common import (
    apply_fields,
    mark_left,
    place_change,
    register_sources,
)
from maillage.registers.services.report import ImportReport, PreviewRow

# Without an address in the register, a placeholder that no mail server accepts (RFC 2606);
# the invitation is then sent by post or the address added by a later import.
NO_EMAIL_DOMAIN = "sans-adresse.invalid"
USER_FIELDS = ("first_name", "last_name", "phone")
LOCATION = ("commune_id", "address", "latitude", "longitude")
AGREMENT = (
    "agrement_number",
    "agrement_capacity",
    "agrement_min_age_months",
    "agrement_max_age_months",
    "agrement_valid_until",
)


def placeholder_email(key: str) -> str:
    return f"agrement-{re.sub(r'[^a-z0-9]+', '-', key.lower()).strip('-')}@{NO_EMAIL_DOMAIN}"


class ChildminderWriter:
    def __init__(
        self, *, context: Context, by: Any, dry_run: bool, report: ImportReport, now: dt.datetime
    ) -> None:
        self.context, self.by, self.dry_run, self.report, self.now = (
            context,
            by,
            dry_run,
            report,
            now,
        )
        self.mams: dict[tuple[str, str], int] = {}
        self.emails: dict[str, int] = {}

    def prepare(self) -> None:
        for pk, commune, name in Mam.objects.filter(
            commune__departement_id__in=self.context.departements
        ).values_list("pk", "commune_id", "name"):
            self.mams[mam_key(commune, name)] = pk

    def _status(self, record: ChildminderRecord) -> str:
        if record.agrement_valid_until < self.context.today:
            return RegisterStatus.LEFT
        return RegisterStatus.LISTED

    def _values(self, record: ChildminderRecord) -> dict[str, Any]:
        values: dict[str, Any] = {
            "commune_id": record.commune,
            "address": record.address,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "agrement_number": record.key,
            "agrement_capacity": record.agrement_capacity,
            "agrement_min_age_months": record.agrement_min_age_months,
            "agrement_max_age_months": record.agrement_max_age_months,
            "agrement_valid_until": record.agrement_valid_until,
        }
        if record.mam:
            mam = self.mams.get(mam_key(record.commune, record.mam))
            if mam is None:
                self.report.notice(
                    f"MAM « {record.mam} » inconnue dans la commune {record.commune} : elle "
                    "sera rattachée par l'import du fichier des MAM."
                )
            else:
                values["mam_id"] = mam
        return values

    def _email(self, record: ChildminderRecord, users: dict[str, Any]) -> str | None:
        email = record.email or placeholder_email(record.key)
        if email in self.emails:
            self.report.add_error(
                RowError(
                    record.line,
                    "email",
                    f"l'adresse {email} est déjà celle de la ligne {self.emails[email]} : "
                    "chaque assistante maternelle a sa propre adresse.",
                )
            )
            self.report.rejected += 1
            return None
        self.emails[email] = record.line
        owner = users.get(email)
        if owner is not None:
            self.report.add_error(
                RowError(
                    record.line,
                    "email",
                    f"l'adresse {email} appartient déjà à un autre compte Maillage : "
                    "vérifiez-la ou laissez la colonne vide.",
                )
            )
            self.report.rejected += 1
            return None
        return email

    def batch(self, records: list[ChildminderRecord]) -> None:
        user_model = get_user_model()
        existing = {
            cm.agrement_number: cm
            for cm in Childminder.objects.filter(
                agrement_number__in=[r.key for r in records]
            ).select_related("user")
        }
        emails = {r.email or placeholder_email(r.key) for r in records if r.key not in existing}
        users = {u.email: u for u in user_model.objects.filter(email__in=emails)}
        new: list[tuple[ChildminderRecord, Any, str]] = []
        changed_cms: dict[str, list[Childminder]] = {}
        changed_users: list[Any] = []
        changes: list[PlaceChange] = []
        for record in records:
            cm = existing.get(record.key)
            label = f"{record.first_name} {record.last_name}"
            if cm is None:
                email = self._email(record, users)
                if email is None:
                    continue
                if self._status(record) == RegisterStatus.LEFT:
                    self.report.left += 1
                new.append((record, self._values(record), email))
                self.report.created += 1
                self.report.add_row(
                    PreviewRow(record.line, record.key, label, record.commune, "created")
                )
                continue
            before = cm.agrement_capacity
            fields, kept = apply_fields(cm, self._values(record))
            self.report.kept_fields += kept
            status = self._status(record)
            if cm.register_status != status and cm.register_status != RegisterStatus.REMOVED:
                if status == RegisterStatus.LEFT:
                    self.report.left += 1
                cm.register_status = status
                cm.register_left_at = self.now if status == RegisterStatus.LEFT else None
                fields += ["register_status", "register_left_at"]
            user_fields = self._user_changes(cm.user, record)
            if user_fields:
                changed_users.append(cm.user)
            if fields or user_fields:
                self.report.updated += 1
                shown = [f for f in fields + user_fields if not f.startswith(("field_", "regi"))]
                self.report.add_row(
                    PreviewRow(
                        record.line,
                        record.key,
                        label,
                        record.commune,
                        "updated",
                        ", ".join(shown),
                    )
                )
                key = ",".join(sorted(set(fields)))
                if fields:
                    changed_cms.setdefault(key, []).append(cm)
            else:
                self.report.unchanged += 1
            change = place_change(
                commune=cm.commune_id,
                kind="childminder",
                provider_id=cm.pk,
                before=before,
                after=cm.agrement_capacity,
                at=self.now,
            )
            if change:
                changes.append(change)
        if self.dry_run:
            return
        for key, cms in changed_cms.items():
            Childminder.objects.bulk_update(cms, key.split(","))
        if changed_users:
            user_model.objects.bulk_update(changed_users, [*USER_FIELDS, "email"])
        self._create(new, changes)
        PlaceChange.objects.bulk_create(changes)

    def _user_changes(self, user: Any, record: ChildminderRecord) -> list[str]:
        """Names and phone follow the register; the email only until she claims her account."""
        fields = []
        for name, value in (
            ("first_name", record.first_name),
            ("last_name", record.last_name),
            ("phone", record.phone),
        ):
            if value and getattr(user, name) != value:
                setattr(user, name, value)
                fields.append(name)
        if record.email and not user.is_active and user.email != record.email:
            user_model = get_user_model()
            if not user_model.objects.filter(email=record.email).exists():
                user.email = record.email
                fields.append("email")
        return fields

    def _create(
        self, new: list[tuple[ChildminderRecord, dict[str, Any], str]], changes: list[PlaceChange]
    ) -> None:
        if not new:
            return
        user_model = get_user_model()
        users = []
        for record, _values, email in new:
            user = user_model(
                email=email,
                role=Role.CHILDMINDER,
                first_name=record.first_name,
                last_name=record.last_name,
                phone=record.phone,
                is_active=False,
                date_joined=self.now,
                # Unusable, as set_unusable_password() makes it, without 40 random draws.
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            users.append(user)
        insert_rows(user_model, users)
        ids = dict(
            user_model.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        childminders = []
        for (record, values, email), _user in zip(new, users, strict=True):
            status = self._status(record)
            childminders.append(
                Childminder(
                    user_id=ids[email],
                    working_hours=EMPTY_WEEK,
                    field_sources=register_sources(values),
                    register_status=status,
                    register_left_at=self.now if status == RegisterStatus.LEFT else None,
                    availability_reminded_at=None,
                    # Not offered to families until she claims her account (invitation).
                    claimed_at=None,
                    **values,
                )
            )
        insert_rows(Childminder, childminders)
        created = Childminder.objects.filter(
            agrement_number__in=[r.key for r, _v, _e in new]
        ).values_list("pk", "commune_id", "agrement_capacity")
        for pk, commune, capacity in created:
            changes.append(
                PlaceChange(
                    at=self.now,
                    commune_id=commune,
                    provider_kind="childminder",
                    provider_id=pk,
                    delta=capacity,
                    source="import",
                )
            )

    def finish(self, keys: set[Any]) -> None:
        self.report.left += mark_left(
            model=Childminder,
            departements=self.context.departements,
            present=keys,
            key_of=lambda row: row[0],
            fields=("agrement_number",),
            now=self.now,
            dry_run=self.dry_run,
        )
