"""Fuzz the OpenAPI schema with schemathesis against a live server, on a bounded budget.

    .venv/bin/python scripts/api_fuzz.py [--examples 60] [--max-time 150]

Starts `manage.py runserver` on 127.0.0.1 with a fresh SQLite file (or DATABASE_URL), a small
dataset and a write token of département 93 (`api_fuzz_fixture`), then runs `schemathesis
run` on every operation, positive and negative data, with the checks below. Fails (exit 1)
unless at least MIN_CASES cases ran with 0 server errors, 0 undocumented statuses and 0
schema-violating responses (or accepted schema-violating requests). Traffic only to
127.0.0.1. Prints one summary line for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MIN_CASES = 500
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
    ]
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit("Le serveur de test n'a pas démarré.")


def _cases(report: Path) -> tuple[int, dict[str, int]]:
    """Number of test cases and failures per check, from the ndjson event stream."""
    cases, failures = 0, {}
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for kind, body in event.items():
            if kind != "ScenarioFinished":
                continue
            recorder = body.get("recorder", {})
            cases += len(recorder.get("cases", {}))
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    if str(check.get("status", "")).lower() == "failure":
                        failures[check["name"]] = failures.get(check["name"], 0) + 1
    return cases, failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=60, help="cas par opération")
    parser.add_argument("--max-time", type=int, default=150, help="secondes au plus")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="maillage-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "MAILLAGE_API_RATE": "100000/min",
        "CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "PYTHONUNBUFFERED": "1",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'fuzz.sqlite3'}")
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    token = subprocess.run(
        [*manage, "api_fuzz_fixture", "--yes"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "server.log", "w"),  # noqa: SIM115 - closed with the process
    )
    started = time.monotonic()
    try:
        _wait(port)
        report = tmp / "events.ndjson"
        command = [
            str(Path(PYTHON).parent / "schemathesis"),
            "run",
            f"http://127.0.0.1:{port}/api/schema/",
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--mode",
            "all",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            str(args.examples),
            "--max-time",
            str(args.max_time),
            "--request-timeout",
            "10",
            "--seed",
            "20261204",
            "--workers",
            "1",
            "--continue-on-failure",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
            "--warnings",
            "off",
        ]
        result = subprocess.run(command, cwd=ROOT, env=env)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    cases, failures = _cases(report)
    server_errors = (tmp / "server.log").read_text().count("Internal Server Error")
    print(
        f"schemathesis: {cases} cas en {elapsed:.0f} s ; échecs par vérification : "
        f"{failures or 'aucun'} ; erreurs 500 dans le journal du serveur : {server_errors}"
    )
    if cases < MIN_CASES:
        print(f"Moins de {MIN_CASES} cas : budget insuffisant.")
        return 1
    return 0 if result.returncode == 0 and not failures and not server_errors else 1


if __name__ == "__main__":
    sys.exit(main())
