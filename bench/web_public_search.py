"""Benchmark: the public search page (`/recherche/`, no account) under 20 concurrent clients.

Prepare a database once (SQLite file or PostgreSQL scratch DB) with the demo of département 93:
    export SQLITE_PATH=/tmp/searchbench/bench.sqlite3      # or DATABASE_URL=postgres://...
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py createcachetable
    .venv/bin/python manage.py import_territory
    .venv/bin/python manage.py seed_demo --departement 93 --seed 1
then:
    .venv/bin/python bench/web_public_search.py [--clients 20] [--requests 40]

It starts a real server process (gunicorn from the lock, `config.settings.dev` with DEBUG off,
on 127.0.0.1 only), warms every worker (the provider index of the département is built once
per process), then `--clients` threads each send `--requests` searches one after the other
(no think time: a closed loop, the hardest case) with varied communes of the département,
children's ages, hours and distances; each client keeps its connection open, as a browser does.
With `--popular N` the searches are drawn from N distinct ones (searches that several visitors
make: the page cache serves the repeats); by default every search is drawn at random (nearly
all different: the engine runs for each). The rate limit stays on, raised for the bench, so its
cache write is measured too. Prints the median, p95 and max latency seen by the clients, the
throughput, the load generator's own processor time, and checks that every answer is a 200
with results.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOURS = [("08:30", "17:30"), ("07:30", "18:00"), ("09:00", "16:30"), ("08:00", "12:30")]
DAYS = [["0", "1", "2", "3", "4"], ["0", "1", "3", "4"], ["1", "2", "3"]]


def _communes(departement: str) -> list[str]:
    """Commune names of the département, read through Django (outside the server)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from maillage.territory.models import Commune

    names = list(
        Commune.objects.filter(departement_id=departement)
        .order_by("-population")
        .values_list("postcodes", flat=True)
    )
    return [p.split(" ")[0] for p in names if p]


def _queries(postcodes: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        start, end = rng.choice(HOURS)
        queries.append(
            urlencode(
                {
                    "commune": rng.choice(postcodes),
                    "age": str(rng.randint(3, 30)),
                    "jours": rng.choice(DAYS),
                    "debut_heure": start,
                    "fin_heure": end,
                    "distance": rng.choice(["2", "3", "5"]),
                },
                doseq=True,
            )
        )
    return queries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return (time.perf_counter() - started) * 1000, status, body


def _get_kept(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    """One search on the client's kept-alive connection (reopened once if the server closed
    it while idle, as a browser does)."""
    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{conn.port}"})
            response = conn.getresponse()
            body = response.read()
            return (time.perf_counter() - started) * 1000, response.status, body
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departement", default="93")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--popular", type=int, default=0, help="draw the searches from this many distinct ones"
    )
    parser.add_argument(
        "--think-ms", type=int, default=0, help="pause of each client between searches"
    )
    args = parser.parse_args()

    postcodes = _communes(args.departement)
    if not postcodes:
        sys.exit("Aucune commune : importez le référentiel et lancez seed_demo d'abord.")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MAILLAGE_LOG_LEVEL": "WARNING",
        "MAILLAGE_PUBLIC_SEARCH_RATE_COUNT": "1000000",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/recherche/?"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/recherche/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        # Warm-up: every worker builds the provider index of the département once.
        warm = _queries(postcodes, args.workers * args.threads * 3, args.seed + 1)
        cold_ms = []
        with_lock = threading.Lock()

        def warm_one(query: str) -> None:
            elapsed, status, _ = _get(base + query)
            with with_lock:
                cold_ms.append(elapsed)

        threads = [threading.Thread(target=warm_one, args=(q,)) for q in warm]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        queries = _queries(postcodes, args.clients * args.requests, args.seed)
        if args.popular:
            pool = queries[: args.popular]
            rng = random.Random(args.seed)
            queries = [rng.choice(pool) for _ in queries]
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        empty = 0

        def client(number: int) -> None:
            nonlocal empty
            mine = queries[number * args.requests : (number + 1) * args.requests]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for query in mine:
                elapsed, status, body = _get_kept(conn, "/recherche/?" + query)
                with with_lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
                    if b"avec une place libre" not in body:
                        empty += 1
                if args.think_ms:
                    time.sleep(args.think_ms / 1000)

        started = time.perf_counter()
        cpu_started = time.process_time()
        clients = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in clients:
            t.start()
        for t in clients:
            t.join()
        wall = time.perf_counter() - started
        client_cpu = time.process_time() - cpu_started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(
        f"serveur : gunicorn {args.workers} processus × {args.threads} fils, "
        f"département {args.departement}, {len(postcodes)} communes"
    )
    print(f"échauffement : {len(cold_ms)} requêtes, max {max(cold_ms):.0f} ms (index froid)")
    pause = f", pause de {args.think_ms} ms entre deux recherches" if args.think_ms else ""
    print(
        f"{args.clients} clients simultanés × {args.requests} recherches{pause} : "
        f"médiane {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, "
        f"max {latencies[-1]:.1f} ms, {len(latencies) / wall:.0f} recherches/s"
    )
    print(f"statuts : {statuses} ; réponses sans aucune option : {empty}")
    mix = f"{args.popular} recherches distinctes" if args.popular else "toutes tirées au hasard"
    print(
        f"recherches : {mix} ; processeur du client de charge : {client_cpu:.1f} s sur "
        f"{wall:.1f} s ({100 * client_cpu / wall:.0f} % d'un cœur)"
    )


if __name__ == "__main__":
    main()
