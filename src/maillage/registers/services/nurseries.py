"""Writing the register of crèches (EAJE), matched on their SIRET, with their sections."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import ProtectedError

from maillage.accounts.enums import Role
from maillage.accounts.perms import has_role
from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Nursery, NurseryAgeGroup
from maillage.childcare.models_history import PlaceChange
from maillage.childcare.sources import declared_by_provider
from maillage.registers.formats import Context, NurseryRecord
from maillage.registers.reading import RowError
from maillage.registers.services.common import (
    REGISTER,
    apply_fields,
    mark_left,
    place_change,
    register_sources,
)
from maillage.registers.services.report import ImportReport, PreviewRow

Section = tuple[str, int, int, int]


def _sections_of(nursery: Nursery) -> list[Section]:
    return sorted(
        (g.kind, g.min_age_months, g.max_age_months, g.places) for g in nursery.age_groups.all()
    )


class NurseryWriter:
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

    def prepare(self) -> None:
        pass

    @staticmethod
    def _values(record: NurseryRecord) -> dict[str, Any]:
        return {
            "siret": record.key,
            "name": record.name,
            "kind": record.kind,
            "commune_id": record.commune,
            "address": record.address,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "opening_hours": record.opening_hours,
            "is_avip": record.is_avip,
            "avip_share": record.avip_share,
            "social_minima_share": record.social_minima_share,
            "psu_funded": record.psu_funded,
        }

    def _manager(self, record: NurseryRecord, managers: dict[str, Any]) -> Any | None:
        """The account of the manager's email: an existing crèche manager, or a new inactive
        account she claims later. Another kind of account is an error of the line."""
        if not record.manager_email:
            return None
        user = managers.get(record.manager_email)
        if user is not None and not has_role(user, Role.NURSERY_MANAGER) and user.is_active:
            self.report.add_error(
                RowError(
                    record.line,
                    "email_responsable",
                    f"l'adresse {record.manager_email} est celle d'un compte qui n'est pas un "
                    "compte de responsable de crèche.",
                )
            )
            self.report.rejected += 1
            return False
        return user

    def batch(self, records: list[NurseryRecord]) -> None:
        existing = {
            n.siret: n
            for n in Nursery.objects.filter(siret__in=[r.key for r in records]).prefetch_related(
                "age_groups", "managers"
            )
        }
        emails = {r.manager_email for r in records if r.manager_email}
        user_model = get_user_model()
        managers = {u.email: u for u in user_model.objects.filter(email__in=emails)}
        changes: list[PlaceChange] = []
        new: list[NurseryRecord] = []
        for record in records:
            manager = self._manager(record, managers)
            if manager is False:
                continue
            nursery = existing.get(record.key)
            if nursery is None:
                self.report.created += 1
                self.report.add_row(
                    PreviewRow(record.line, record.key, record.name, record.commune, "created")
                )
                new.append(record)
                continue
            self._update(nursery, record, manager, managers, changes)
        if not self.dry_run:
            self._create(new, managers, changes)
            PlaceChange.objects.bulk_create(changes)

    def _manager_account(self, record: NurseryRecord, managers: dict[str, Any]) -> Any:
        user_model = get_user_model()
        user = user_model(email=record.manager_email, role=Role.NURSERY_MANAGER, is_active=False)
        user.set_unusable_password()
        user.save()
        managers[user.email] = user
        return user

    def _create(
        self, new: list[NurseryRecord], managers: dict[str, Any], changes: list[PlaceChange]
    ) -> None:
        """The new crèches of a batch: a few INSERTs whatever their number."""
        if not new:
            return
        nurseries = Nursery.objects.bulk_create(
            [
                Nursery(
                    field_sources=register_sources([*self._values(r), "age_groups"]),
                    register_status=RegisterStatus.LISTED,
                    # Offered to families once a manager claims it and confirms its places.
                    claimed_at=None,
                    **self._values(r),
                )
                for r in new
            ]
        )
        NurseryAgeGroup.objects.bulk_create(
            NurseryAgeGroup(
                nursery=nursery, kind=kind, min_age_months=low, max_age_months=high, places=n
            )
            for nursery, record in zip(nurseries, new, strict=True)
            for kind, low, high, n in record.sections
        )
        user_model = get_user_model()
        missing = sorted({r.manager_email for r in new if r.manager_email} - set(managers))
        accounts = []
        for email in missing:
            user = user_model(email=email, role=Role.NURSERY_MANAGER, is_active=False)
            user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            accounts.append(user)
        for user in user_model.objects.bulk_create(accounts):
            managers[user.email] = user
        through = Nursery.managers.through
        through.objects.bulk_create(
            through(nursery_id=nursery.pk, user_id=managers[record.manager_email].pk)
            for nursery, record in zip(nurseries, new, strict=True)
            if record.manager_email
        )
        for nursery, record in zip(nurseries, new, strict=True):
            change = place_change(
                commune=record.commune,
                kind="nursery",
                provider_id=nursery.pk,
                before=0,
                after=sum(s[3] for s in record.sections),
                at=self.now,
            )
            if change:
                changes.append(change)

    def _update(
        self,
        nursery: Nursery,
        record: NurseryRecord,
        manager: Any,
        managers: dict[str, Any],
        changes: list[PlaceChange],
    ) -> None:
        fields, kept = apply_fields(nursery, self._values(record))
        self.report.kept_fields += kept
        if nursery.register_status != RegisterStatus.LISTED and (
            nursery.register_status != RegisterStatus.REMOVED
        ):
            nursery.register_status = RegisterStatus.LISTED
            nursery.register_left_at = None
            fields += ["register_status", "register_left_at"]
        before = _sections_of(nursery)
        wanted = sorted(record.sections)
        sections_changed = before != wanted
        if sections_changed and declared_by_provider(nursery, "age_groups"):
            self.report.kept_fields += 1
            sections_changed = False
        new_manager = bool(record.manager_email) and not any(
            m.email == record.manager_email for m in nursery.managers.all()
        )
        shown = [f for f in fields if not f.startswith(("field_", "regi"))]
        if sections_changed:
            shown.append("sections")
        if new_manager:
            shown.append("responsable")
        if not (fields or sections_changed or new_manager):
            self.report.unchanged += 1
            return
        self.report.updated += 1
        self.report.add_row(
            PreviewRow(
                record.line, record.key, record.name, record.commune, "updated", ", ".join(shown)
            )
        )
        if self.dry_run:
            return
        if sections_changed:
            if not self._replace_sections(nursery, record):
                return
            sources = dict(nursery.field_sources or {})
            sources["age_groups"] = REGISTER
            nursery.field_sources = sources
            fields = list({*fields, "field_sources"})
        if fields:
            nursery.save(update_fields=list(dict.fromkeys(fields)))
        if new_manager:
            nursery.managers.add(manager or self._manager_account(record, managers))
        change = place_change(
            commune=nursery.commune_id,
            kind="nursery",
            provider_id=nursery.pk,
            before=sum(s[3] for s in before),
            after=sum(s[3] for s in wanted) if sections_changed else sum(s[3] for s in before),
            at=self.now,
        )
        if change:
            changes.append(change)

    def _replace_sections(self, nursery: Nursery, record: NurseryRecord) -> bool:
        """Sections matched on their ages keep their taken places (within the new places);
        a section gone from the register is removed unless something still points to it."""
        current = {(g.min_age_months, g.max_age_months): g for g in nursery.age_groups.all()}
        for kind, low, high, places in record.sections:
            group = current.pop((low, high), None) or NurseryAgeGroup(
                nursery=nursery, min_age_months=low, max_age_months=high
            )
            group.kind, group.places = kind, places
            group.places_taken = min(group.places_taken or 0, places)
            group.save()
        for group in current.values():
            try:
                group.delete()
            except ProtectedError:
                self.report.add_error(
                    RowError(
                        record.line,
                        "sections",
                        f"la section {group.min_age_months}–{group.max_age_months} mois a des "
                        "demandes en cours : gardez-la dans le fichier.",
                    )
                )
                self.report.rejected += 1
                return False
        return True

    def finish(self, keys: set[Any]) -> None:
        self.report.left += mark_left(
            model=Nursery,
            departements=self.context.departements,
            present=keys,
            key_of=lambda row: row[0],
            fields=("siret",),
            now=self.now,
            dry_run=self.dry_run,
        )
