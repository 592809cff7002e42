"""Exports open in openpyxl and odfpy with the right values; formulas are neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook

from maillage.observatory.exports import ExportTable, neutralise, write, write_csv

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def table() -> ExportTable:
    rows = [[f"Commune {i}", evil, 12, 60.5, Decimal("3.25"), None] for i, evil in enumerate(EVIL)]
    rows.append(["Saint-Denis", "ordinaire", -4, 0.0, Decimal("0"), dt.date(2026, 1, 1)])
    return ExportTable(
        title="Couverture: test/1",
        columns=["Commune", "Note", "Places", "Taux", "Écart", "Date"],
        rows=rows,
        note="Source : plateforme Maillage",
    )


@pytest.mark.parametrize("evil", EVIL)
def test_neutralise_prefixes_dangerous_text(evil):
    assert neutralise(evil) == "'" + evil


def test_neutralise_keeps_numbers_and_plain_text():
    assert neutralise(-3) == -3
    assert neutralise(2.5) == 2.5
    assert neutralise("Saint-Denis") == "Saint-Denis"
    assert neutralise(None) is None
    assert neutralise(True) == "oui"


def test_csv_is_utf8_bom_semicolon_and_neutralised():
    data = write_csv(table())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Commune", "Note", "Places", "Taux", "Écart", "Date"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][2:5] == ["12", "60,5", "3,25"]  # French decimal comma
    assert rows[7] == ["Saint-Denis", "ordinaire", "-4", "0", "0", "2026-01-01"]
    assert all(not r[1].startswith(("=", "+", "-", "@")) for r in rows[1:7])


def test_xlsx_opens_in_openpyxl_with_typed_values_and_no_formula():
    wb = load_workbook(io.BytesIO(write(table(), "xlsx")))
    ws = wb.active
    assert ws.title == "Couverture  test 1"
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Commune"
    assert values[1][1] == '\'=HYPERLINK("http://x")'
    assert values[1][2] == 12 and values[1][3] == 60.5 and values[1][4] == 3.25
    assert values[7][2] == -4
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
    assert values[-1][0] == "Source : plateforme Maillage"


def _ods_rows(data: bytes) -> list[list[tuple[str | None, str]]]:
    doc = load(io.BytesIO(data))
    sheet = doc.spreadsheet.getElementsByType(Table)[0]
    out = []
    for tr in sheet.getElementsByType(TableRow):
        row = []
        for tc in tr.getElementsByType(TableCell):
            kind = tc.getAttribute("valuetype")
            value = tc.getAttribute("value") if kind == "float" else str(tc)
            row.append((kind, value))
        out.append(row)
    return out


def test_ods_opens_in_odfpy_with_float_cells_and_neutralised_text():
    rows = _ods_rows(write(table(), "ods"))
    assert rows[0][0] == ("string", "Commune")
    assert rows[1][1] == ("string", '\'=HYPERLINK("http://x")')
    assert rows[1][2] == ("float", "12")
    assert float(rows[1][3][1]) == 60.5
    assert rows[7][2] == ("float", "-4")
    assert all(not r[1][1].startswith(("=", "+", "-", "@")) for r in rows[1:7])


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        write(table(), "pdf")
