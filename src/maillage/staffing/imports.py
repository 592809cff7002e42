"""Import of a crèche's staff list from CSV (format in docs/imports.md, "Personnel d'une crèche").

Every line is checked before anything is written; errors name the line and the column, in
French. Lines are matched on `repere` (the manager's internal label, never a name): a known
label is updated, a new one is created; professionals missing from the file are left as they
are and reported. All or nothing, idempotent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from maillage.childcare.models import Nursery
from maillage.jobs.enums import Qualification
from maillage.staffing.enums import ContractType
from maillage.staffing.models import StaffMember

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 2000
COLUMNS = ("repere", "diplome", "heures_hebdo", "jours", "contrat", "debut", "fin")
TEMPLATE = (
    "repere;diplome;heures_hebdo;jours;contrat;debut;fin\n"
    "AP 1;auxiliaire_puericulture;35;lun mar mer jeu ven;cdi;2024-09-02;\n"
    "CAP 2;cap_aepe;28;lun mar jeu ven;cdd;2026-01-05;2026-06-30\n"
    "EJE 1;eje;35;lun mar mer jeu ven;cdi;2019-03-01;\n"
)
QUALIFICATION_ALIASES = {
    "cap": Qualification.CAP_AEPE,
    "cap aepe": Qualification.CAP_AEPE,
    "ap": Qualification.AUXILIAIRE_PUERICULTURE,
    "auxiliaire de puériculture": Qualification.AUXILIAIRE_PUERICULTURE,
    "eje": Qualification.EJE,
    "puéricultrice": Qualification.INFIRMIER_PUERICULTEUR,
    "puériculteur": Qualification.INFIRMIER_PUERICULTEUR,
    "infirmière": Qualification.INFIRMIER_PUERICULTEUR,
    "sans diplôme": Qualification.NONE,
}
DAY_TOKENS = {"lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6}


class StaffImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class StaffImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)
    dry_run: bool = False


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise StaffImportError(
            ["Le fichier dépasse 2 Mo : une liste du personnel est bien plus courte."]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def _qualification(value: str) -> str | None:
    text = value.strip().lower()
    if text in Qualification.values and text != Qualification.AGREMENT_AM:
        return text
    return QUALIFICATION_ALIASES.get(text)


def _date(value: str) -> dt.date | None:
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _days(value: str) -> str | None:
    text = value.strip().lower()
    if len(text) == 7 and set(text) <= {"0", "1"}:
        return text if "1" in text else None
    bits = ["0"] * 7
    tokens = text.replace(",", " ").split()
    for token in tokens:
        index = DAY_TOKENS.get(token[:3])
        if index is None:
            return None
        bits[index] = "1"
    return "".join(bits) if tokens else None


def parse_staff_csv(raw: bytes) -> list[dict[str, Any]]:
    """Validated rows, or StaffImportError listing every faulty line and column."""
    try:
        text = _decode(raw)
    except UnicodeDecodeError:
        raise StaffImportError(["Encodage illisible : enregistrez le fichier en UTF-8."]) from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise StaffImportError([f"Ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}."])
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_LINES:
            raise StaffImportError([f"Plus de {MAX_LINES} lignes : découpez le fichier."])
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(values.values()):
            continue

        def bad(column: str, message: str, number: int = number) -> None:
            errors.append(f"Ligne {number}, colonne « {column} » : {message}")

        label = values["repere"]
        if not label or len(label) > 20:
            bad("repere", "repère interne manquant ou trop long (20 caractères au plus).")
        elif label in seen:
            bad("repere", f"repère « {label} » déjà utilisé ligne {seen[label]}.")
        else:
            seen[label] = number
        qualification = _qualification(values["diplome"])
        if qualification is None:
            bad("diplome", f"diplôme inconnu « {values['diplome']} » (voir la liste des codes).")
        try:
            hours = Decimal(values["heures_hebdo"].replace(",", "."))
            if not Decimal(1) <= hours <= Decimal(48):
                raise InvalidOperation
        except InvalidOperation:
            hours = None
            bad(
                "heures_hebdo", f"« {values['heures_hebdo']} » n'est pas une durée entre 1 et 48 h."
            )
        days = _days(values["jours"])
        if days is None:
            bad("jours", f"« {values['jours']} » : écrivez les jours ainsi : lun mar mer jeu ven.")
        contract = values["contrat"].lower()
        if contract not in ContractType.values:
            bad(
                "contrat",
                f"contrat inconnu « {values['contrat']} » (cdi, cdd, interim, substitute, apprentice).",
            )
        start = _date(values["debut"])
        if start is None:
            bad("debut", f"date invalide « {values['debut']} » (AAAA-MM-JJ ou JJ/MM/AAAA).")
        end = _date(values["fin"]) if values["fin"] else None
        if values["fin"] and end is None:
            bad("fin", f"date invalide « {values['fin']} » (AAAA-MM-JJ ou JJ/MM/AAAA).")
        elif start and end and end < start:
            bad("fin", "la fin de contrat précède son début.")
        rows.append(
            {
                "label": label,
                "qualification": qualification,
                "weekly_hours": hours,
                "working_days": days,
                "contract_type": contract,
                "start_date": start,
                "end_date": end,
            }
        )
    if errors:
        raise StaffImportError(errors)
    if not rows:
        raise StaffImportError(["Le fichier ne contient aucune ligne de personnel."])
    return rows


def staff_import(
    *, nursery: Nursery, by: Any, raw: bytes, dry_run: bool = False
) -> StaffImportReport:
    rows = parse_staff_csv(raw)
    report = StaffImportReport(dry_run=dry_run)
    fields = (
        "qualification",
        "weekly_hours",
        "working_days",
        "contract_type",
        "start_date",
        "end_date",
    )
    with transaction.atomic():
        existing = {
            m.label: m for m in StaffMember.objects.filter(nursery=nursery).exclude(label="")
        }
        for row in rows:
            member = existing.get(row["label"])
            if member is None:
                report.created += 1
                if not dry_run:
                    StaffMember.objects.create(nursery=nursery, **row)
                continue
            changed = [f for f in fields if getattr(member, f) != row[f]]
            if not changed:
                report.unchanged += 1
                continue
            report.updated += 1
            if not dry_run:
                for f in changed:
                    setattr(member, f, row[f])
                member.save(update_fields=changed)
        labels = {row["label"] for row in rows}
        report.not_in_file = sorted(label for label in existing if label not in labels)
    logger.info(
        "staff import%s for nursery %s by %s: %s created, %s updated, %s unchanged",
        " (dry run)" if dry_run else "",
        nursery.pk,
        getattr(by, "pk", None),
        report.created,
        report.updated,
        report.unchanged,
    )
    return report
