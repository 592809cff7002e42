"""Load test of a running Maillage (gunicorn) on 127.0.0.1: N concurrent clients for D seconds.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=... \\
    .venv/bin/python bench/load_http.py --base-url http://127.0.0.1:8731 --clients 50 --duration 60

The script reads the same database as the server (same environment) only to prepare signed-in
sessions: each client is the parent of a demo need of the département and asks for the results
page of that need; the observatory (département page) and the public pages are anonymous. Every
client keeps one HTTP/1.1 connection and sends requests back to back, cycling through the
pages. Prints, per page and overall: requests, requests/s, p50, p95, p99 (ms) and errors
(non-200 answers, timeouts, resets). Traffic only to 127.0.0.1 (refused otherwise), bounded by
--duration and --clients.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def _sessions(departement: str, count: int) -> list[tuple[str, str]]:
    """(session cookie, results path) for up to `count` demo parents with an open need."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from maillage.families.enums import NeedStatus
    from maillage.families.models import Need

    needs = list(
        Need.objects.filter(
            commune__departement_id=departement, status=NeedStatus.OPEN, parent__isnull=False
        )
        .select_related("parent")
        .order_by("pk")[:count]
    )
    out = []
    for need in needs:
        store = SessionStore()
        store[SESSION_KEY] = str(need.parent.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = need.parent.get_session_auth_hash()
        store["maillage_last_seen"] = int(time.time()) + 3600  # no idle-time write during the run
        store.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
        out.append((cookie, reverse("families:need_results", kwargs={"pk": need.pk})))
    return out


# A kept-alive connection the server closed before reading the request.
RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def _send(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> http.client.HTTPResponse:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response


def local_bounded(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> urllib.parse.ParseResult:
    """The parsed --base-url, refused unless on this machine and within the bounds of count
    (--clients) and time (--duration) of the load benchmarks."""
    url = urllib.parse.urlparse(args.base_url)
    if url.hostname not in {"127.0.0.1", "localhost"}:
        parser.error("trafic autorisé vers 127.0.0.1 seulement")
    if not (1 <= args.clients <= 200 and 1 <= args.duration <= 600):
        parser.error("1 à 200 clients, 1 à 600 secondes")
    return url


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8731")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--departement", default="93")
    parser.add_argument(
        "--page",
        action="append",
        help="results, observatory, search or a path (repeatable; default: the three)",
    )
    parser.add_argument("--search-path", default="/recherche/?commune=93066")
    parser.add_argument(
        "--warmup", type=float, default=10, help="seconds of traffic not counted (caches)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    url = local_bounded(parser, args)
    pages = args.page or ["results", "observatory", "search"]
    sessions = _sessions(args.departement, args.clients) if "results" in pages else []
    if "results" in pages and not sessions:
        parser.error("aucun besoin ouvert de démonstration dans ce département")

    def plan(client: int) -> list[tuple[str, str, str]]:
        """(label, path, cookie) cycled by this client."""
        steps = []
        for page in pages:
            if page == "results":
                cookie, path = sessions[client % len(sessions)]
                steps.append(("résultats d'un besoin", path, cookie))
            elif page == "observatory":
                steps.append(
                    (
                        "observatoire (département)",
                        f"/observatoire/departement/{args.departement}/",
                        "",
                    )
                )
            elif page == "search":
                steps.append(("recherche publique", args.search_path, ""))
            else:
                steps.append((page, page, ""))
        return steps

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    retries: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    start_barrier = threading.Barrier(args.clients + 1)
    deadline = [0.0]
    measure_from = [0.0]

    def client(index: int) -> None:
        steps = plan(index)
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
        local_lat: dict[str, list[float]] = defaultdict(list)
        local_err: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        local_retries: dict[str, int] = defaultdict(int)
        reused = [False]
        start_barrier.wait()
        n = index  # clients start on different pages
        while time.monotonic() < deadline[0]:
            label, path, cookie = steps[n % len(steps)]
            n += 1
            headers = {"Host": url.netloc, "Accept-Encoding": "gzip"}
            if cookie:
                headers["Cookie"] = cookie
            counted = time.monotonic() >= measure_from[0]
            t0 = time.perf_counter()
            try:
                try:
                    response = _send(conn, path, headers)
                except RETRYABLE:
                    # The server closed an idle kept-alive connection (a worker recycled,
                    # keep-alive time-out) before reading the request: like a browser, the
                    # client reconnects and sends it again, once; counted apart.
                    if not reused[0]:
                        raise
                    local_retries[label] += int(counted)
                    conn.close()
                    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
                    response = _send(conn, path, headers)
                reused[0] = True
                elapsed = (time.perf_counter() - t0) * 1000
                if not counted:
                    pass
                elif response.status == 200:
                    local_lat[label].append(elapsed)
                else:
                    local_err[label][f"HTTP {response.status}"] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
                    reused[0] = False
            except Exception as exc:  # noqa: BLE001 - counted as an error
                if counted:
                    local_err[label][type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
                reused[0] = False
        conn.close()
        with lock:
            for label, values in local_lat.items():
                latencies[label].extend(values)
            for label, kinds in local_err.items():
                for kind, count in kinds.items():
                    errors[label][kind] += count
            for label, count in local_retries.items():
                retries[label] += count

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    measure_from[0] = time.monotonic() + args.warmup
    deadline[0] = measure_from[0] + args.duration
    start_barrier.wait()
    cpu_before = time.process_time()
    for thread in threads:
        thread.join(timeout=args.warmup + args.duration + 60)
    wall = time.monotonic() - measure_from[0]
    client_cpu = time.process_time() - cpu_before

    rows = []
    labels = sorted(set(latencies) | set(errors))
    for label in [*labels, "total"]:
        values = (
            [v for vs in latencies.values() for v in vs] if label == "total" else latencies[label]
        )
        errs = (
            sum(sum(k.values()) for k in errors.values())
            if label == "total"
            else sum(errors[label].values())
        )
        rows.append(
            {
                "page": label,
                "requests": len(values) + errs,
                "rps": round((len(values) + errs) / wall, 1),
                "p50_ms": round(percentile(values, 50)),
                "p95_ms": round(percentile(values, 95)),
                "p99_ms": round(percentile(values, 99)),
                "mean_ms": round(statistics.fmean(values)) if values else 0,
                "errors": errs,
                "error_kinds": dict(errors[label]) if label != "total" else {},
                "retried": sum(retries.values()) if label == "total" else retries[label],
            }
        )
    if args.json:
        print(json.dumps({"clients": args.clients, "duration_s": round(wall, 1), "rows": rows}))
    total = args.warmup + wall
    print(
        f"{args.clients} clients, {wall:.0f} s, {args.base_url}; processeur du client de charge : "
        f"{client_cpu:.1f} s sur {total:.0f} s ({100 * client_cpu / total:.0f} % d'un cœur)"
    )
    print("| page | requêtes | req/s | p50 ms | p95 ms | p99 ms | erreurs | renvoyées |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        kinds = (
            f" ({', '.join(f'{k} : {v}' for k, v in r['error_kinds'].items())})"
            if r["error_kinds"]
            else ""
        )
        print(
            f"| {r['page']} | {r['requests']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['p99_ms']} | {r['errors']}{kinds} | {r['retried']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
