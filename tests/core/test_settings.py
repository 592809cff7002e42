"""Settings come from the environment: checked in a subprocess so each case starts clean."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "options": db.get("OPTIONS", {}),
    "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
    "email": settings.EMAIL_BACKEND, "theme": settings.MAILLAGE_THEME,
    "dsfr_safe": settings.DSFR_CONTENT_IS_SAFE,
}))
"""


def _settings(module: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=module, PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=clean, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_dev_defaults_to_sqlite_file_in_wal_with_immediate_transactions():
    conf = _settings("config.settings.dev")
    assert conf["engine"] == "django.db.backends.sqlite3"
    assert conf["name"].endswith("var/maillage.sqlite3")
    assert conf["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in conf["options"]["init_command"]
    assert conf["debug"] is True
    assert conf["email"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_switches_to_postgresql_with_timeouts():
    conf = _settings(
        "config.settings.dev", DATABASE_URL="postgres://alice:pw@db.example:5433/maillage"
    )
    assert conf["engine"] == "django.db.backends.postgresql"
    assert conf["name"] == "maillage"
    assert "statement_timeout" in conf["options"]["options"]
    assert "lock_timeout" in conf["options"]["options"]


def test_environment_overrides_hosts_debug_and_theme():
    conf = _settings(
        "config.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="maillage.example.fr, www.maillage.example.fr",
        MAILLAGE_THEME="neutral",
    )
    assert conf["debug"] is False
    assert conf["hosts"] == ["maillage.example.fr", "www.maillage.example.fr"]
    assert conf["theme"] == "neutral"


def test_dsfr_components_do_not_mark_content_safe():
    assert _settings("config.settings.dev")["dsfr_safe"] is False


def test_prod_refuses_the_dev_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.prod", PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "SECRET_KEY doit être défini en production" in out.stderr


@pytest.mark.parametrize("value", ["peut-être", "2"])
def test_a_bad_boolean_gets_a_french_message(value):
    env = dict(os.environ, DEBUG=value, DJANGO_SETTINGS_MODULE="config.settings.dev")
    env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'src'}"
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "DEBUG doit valoir true ou false" in out.stderr
