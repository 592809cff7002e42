"""Reading a register file, line by line, without holding it in memory.

CSV (`;` or `,`, UTF-8 or Windows-1252, detected) or XLSX (first sheet). A reader is a
callable that opens the file again on each call, so a service can validate every line in a
first pass and write in a second one: memory stays proportional to a batch, not to the file.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from maillage.territory.text import normalize_name

Rows = Iterator[tuple[int, dict[str, str]]]
RowSource = Callable[[], Rows]

CHUNK = 1024 * 1024
# Bytes that Windows-1252 leaves undefined: a file holding them is in neither encoding.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# One line of a register is a few hundred characters; a longer field is a broken file.
MAX_FIELD_CHARS = 10_000


def max_bytes() -> int:
    return int(getattr(settings, "MAILLAGE_IMPORT_MAX_BYTES", 200 * 1024 * 1024))


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"Ligne {self.line}, colonne « {self.column} » : {self.message}"
        return f"Ligne {self.line} : {self.message}"


class RegisterFileError(Exception):
    """The file cannot be read at all: one French message, nothing written."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def as_row_error(self) -> RowError:
        return RowError(line=self.line, column="", message=self.message)


def header_key(value: Any) -> str:
    """'Numéro d'agrément ' -> 'numero_d_agrement'; 'code_insee' stays 'code_insee'."""
    return normalize_name(str(value or "").lstrip("\ufeff")).replace(" ", "_")


def cell_text(value: Any) -> str:
    """An XLSX cell as the text a CSV would hold (12.0 -> '12', a date -> '2027-05-31')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    limit = max_bytes()
    if size > limit:
        raise RegisterFileError(
            f"Le fichier pèse {size / 1_048_576:.0f} Mo : au-delà de "
            f"{limit / 1_048_576:.0f} Mo, découpez-le (par exemple par département ou par "
            "commune) et importez chaque partie."
        )
    if size == 0:
        raise RegisterFileError("Le fichier est vide.")


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' or 'cp1252', read chunk by chunk; a French error for anything else."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise RegisterFileError(
                "Encodage UTF-16 non pris en charge : enregistrez le fichier en « CSV UTF-8 » "
                "(ou CSV Windows-1252)."
            )
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        undefined = False
        while chunk := handle.read(CHUNK):
            if b"\x00" in chunk:
                raise RegisterFileError(
                    "Ce fichier n'est pas un texte CSV lisible (octets nuls) : enregistrez-le "
                    "en CSV UTF-8 ou en XLSX."
                )
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            undefined = undefined or not CP1252_UNDEFINED.isdisjoint(chunk)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8-sig"
    if undefined:
        raise RegisterFileError(
            "Encodage illisible : le fichier n'est ni en UTF-8 ni en Windows-1252. "
            "Enregistrez-le en « CSV UTF-8 »."
        )
    return "cp1252"


def _csv_rows(path: Path, encoding: str, columns: tuple[str, ...]) -> Rows:
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline(MAX_FIELD_CHARS)
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        yield from _records(_guarded(reader), columns)


def _guarded(reader: Any) -> Iterator[list[str]]:
    line = 0
    previous = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        while True:
            line += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise RegisterFileError(
                    "ligne illisible (guillemet non refermé ou champ de plus de "
                    f"{MAX_FIELD_CHARS} caractères) : le fichier est mal formé ({exc}).",
                    line=line,
                ) from None
            yield record
    finally:
        csv.field_size_limit(previous)


def _records(records: Iterator[list[Any]], columns: tuple[str, ...]) -> Rows:
    header: list[str] | None = None
    for number, record in enumerate(records, start=1):
        if header is None:
            header = [header_key(h) for h in record]
            missing = [c for c in columns if c not in header]
            if missing and len(missing) == len(columns):
                raise RegisterFileError(
                    "première ligne sans les noms de colonnes attendus (ex. "
                    f"« {columns[0]} ») : partez du modèle téléchargeable.",
                    line=1,
                )
            continue
        values = {
            key: cell_text(value)
            for key, value in zip(header, record, strict=False)
            if key in columns
        }
        if not any(values.values()):
            continue
        yield number, values
    if header is None:
        raise RegisterFileError("Le fichier est vide.")


def _xlsx_rows(path: Path, columns: tuple[str, ...]) -> Rows:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegisterFileError(
            f"Fichier XLSX illisible ({exc.__class__.__name__}) : ouvrez-le et "
            "enregistrez-le à nouveau en .xlsx, ou en CSV UTF-8."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        yield from _records(sheet.iter_rows(values_only=True), columns)
    finally:
        workbook.close()


def file_rows(path: Path, columns: tuple[str, ...]) -> RowSource:
    """A re-openable reader of (line number, {column: text}) for a CSV or XLSX file.

    The file is checked at once (size, format, encoding) and raises RegisterFileError.
    """
    path = Path(path)
    _check_size(path)
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return lambda: _xlsx_rows(path, columns)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterFileError(
            "Format Excel 97-2003 (.xls) non pris en charge : enregistrez le fichier en .xlsx "
            "ou en CSV UTF-8."
        )
    encoding = detect_encoding(path)
    return lambda: _csv_rows(path, encoding, columns)


def dict_rows(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> RowSource:
    """The same reader over rows already in memory (API callers, tests, the demo)."""

    def read() -> Rows:
        for number, row in enumerate(rows, start=2):
            values = {header_key(k): cell_text(v) for k, v in row.items()}
            yield number, {k: v for k, v in values.items() if k in columns}

    return read
