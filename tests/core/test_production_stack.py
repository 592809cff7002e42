"""Production stack: CSP, request ids and JSON logs, /sante/, recovery of tasks of a dead worker."""

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from maillage.core.observability import JsonFormatter, RequestIdFilter
from maillage.core.task_recovery import recover_interrupted_tasks

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "maillage"


def _csp(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )


def test_pages_carry_a_strict_content_security_policy(client):
    policy = _csp(client.get("/"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy["default-src"] + policy["script-src"]


def test_the_api_documentation_keeps_scripts_strict(client):
    page = client.get("/api/swagger/")
    assert page.status_code == 200
    policy = _csp(page)
    assert policy["script-src"] == "'self'"
    html = page.content.decode()
    # The split view serves Swagger's start-up script as a file, not inline.
    assert not re.search(r"<script>(?!\s*</script>)", html)
    script = client.get("/api/swagger/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_no_template_holds_inline_script_handlers_or_style_attributes():
    offenders = []
    for template in SRC.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: on…= handler")
        if re.search(r"\sstyle\s*=\s*[\"']", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_styles(client):
    assert '"includeIndicatorStyles": false' in client.get("/").content.decode()


def test_a_request_id_is_echoed_and_generated_when_absent(client):
    given = client.get("/", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert given.headers["X-Request-ID"] == "proxy-abc-12345"
    made = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    # A header that could forge log lines is replaced.
    forged = client.get("/", HTTP_X_REQUEST_ID="abc\nlevel=ERROR fake")
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


def test_log_lines_are_json_with_the_request_id(client, caplog):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("maillage")
    logger.addHandler(handler)
    try:
        client.post(
            "/compte/inscription/",
            {
                "email": "journal@exemple.fr",
                "password1": "Balançoire-Verte-2026",
                "password2": "Balançoire-Verte-2026",
                "role": "parent",
                "accept_terms": "on",
            },
            HTTP_X_REQUEST_ID="req-journal-0001",
        )
    finally:
        logger.removeHandler(handler)
    assert records, "the request logged nothing"
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["request_id"] == "req-journal-0001"
    assert {"time", "level", "logger", "message"} <= set(line)


def test_health_is_200_with_the_database_and_an_idle_queue(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"] is True


def _db_task(**fields):
    from django_tasks_db.models import DBTaskResult

    defaults = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "maillage.observatory.tasks.protect_departement",
        "backend_name": "default",
        "run_after": timezone.now() - dt.timedelta(hours=1),
    }
    return DBTaskResult.objects.create(**{**defaults, **fields})


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DB_TASKS)
def test_health_is_503_when_no_worker_takes_the_queue(client):
    from django_tasks_db.models import DBTaskResult

    task = _db_task()
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = client.get("/sante/")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue["ok"] is False and queue["oldest_ready_age_seconds"] >= 3600


@override_settings(TASKS=DB_TASKS)
def test_a_task_of_a_killed_worker_is_retried_then_failed_visibly(client):
    from django_tasks_db.models import DBTaskResult

    long_ago = timezone.now() - dt.timedelta(hours=2)
    once = _db_task(status="RUNNING", started_at=long_ago, worker_ids=["w1"])
    twice = _db_task(status="RUNNING", started_at=long_ago, worker_ids=["w1", "w2"])
    recent = _db_task(status="RUNNING", started_at=timezone.now(), worker_ids=["w3"])
    assert client.get("/sante/").json()["checks"]["queue"]["stuck_running"] == 2
    recovery = recover_interrupted_tasks()
    assert (recovery.requeued, recovery.failed) == (1, 1)
    once.refresh_from_db()
    twice.refresh_from_db()
    recent.refresh_from_db()
    assert once.status == "READY" and once.started_at is None
    assert twice.status == "FAILED"
    assert twice.exception_class_path == "maillage.core.task_recovery.WorkerLost"
    assert recent.status == "RUNNING"  # a live worker's task is left alone
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1


def test_the_scheduler_runs_the_daily_jobs_once_a_day():
    from maillage.core.management.commands.scheduler import daily_due

    morning = dt.time(6, 15)
    at = dt.datetime(2026, 3, 2, 5, 20, tzinfo=dt.UTC)  # 06:20 in Paris
    assert daily_due(now=at, daily_at=morning, last_day=None)
    assert not daily_due(now=at, daily_at=morning, last_day=dt.date(2026, 3, 2))
    assert not daily_due(now=at - dt.timedelta(hours=1), daily_at=morning, last_day=None)


def test_static_files_storage_ignores_missing_source_maps():
    from maillage.core.storage import StaticFilesStorage

    rules = [str(rule) for _ext, group in StaticFilesStorage.patterns for rule in group]
    assert rules and not any("sourceMappingURL" in rule for rule in rules)


def test_static_urls_are_computed_once_per_name(tmp_path, monkeypatch):
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    from maillage.core.storage import StaticFilesStorage

    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    calls = []

    def counted(self, name, force=False):
        calls.append(name)
        return f"/static/{name}.abc123"

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counted)
    assert storage.url("core/maillage.css") == "/static/core/maillage.css.abc123"
    assert storage.url("core/maillage.css") == "/static/core/maillage.css.abc123"
    assert storage.url("core/print.js") == "/static/core/print.js.abc123"
    assert calls == ["core/maillage.css", "core/print.js"]
