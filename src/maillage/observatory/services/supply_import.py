"""Import of real supply figures per commune from a CSV file: validated line by line, in one
transaction (all or nothing), idempotent (same file twice = no change the second time)."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field

from django.db import transaction

from maillage.observatory.cliff import AGE_BANDS
from maillage.observatory.enums import SupplySource
from maillage.observatory.models import SupplyFigure
from maillage.territory.models import Commune

logger = logging.getLogger(__name__)

BAND_COLUMNS = {f"am_{label}": label for label, _lo, _hi in AGE_BANDS}
REQUIRED = ("code_insee", "annee", "places_assistants_maternels", "places_creches")
OPTIONAL = ("assistants_maternels", *BAND_COLUMNS)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        head = "Simulation (rien n'est enregistré)" if self.dry_run else "Import"
        if self.errors:
            return [
                f"{head} refusé : {len(self.errors)} erreur(s), aucune ligne enregistrée.",
                *self.errors,
            ]
        return [
            f"{head} : {self.created} créée(s), {self.updated} mise(s) à jour, "
            f"{self.unchanged} inchangée(s)."
        ]


def _int(raw: str | None, name: str, line: int, errors: list[str], *, required: bool) -> int | None:
    raw = (raw or "").strip().replace("\u202f", "").replace(" ", "")
    if raw == "":
        if required:
            errors.append(f"Ligne {line} : « {name} » est obligatoire.")
        return None
    if not raw.isdigit():
        errors.append(f"Ligne {line} : « {name} » doit être un entier positif (reçu « {raw} »).")
        return None
    return int(raw)


def supply_import(*, text: str, dry_run: bool = False, source_label: str = "") -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append(f"Colonnes manquantes : {', '.join(missing)}.")
        return report
    communes = set(Commune.objects.values_list("code", flat=True))
    parsed: dict[tuple[str, int], dict] = {}
    seen: set[tuple[str, int]] = set()
    for line, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in raw_row.items()}
        errors: list[str] = []
        code = (row.get("code_insee") or "").strip().zfill(5)
        if code not in communes:
            errors.append(f"Ligne {line} : commune « {code} » inconnue.")
        year = _int(row.get("annee"), "annee", line, errors, required=True)
        if year is not None and not 2000 <= year <= 2100:
            errors.append(f"Ligne {line} : année {year} hors limites.")
        places_cm = _int(
            row.get("places_assistants_maternels"),
            "places_assistants_maternels",
            line,
            errors,
            required=True,
        )
        places_nu = _int(row.get("places_creches"), "places_creches", line, errors, required=True)
        count = _int(
            row.get("assistants_maternels"), "assistants_maternels", line, errors, required=False
        )
        bands = {}
        for column, label in BAND_COLUMNS.items():
            v = _int(row.get(column), column, line, errors, required=False)
            if v is not None:
                bands[label] = v
        if bands and count is not None and sum(bands.values()) != count:
            errors.append(
                f"Ligne {line} : la somme des tranches d'âge ({sum(bands.values())}) "
                f"diffère du nombre d'assistants maternels ({count})."
            )
        if count is None:
            count = sum(bands.values())
        if year is not None and (code, year) in seen:
            errors.append(f"Ligne {line} : commune {code} déjà présente pour {year}.")
        if year is not None:
            seen.add((code, year))
        if errors:
            report.errors.extend(errors)
            continue
        parsed[(code, year)] = {
            "places_childminders": places_cm,
            "places_nurseries": places_nu,
            "childminders": count,
            "childminders_by_age_band": bands,
            "source_label": source_label,
        }
    if report.errors:
        return report
    with transaction.atomic():
        existing = {
            (f.commune_id, f.year): f
            for f in SupplyFigure.objects.select_for_update().filter(source=SupplySource.IMPORT)
        }
        for (code, year), values in parsed.items():
            current = existing.get((code, year))
            if current is None:
                report.created += 1
                if not dry_run:
                    SupplyFigure.objects.create(
                        commune_id=code, year=year, source=SupplySource.IMPORT, **values
                    )
            elif all(getattr(current, k) == v for k, v in values.items()):
                report.unchanged += 1
            else:
                report.updated += 1
                if not dry_run:
                    for k, v in values.items():
                        setattr(current, k, v)
                    current.save()
    logger.info("Import d'offre : %s", report.lines()[0])
    return report
