"""Test run: fast hashing, in-memory email, immediate tasks, no network."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = str(VAR_DIR / "test.sqlite3")
    # One file per process: parallel runs (xdist workers, several checkouts) never share a file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": f"test_maillage_{os.getpid()}"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read each page's context: the page cache is switched on by the tests about it.
MAILLAGE_PAGE_CACHE = False
MAILLAGE_INDEX_STAMP_SECONDS = 0
# A full collection at every index build would slow the suite (tests/core/test_gc_tuning.py).
MAILLAGE_GC_FREEZE = False
# WhiteNoise serves STATIC_ROOT: it must exist (empty in tests) or every request warns.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
