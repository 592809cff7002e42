"""Writing the register of MAMs: a name in a commune, and its members' agrément numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Childminder, Mam
from maillage.registers.formats import Context, MamRecord, mam_key
from maillage.registers.reading import RowError
from maillage.registers.services.common import REGISTER, apply_fields, mark_left, register_sources
from maillage.registers.services.report import ImportReport, PreviewRow


class MamWriter:
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
        self.mams: dict[tuple[str, str], Mam] = {}
        self.members: dict[str, tuple[int, int | None, str]] = {}

    def prepare(self) -> None:
        scope = list(self.context.departements)
        for mam in Mam.objects.filter(commune__departement_id__in=scope):
            self.mams[mam_key(mam.commune_id, mam.name)] = mam
        rows = Childminder.objects.filter(commune__departement_id__in=scope).values_list(
            "agrement_number", "pk", "mam_id", "commune__departement_id"
        )
        for number, pk, mam_id, departement in rows.iterator(chunk_size=5000):
            if number:
                self.members[number] = (pk, mam_id, departement)

    def batch(self, records: list[MamRecord]) -> None:
        for record in records:
            unknown = [m for m in record.members if m not in self.members]
            if unknown:
                self.report.add_error(
                    RowError(
                        record.line,
                        "membres",
                        f"agrément(s) inconnu(s) dans votre territoire : {', '.join(unknown)}. "
                        "Importez d'abord le registre des assistantes maternelles.",
                    )
                )
                self.report.rejected += 1
                continue
            self._one(record)

    def _one(self, record: MamRecord) -> None:
        values = {
            "name": record.name,
            "commune_id": record.commune,
            "address": record.address,
            "latitude": record.latitude,
            "longitude": record.longitude,
        }
        mam = self.mams.get(record.key)
        wanted = {self.members[m][0] for m in record.members}
        if mam is None:
            action, shown = "created", ""
            mam = Mam(field_sources=register_sources(values), register_status=RegisterStatus.LISTED)
            for name, value in values.items():
                setattr(mam, name, value)
            current: set[int] = set()
            fields: list[str] = []
        else:
            fields, kept = apply_fields(mam, values)
            self.report.kept_fields += kept
            if mam.register_status not in (RegisterStatus.LISTED, RegisterStatus.REMOVED):
                mam.register_status = RegisterStatus.LISTED
                mam.register_left_at = None
                fields += ["register_status", "register_left_at"]
            current = {pk for pk, mam_id, _ in self.members.values() if mam_id == mam.pk}
            changed = [f for f in fields if not f.startswith(("field_", "regi"))]
            if current != wanted:
                changed.append("membres")
            action = "updated" if changed or fields else "unchanged"
            shown = ", ".join(changed)
        self.report.count(action)
        label = f"{record.name} ({len(record.members)} membre(s))"
        if action != "unchanged":
            self.report.add_row(
                PreviewRow(record.line, record.name, label, record.commune, action, shown)
            )
        if self.dry_run or action == "unchanged":
            return
        if mam.pk is None:
            mam.save()
            self.mams[record.key] = mam
        elif fields:
            mam.save(update_fields=list(dict.fromkeys(fields)))
        if current != wanted:
            self._members(mam, current, wanted)

    def _members(self, mam: Mam, current: set[int], wanted: set[int]) -> None:
        for pk in current - wanted:
            self._link(pk, None)
        for pk in wanted - current:
            self._link(pk, mam.pk)
        for number, (pk, _mam, departement) in list(self.members.items()):
            if pk in wanted or pk in current:
                self.members[number] = (pk, mam.pk if pk in wanted else None, departement)

    @staticmethod
    def _link(pk: int, mam_id: int | None) -> None:
        cm = Childminder.objects.only("field_sources", "mam_id").get(pk=pk)
        sources = dict(cm.field_sources or {})
        sources["mam_id"] = REGISTER
        Childminder.objects.filter(pk=pk).update(mam_id=mam_id, field_sources=sources)

    def finish(self, keys: set[Any]) -> None:
        self.report.left += mark_left(
            model=Mam,
            departements=self.context.departements,
            present=keys,
            key_of=lambda row: mam_key(row[0], row[1]),
            fields=("commune_id", "name"),
            now=self.now,
            dry_run=self.dry_run,
        )
