"""Bad input never breaks an import: each case gets a French message and nothing saved
before is lost (malformed, wrong encoding, huge file, crash or kill in the middle)."""

import os
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import Workbook

from maillage.childcare.models import Childminder
from maillage.registers.formats import CHILDMINDER_COLUMNS
from maillage.registers.reading import RegisterFileError, file_rows
from maillage.registers.services import RegisterImportRejected, childminder_register_import
from tests.registers.conftest import CM_HEADER, cm_csv, cm_line

pytestmark = pytest.mark.django_db


def run(path, admin, dry_run=False):
    rows = file_rows(path, CHILDMINDER_COLUMNS)
    return childminder_register_import(rows=rows, by=admin, departements=["93"], dry_run=dry_run)


def test_an_unclosed_quote_is_a_malformed_file(write, territory_admin):
    path = write(cm_csv(cm_line(), '"093-AM-9;Diallo;' + "x" * 20_000))

    with pytest.raises(RegisterImportRejected) as caught:
        run(path, territory_admin)

    assert "le fichier est mal formé" in str(caught.value.report.errors[0])


def test_a_file_without_the_expected_header_is_refused(write, territory_admin):
    with pytest.raises(RegisterImportRejected) as caught:
        run(write(b"a;b;c\n1;2;3\n"), territory_admin)

    assert "partez du modèle téléchargeable" in str(caught.value.report.errors[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x".encode("utf-16"), "Encodage UTF-16 non pris en charge"),
        (CM_HEADER.encode() + b"\n\x81\x8d;x\n", "ni en UTF-8 ni en Windows-1252"),
        (b"\x00\x01\x02PK", "octets nuls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003"),
    ],
)
def test_a_wrong_encoding_or_format_gets_a_french_message(write, content, message):
    with pytest.raises(RegisterFileError) as caught:
        file_rows(write(content), CHILDMINDER_COLUMNS)

    assert message in caught.value.message


def test_an_xlsx_register_is_read_like_a_csv(write, territory_admin):
    book = Workbook()
    sheet = book.active
    sheet.append(CM_HEADER.split(";"))
    sheet.append(cm_line(email="a@ex.fr").split(";"))
    sheet.append(cm_line("093-AM-0002", email="b@ex.fr").split(";"))
    path = write(b"", "registre.xlsx")
    book.save(path)

    report = run(path, territory_admin)

    assert report.created == 2


def test_a_file_above_the_limit_is_refused_before_being_read(tmp_path, settings):
    settings.MAILLAGE_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    path = tmp_path / "enorme.csv"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # 100 MB, sparse: nothing to read

    with pytest.raises(RegisterFileError) as caught:
        file_rows(path, CHILDMINDER_COLUMNS)

    assert caught.value.message.startswith("Le fichier pèse 100 Mo : au-delà de 50 Mo")


def test_a_100_mb_file_is_streamed_in_bounded_memory(tmp_path, territory_admin):
    """100 MB of lines outside the territory: every line read, errors capped, memory small."""
    path = tmp_path / "national.csv"
    line = (cm_line("X", insee="91228", mam="n" * 8000) + "\n").encode()
    with path.open("wb") as handle:
        handle.write(CM_HEADER.encode() + b"\n")
        block = line * 100
        for _ in range(100 * 1024 * 1024 // len(block) + 1):
            handle.write(block)
    assert path.stat().st_size >= 100 * 1024 * 1024

    tracemalloc.start()
    report = run(path, territory_admin, dry_run=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert report.lines > 12_000
    assert report.error_count == report.lines and len(report.errors) == 5000
    assert peak < 60 * 1024 * 1024


def test_a_crash_in_the_middle_keeps_the_previous_data(write, territory_admin):
    run(write(cm_csv(cm_line("093-AM-0001", capacite="3"))), territory_admin)
    lines = [cm_line(f"093-AM-{i:04d}", capacite="4") for i in range(1, 2500)]
    path = write(cm_csv(*lines), "gros.csv")
    from maillage.registers.services.childminders import ChildminderWriter

    original = ChildminderWriter.batch
    calls = []

    def failing(self, records):
        calls.append(len(records))
        if len(calls) == 2:
            raise RuntimeError("panne simulée")
        return original(self, records)

    with mock.patch.object(ChildminderWriter, "batch", failing), pytest.raises(RuntimeError):
        run(path, territory_admin)

    assert list(Childminder.objects.values_list("agrement_number", "agrement_capacity")) == [
        ("093-AM-0001", 3)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_in_the_middle_leaves_the_previous_data_intact(tmp_path, territory_admin):
    first = tmp_path / "premier.csv"
    first.write_bytes(cm_csv(cm_line("093-AM-0001", capacite="3")))
    call_command("import_childminders", str(first), departement=["93"])
    big = tmp_path / "gros.csv"
    big.write_bytes(cm_csv(*(cm_line(f"093-AM-{i:05d}") for i in range(1, 30_001))))

    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "SQLITE_PATH": db["NAME"]}
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "import_childminders",
            str(big),
            "--departement",
            "93",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for text in process.stdout:
            if "lignes traitées" in text:  # the first batches are written, uncommitted
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    connection.close()
    assert list(Childminder.objects.values_list("agrement_number", "agrement_capacity")) == [
        ("093-AM-0001", 3)
    ]


def test_the_command_writes_the_error_report_and_says_nothing_was_imported(
    write, territory_admin, tmp_path
):
    path = write(cm_csv(cm_line(capacite="9")))
    report = tmp_path / "erreurs.csv"

    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_childminders", str(path), departement=["93"], errors_csv=report)

    text = report.read_text(encoding="utf-8")
    assert text.startswith("\ufeffligne;colonne;erreur\n2;capacite;9 enfants")
