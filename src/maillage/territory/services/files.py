"""Reading the shipped referential files: gzip/plain text and CSV rows with line numbers."""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from maillage.territory.services.errors import TerritoryImportError

T = TypeVar("T")

COMMUNES = "communes.csv.gz"
DEPARTEMENTS = "departements.csv.gz"
REGIONS = "regions.csv.gz"
COMMUNE_BIRTHS = "insee_naissances_communes_2008_2024.csv.gz"
DEPARTEMENT_BIRTHS = "insee_naissances_departements_2008_2024.csv.gz"
CAF_RATES = "caf_taux_couverture_departements_2017_2023.csv.gz"
COMMUNE_CONTOURS = "communes_contours_2026_simplifies.geojson.gz"
DEPARTEMENT_CONTOURS = "departements_contours_simplifies.geojson.gz"
REGION_CONTOURS = "regions_contours_simplifies.geojson.gz"
INTERCOMMUNALITIES = "intercommunalites_2026.csv.gz"


def read_text(data_dir: Path, filename: str) -> str:
    """Whole text of ``filename`` (gzip, or the same name without ``.gz``), checked."""
    path = Path(data_dir) / filename
    if not path.exists() and filename.endswith(".gz"):
        plain = path.with_suffix("")
        if plain.exists():
            path = plain
    if not path.exists():
        raise TerritoryImportError(filename, f"fichier introuvable ({path})")
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                raw = handle.read()
        else:
            raw = path.read_bytes()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise TerritoryImportError(filename, "fichier tronqué ou corrompu (gzip)") from exc
    except OSError as exc:
        raise TerritoryImportError(filename, f"lecture impossible ({exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TerritoryImportError(filename, "encodage invalide (UTF-8 attendu)", line) from exc
    return text.removeprefix("\ufeff")


class CsvFile:
    """CSV rows as dicts, with the physical line number of each row (header = line 1)."""

    def __init__(self, data_dir: Path, filename: str, required: list[str]) -> None:
        self.filename = filename
        text = read_text(data_dir, filename)
        if not text.strip():
            raise TerritoryImportError(filename, "fichier vide")
        self._reader = csv.reader(io.StringIO(text, newline=""))
        try:
            self.header = [name.strip() for name in next(self._reader)]
        except csv.Error as exc:
            raise TerritoryImportError(filename, f"en-tête illisible ({exc})", 1) from exc
        missing = [name for name in required if name not in self.header]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            raise TerritoryImportError(
                filename, f"colonne{plural} manquante{plural} : {', '.join(missing)}", 1
            )
        self.line = 1

    def error(self, message: str) -> TerritoryImportError:
        return TerritoryImportError(self.filename, message, self.line)

    def __iter__(self) -> Iterator[dict[str, str]]:
        width = len(self.header)
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.line = self._reader.line_num
                raise self.error(f"ligne CSV illisible ({exc})") from exc
            self.line = self._reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise self.error(f"{len(row)} colonnes au lieu de {width} (ligne tronquée ?)")
            yield dict(zip(self.header, (value.strip() for value in row), strict=True))

    def parse(self, value: str, parser: Callable[[str], T], label: str) -> T:
        """``parser(value)``, or a French error naming the line and the bad value."""
        try:
            return parser(value)
        except (ValueError, TypeError) as exc:
            raise self.error(f"{label} invalide {value!r}") from exc
