"""Catalogue services: ROME referential and trainings (immersions, meetings: events.py)."""

from __future__ import annotations

import csv
import gzip
import io
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from maillage.jobs.enums import Funding, Qualification, TrainingKind
from maillage.jobs.errors import JobsError
from maillage.jobs.models import RomeJob, TrainingOffer

logger = logging.getLogger(__name__)

ROME_CSV = Path(settings.BASE_DIR) / "data" / "territory" / "rome4_metiers_petite_enfance.csv.gz"

# Qualifications giving access to each job (any one of them). Others: no diploma required.
ROME_QUALIFICATIONS: dict[str, list[str]] = {
    "K1310": [Qualification.AGREMENT_AM],
    "K1303": [],
    "K1307": [Qualification.CAP_AEPE],
    "K1308": [Qualification.CAP_AEPE],
    "K1314": [Qualification.CAP_AEPE],
    "K1202": [Qualification.EJE],
    "K1216": [Qualification.EJE, Qualification.INFIRMIER_PUERICULTEUR],
    "J1304": [Qualification.AUXILIAIRE_PUERICULTURE],
    "J1507": [Qualification.INFIRMIER_PUERICULTEUR],
}


def rome_import(*, path: Path = ROME_CSV) -> dict[str, int]:
    """Load the shipped ROME 4 early-childhood jobs; running it twice changes nothing."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            code = row["code_rome"].strip()
            _, was_created = RomeJob.objects.update_or_create(
                code=code,
                defaults={
                    "label": row["libelle_rome"].strip(),
                    "domain_code": row["code_domaine_pro"].strip(),
                    "domain_label": row["libelle_domaine_pro"].strip(),
                    "grand_domain_code": row["code_grand_domaine"].strip(),
                    "grand_domain_label": row["libelle_grand_domaine"].strip(),
                    "pertinence": row["pertinence"].strip(),
                    "required_qualifications": [str(q) for q in ROME_QUALIFICATIONS.get(code, [])],
                },
            )
            created += was_created
            updated += not was_created
    logger.info("ROME import: %s created, %s updated", created, updated)
    return {"created": created, "updated": updated}


def rome_get(code: str) -> RomeJob:
    code = (code or "").strip().upper()
    try:
        return RomeJob.objects.get(code=code)
    except RomeJob.DoesNotExist:
        raise JobsError(f"Code ROME inconnu : « {code or '(vide)'} ».") from None


# ---------------------------------------------------------------- trainings


def training_errors(
    *,
    start_date: date | None,
    end_date: date | None,
    seats: int | None,
    hours_per_week: int | None,
    qualification: str | None,
) -> list[str]:
    errors: list[str] = []
    if qualification not in Qualification.values:
        errors.append(f"Diplôme inconnu : « {qualification or '(vide)'} ».")
    if start_date is None:
        errors.append("La date de début est obligatoire.")
    if end_date is None:
        errors.append("La date de fin est obligatoire.")
    if start_date and end_date and end_date < start_date:
        errors.append(
            f"La formation ne peut pas se terminer ({end_date:%d/%m/%Y}) "
            f"avant de commencer ({start_date:%d/%m/%Y})."
        )
    if seats is None or seats <= 0:
        errors.append("Le nombre de places doit être d'au moins 1.")
    if hours_per_week is None or not 1 <= hours_per_week <= 48:
        errors.append("Le nombre d'heures par semaine doit être compris entre 1 et 48.")
    return errors


def training_create(
    *,
    organisation: str,
    title: str,
    qualification: str,
    commune: Any,
    start_date: date,
    end_date: date,
    hours_per_week: int,
    seats: int,
    prerequisites: str = "",
    funding: str = Funding.FRANCE_TRAVAIL,
    total_hours: int | None = None,
    path_template: Any = None,
    created_by: Any = None,
    kind: str = TrainingKind.QUALIFYING,
    prerequisite_qualification: str = "",
) -> TrainingOffer:
    errors = training_errors(
        start_date=start_date,
        end_date=end_date,
        seats=seats,
        hours_per_week=hours_per_week,
        qualification=qualification,
    )
    if not organisation.strip():
        errors.append("L'organisme de formation est obligatoire.")
    if kind not in TrainingKind.values:
        errors.append(f"Type de formation inconnu : « {kind} ».")
    if prerequisite_qualification and prerequisite_qualification not in Qualification.values:
        errors.append(f"Diplôme requis inconnu : « {prerequisite_qualification} ».")
    if kind == TrainingKind.VAE and not prerequisite_qualification:
        errors.append("Une VAE part d'un diplôme détenu : indiquez le diplôme requis.")
    if prerequisite_qualification and prerequisite_qualification == qualification:
        errors.append("Le diplôme requis et le diplôme préparé doivent être différents.")
    if errors:
        raise JobsError(errors)
    with transaction.atomic():
        training = TrainingOffer.objects.create(
            organisation=organisation.strip(),
            title=title.strip() or Qualification(qualification).label,
            qualification=qualification,
            commune=commune,
            latitude=commune.latitude,
            longitude=commune.longitude,
            start_date=start_date,
            end_date=end_date,
            hours_per_week=hours_per_week,
            seats=seats,
            prerequisites=prerequisites,
            funding=funding,
            total_hours=total_hours,
            path_template=path_template,
            created_by=created_by,
            kind=kind,
            prerequisite_qualification=prerequisite_qualification,
        )
    logger.info("training %s created", training.pk)
    return training


# ---------------------------------------------------------------- training CSV import

TRAINING_COLUMNS = (
    "organisme",
    "intitule",
    "diplome",
    "code_commune",
    "date_debut",
    "date_fin",
    "heures_par_semaine",
    "places",
    "prerequis",
    "financement",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_fr(self) -> str:
        verb = "seraient" if self.dry_run else "ont été"
        if self.errors:
            return f"{len(self.errors)} erreur(s) : aucune ligne n'a été importée.\n" + "\n".join(
                self.errors
            )
        return f"{self.created} formation(s) {verb} créée(s), {self.updated} mise(s) à jour."


def _parse_date(raw: str) -> date | None:
    raw = (raw or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _parse_int(raw: str) -> int | None:
    try:
        return int((raw or "").strip())
    except ValueError:
        return None


_QUALIFICATION_ALIASES = {
    "cap aepe": Qualification.CAP_AEPE,
    "aepe": Qualification.CAP_AEPE,
    "auxiliaire de puericulture": Qualification.AUXILIAIRE_PUERICULTURE,
    "ap": Qualification.AUXILIAIRE_PUERICULTURE,
    "eje": Qualification.EJE,
    "agrement": Qualification.AGREMENT_AM,
    "assistant maternel": Qualification.AGREMENT_AM,
}


def _parse_qualification(raw: str) -> str | None:
    from maillage.territory.text import normalize_name

    raw = (raw or "").strip()
    if raw in Qualification.values:
        return raw
    key = normalize_name(raw)
    return _QUALIFICATION_ALIASES.get(key)


def training_import(*, rows: Iterable[Mapping[str, str]], dry_run: bool = False) -> ImportReport:
    """Validate every line, then write all of them in one transaction, or none."""
    from maillage.territory.models import Commune

    report = ImportReport(dry_run=dry_run)
    valid: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        missing = [c for c in TRAINING_COLUMNS[:8] if not (row.get(c) or "").strip()]
        if missing:
            report.errors.append(f"Ligne {number} : colonne(s) vide(s) : {', '.join(missing)}.")
            continue
        qualification = _parse_qualification(row["diplome"])
        start, end = _parse_date(row["date_debut"]), _parse_date(row["date_fin"])
        seats, hours = _parse_int(row["places"]), _parse_int(row["heures_par_semaine"])
        errors = training_errors(
            start_date=start,
            end_date=end,
            seats=seats,
            hours_per_week=hours,
            qualification=qualification or row["diplome"].strip(),
        )
        if start is None and row["date_debut"].strip():
            errors = [e for e in errors if "début est obligatoire" not in e]
            errors.append(f"Date de début illisible : « {row['date_debut']} » (AAAA-MM-JJ).")
        if end is None and row["date_fin"].strip():
            errors = [e for e in errors if "fin est obligatoire" not in e]
            errors.append(f"Date de fin illisible : « {row['date_fin']} » (AAAA-MM-JJ).")
        commune = Commune.objects.filter(code=row["code_commune"].strip()).first()
        if commune is None:
            errors.append(f"Commune inconnue : « {row['code_commune'].strip()} ».")
        funding = (row.get("financement") or "").strip() or Funding.FRANCE_TRAVAIL
        if funding not in Funding.values:
            errors.append(f"Financement inconnu : « {funding} ».")
        if errors:
            report.errors.extend(f"Ligne {number} : {e}" for e in errors)
            continue
        key = (row["organisme"].strip(), qualification, commune.code, start)
        if key in seen:
            report.errors.append(f"Ligne {number} : session en double dans le fichier.")
            continue
        seen.add(key)
        taken = (
            TrainingOffer.objects.filter(
                organisation=key[0], qualification=qualification, commune=commune, start_date=start
            )
            .values_list("seats_taken", flat=True)
            .first()
        )
        if taken and seats < taken:
            report.errors.append(
                f"Ligne {number} : {seats} place(s) seulement, mais {taken} personne(s) sont "
                "déjà inscrites à cette session."
            )
            continue
        valid.append(
            {
                "organisation": key[0],
                "qualification": qualification,
                "commune": commune,
                "start_date": start,
                "defaults": {
                    "title": row["intitule"].strip(),
                    "end_date": end,
                    "hours_per_week": hours,
                    "seats": seats,
                    "prerequisites": (row.get("prerequis") or "").strip(),
                    "funding": funding,
                    "latitude": commune.latitude,
                    "longitude": commune.longitude,
                },
            }
        )
    if report.errors:
        return report
    with transaction.atomic():
        for item in valid:
            defaults = item.pop("defaults")
            exists = TrainingOffer.objects.filter(**item).exists()
            report.created += not exists
            report.updated += exists
            if not dry_run:
                TrainingOffer.objects.update_or_create(**item, defaults=defaults)
    logger.info("training import: %s", report.summary_fr())
    return report


def training_import_csv(*, text: str, dry_run: bool = False) -> ImportReport:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_sniff(text))
    header = reader.fieldnames or []
    missing = [c for c in TRAINING_COLUMNS[:8] if c not in header]
    if missing:
        return ImportReport(
            errors=[f"Colonne(s) manquante(s) dans l'en-tête : {', '.join(missing)}."],
            dry_run=dry_run,
        )
    return training_import(rows=list(reader), dry_run=dry_run)


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","
