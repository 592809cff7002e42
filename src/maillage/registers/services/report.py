"""What an import did, or would do: counts, the first rows, every error (capped)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from maillage.registers.reading import RowError

MAX_ERRORS = 5000
PREVIEW_ROWS = 200

ACTION_LABELS = {
    "created": "Créé",
    "updated": "Mis à jour",
    "unchanged": "Inchangé",
    "rejected": "Refusé",
    "left": "Absent du registre",
}


class RegisterImportRejected(Exception):
    """At least one line is wrong: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.error_count} erreur(s) : rien n'a été importé.")
        self.report = report


@dataclass
class PreviewRow:
    line: int
    key: str
    label: str
    commune: str
    action: str
    detail: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    left: int = 0
    kept_fields: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)

    def add_row(self, row: PreviewRow) -> None:
        if len(self.rows) < PREVIEW_ROWS:
            self.rows.append(row)

    def count(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)

    def notice(self, text: str) -> None:
        if len(self.notices) < 50 and text not in self.notices:
            self.notices.append(text)

    def summary(self) -> str:
        head = "Simulation : " if self.dry_run else ""
        return (
            f"{head}{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} "
            f"inchangé(s), {self.rejected} ligne(s) refusée(s), {self.left} absent(s) du "
            "registre."
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [asdict(e) for e in self.errors]
        data["rows"] = [asdict(r) for r in self.rows]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        values = dict(data)
        values["errors"] = [RowError(**e) for e in data.get("errors", [])]
        values["rows"] = [PreviewRow(**r) for r in data.get("rows", [])]
        return cls(**values)


def errors_csv(report: ImportReport) -> str:
    """The error report as a CSV a spreadsheet opens (`;`, UTF-8 with BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ligne", "colonne", "erreur"])
    for error in report.errors:
        writer.writerow([error.line, error.column, error.message])
    if report.error_count > len(report.errors):
        writer.writerow(["", "", f"… et {report.error_count - len(report.errors)} autres."])
    return out.getvalue()
