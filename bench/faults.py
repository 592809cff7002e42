"""Faults: `kill -9` of the task worker mid-task, and of the web server mid-form.

    . var/bench-pg.env   # DATABASE_URL, DJANGO_SETTINGS_MODULE, SECRET_KEY, ... (or SQLite)
    .venv/bin/python bench/faults.py [--port 8741]

1. Worker: a 20 s task is enqueued, a `db_worker` claims it, is killed with SIGKILL 3 s later.
   The task stays RUNNING (django_tasks_db cannot know); `/sante/` reports it as stuck once past
   MAILLAGE_TASK_STALE_MINUTES; `recover_tasks` puts it back in the queue; a new worker runs it
   to the end. Printed: each status seen. The stale delay is set to 0 for the run.
2. Server: gunicorn serves the application with a pause after a « coupure-… » account is
   inserted (bench/fault_wsgi.py); a sign-up form is posted, the gunicorn processes are killed
   with SIGKILL during the pause. Checked: no such account exists afterwards (the request's
   transaction was never committed), and the same form without a kill creates it.
Only 127.0.0.1; bounded (about a minute).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["MAILLAGE_TASK_STALE_MINUTES"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from bench.fault_tasks import slow_task  # noqa: E402
from maillage.accounts.models import User  # noqa: E402

PY = sys.executable


def _status(task_id) -> str:
    close_old_connections()
    return DBTaskResult.objects.get(pk=task_id).status


def _wait_for(task_id, status: str, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if _status(task_id) == status:
            return True
        time.sleep(0.2)
    return False


def worker_kill() -> bool:
    env = {**os.environ}
    # Highest priority: the workers started here claim this task first (stop any other worker
    # of this database before the run; other tasks in the queue are left alone).
    result = slow_task.using(priority=100).enqueue(20)
    task_id = result.id
    print(f"tâche {task_id} : {_status(task_id)}")
    worker_cmd = [
        PY,
        "manage.py",
        "db_worker",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.2",
    ]
    worker = subprocess.Popen(
        worker_cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if not _wait_for(task_id, "RUNNING", 60):
        worker.kill()
        print("le processus de tâches n'a pas pris la tâche")
        return False
    time.sleep(3)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    after_kill = _status(task_id)
    print(f"kill -9 du processus de tâches : la tâche est {after_kill}")
    call_command("recover_tasks")
    requeued = _status(task_id)
    print(f"après recover_tasks : {requeued}")
    worker = subprocess.Popen(
        [*worker_cmd, "--max-tasks", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker.wait(timeout=120)
    final = DBTaskResult.objects.get(pk=task_id)
    print(f"nouveau processus : {final.status}, tentatives par {len(final.worker_ids)} processus")
    return after_kill == "RUNNING" and requeued == "READY" and final.status == "SUCCESSFUL"


def _signup(base: str, email: str, timeout: float) -> int | str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/compte/inscription/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "email": email,
        "password1": "Balançoire-Verte-2026",
        "password2": "Balançoire-Verte-2026",
        "role": "parent",
        "accept_terms": "on",
    }
    try:
        with opener.open(
            base + "/compte/inscription/", urllib.parse.urlencode(data).encode(), timeout=timeout
        ) as response:
            return response.status
    except Exception as exc:  # noqa: BLE001 - the connection dies with the server
        return type(exc).__name__


def _gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_PRELOAD": "false",
        # Plain HTTP on 127.0.0.1: the production settings' Secure cookies would not come back;
        # the transaction handling under test is the same in every settings module.
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
    }
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "config/gunicorn.py", "bench.fault_wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2)
            return server
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise RuntimeError("gunicorn n'a pas démarré")


def server_kill(port: int) -> bool:
    base = f"http://127.0.0.1:{port}"
    stamp = int(time.time())
    killed_email = f"coupure-{stamp}@exemple.fr"
    server = _gunicorn(port)
    outcome: dict[str, object] = {}
    poster = threading.Thread(target=lambda: outcome.update(r=_signup(base, killed_email, 30)))
    poster.start()
    time.sleep(3)  # inside the 8 s pause: the row is inserted, not committed
    os.killpg(server.pid, signal.SIGKILL)  # master and worker, no clean shutdown
    server.wait()
    poster.join()
    close_old_connections()
    left = User.objects.filter(email=killed_email).count()
    print(
        f"kill -9 du serveur pendant l'inscription : réponse {outcome['r']}, comptes écrits : {left}"
    )
    control_email = f"temoin-{stamp}@exemple.fr"
    server = _gunicorn(port)
    status = _signup(base, control_email, 30)
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()
    close_old_connections()
    created = User.objects.filter(email=control_email).count()
    print(f"même formulaire sans coupure : réponse {status}, comptes écrits : {created}")
    User.objects.filter(email__in=[control_email]).delete()
    return left == 0 and created == 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8741)
    args = parser.parse_args()
    ok_worker = worker_kill()
    ok_server = server_kill(args.port)
    print(
        "Résultat :", "rien de perdu, rien d'écrit à moitié" if ok_worker and ok_server else "ÉCHEC"
    )
    return 0 if ok_worker and ok_server else 1


if __name__ == "__main__":
    sys.exit(main())
