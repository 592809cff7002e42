"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (compose.yaml, docs/operations.md).

Every value comes from the environment. Workers are synchronous processes with a few threads
each: pages are short database-bound requests; a slow client is absorbed by the reverse proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One process per core: pages are processor-bound Python (the threads cover the database
# waits), and each process keeps its own engine index of the départements (≈ 200–500 MB).
workers = int(os.environ.get("GUNICORN_WORKERS", str(max(2, multiprocessing.cpu_count()))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request longer than this is killed and logged (the statement timeout is 30 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then: bounded memory whatever a library leaks. Not too often: a new
# worker rebuilds its engine index of each département on its first searches (seconds each).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# The application is imported once, then forked: faster start, shared memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
# Behind the reverse proxy, trust its X-Forwarded-* headers (the proxy's address).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Application logs go through Django's LOGGING (JSON with request id); gunicorn's own error log
# to stderr; the access log is off by default (the proxy keeps one), on with GUNICORN_ACCESSLOG=-.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","request":"%(r)s","status":%(s)s,'
    '"bytes":"%(B)s","duration_us":%(D)s,"request_id":"%({x-request-id}o)s"}'
)
worker_tmp_dir = os.environ.get(
    "GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None
)


def post_fork(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    # Connections opened while preloading must not be shared between forked workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
