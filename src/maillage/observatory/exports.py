"""CSV, XLSX and ODS writers for the observatory's tables (no Django).

Every text cell is neutralised against spreadsheet formula injection: a text starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that a
spreadsheet shows it as text instead of evaluating it. Numbers stay numbers (typed numeric
cells in XLSX/ODS, plain digits in CSV); ``None`` is an empty cell.

CSV: UTF-8 with a byte-order mark and ``;`` as separator (what French spreadsheet software
opens without an import dialog); the separator is a parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

CellValue = str | int | float | Decimal | dt.date | None

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
}


@dataclass
class ExportTable:
    title: str
    columns: list[str]
    rows: list[list[CellValue]] = field(default_factory=list)
    # A note printed under the table (method, sources, suppression rule).
    note: str = ""


def neutralise(value: CellValue) -> CellValue:
    """Neutralise a cell against formula injection; numbers and dates pass unchanged."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _text(value: CellValue) -> str:
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # French CSV: decimal comma (the separator is ";").
        return repr(value).replace(".", ",") if value != int(value) else str(int(value))
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _number(value: CellValue) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return float(value)
    return None


def write_csv(table: ExportTable, *, delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_text(c) for c in row])
    if table.note:
        writer.writerow([])
        writer.writerow([_text(table.note)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Tableau"
    return cleaned[:31]


def write_xlsx(table: ExportTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(table.title))
    bold = Font(bold=True)

    def cell(value: CellValue, header: bool = False) -> WriteOnlyCell:
        number = _number(value)
        if number is not None:
            out = WriteOnlyCell(sheet, value=number)
        elif isinstance(value, dt.date):
            out = WriteOnlyCell(sheet, value=value)
        else:
            text = _text(value)
            out = WriteOnlyCell(sheet, value=text if text != "" else None)
            # openpyxl would store "=…" as a formula: force the string type.
            if text:
                out.data_type = "s"
        if header:
            out.font = bold
        return out

    sheet.append([cell(c, header=True) for c in table.columns])
    for row in table.rows:
        sheet.append([cell(c) for c in row])
    if table.note:
        sheet.append([])
        sheet.append([cell(table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_ods(table: ExportTable) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = Table(name=_sheet_title(table.title))

    def add_row(values: Sequence[CellValue]) -> None:
        tr = TableRow()
        for value in values:
            number = _number(value)
            if number is not None:
                tc = TableCell(valuetype="float", value=number)
                tc.addElement(P(text=_text(value)))
            elif isinstance(value, dt.date):
                tc = TableCell(valuetype="date", datevalue=value.isoformat())
                tc.addElement(P(text=value.isoformat()))
            elif value is None:
                tc = TableCell()
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=_text(value)))
            tr.addElement(tc)
        sheet.addElement(tr)

    add_row(table.columns)
    for row in table.rows:
        add_row(row)
    if table.note:
        add_row([])
        add_row([table.note])
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def write(table: ExportTable, fmt: str) -> bytes:
    if fmt == "csv":
        return write_csv(table)
    if fmt == "xlsx":
        return write_xlsx(table)
    if fmt == "ods":
        return write_ods(table)
    raise ValueError(f"Format inconnu : {fmt!r}")
