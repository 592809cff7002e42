"""Load test with wrk (a compiled load generator) against gunicorn on 127.0.0.1.

    apt-get install wrk                      # Debian's package; the Python client is load_http.py
    . var/bench-pg.env                        # the server's environment (see docs/benchmarks.md)
    .venv/bin/python bench/load_wrk.py --serve --page search-random --clients 20 --duration 60

A Python load generator on the same 2 cores takes a good part of a core at a few hundred
requests/s and its threads wait for its own GIL: it measures itself as much as the server.
wrk sends the requests from C, so the figures are the server's. Each client is one kept-alive
connection sending requests back to back (a closed loop, no pause: the hardest reading of
« N concurrent clients »).

Pages (`--page`, repeatable: one run per page):
- `search-random`: public searches that all differ (every commune of the département × child's
  age × four kinds of weekday hours × three weekly patterns × three distances, shuffled): the
  page cache never serves one, the engine runs for each;
- `search-popular`: searches drawn from `--popular` distinct ones (the page cache serves repeats);
- `search-fixed`: one search, always the same (`--search-path`);
- `results`: the results page of a need, signed in as its parent (one session per client);
- `observatory`: the département page of the observatory;
- `mix`: the three pages of issue 14 in turn (results of a need, `search-fixed`, observatory),
  as each client of `load_http.py` cycles through them (one figure for the whole mix).

`--warmup` seconds of the same kind of traffic come first and are not counted (each process
builds the providers' index of the département once). Prints one line per page: requests/s,
p50, p95, p99, max (ms), errors (non-2xx answers and socket errors), and the processor time the
server and wrk used. Traffic only to 127.0.0.1; bounded by --clients and --duration.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

HOURS = [("08:30", "17:30"), ("07:30", "18:00"), ("09:00", "16:30"), ("08:00", "12:30")]
DAYS = [["0", "1", "2", "3", "4"], ["0", "1", "3", "4"], ["1", "2", "3"]]
DISTANCES = ["2", "3", "5"]
AGES = range(3, 31)
PAGES = ("search-random", "search-popular", "search-fixed", "results", "observatory", "mix")


def all_searches(departement: str, seed: int) -> list[str]:
    """Every distinct search of the bench's space, shuffled (read through Django)."""
    import django

    django.setup()
    from maillage.territory.models import Commune

    postcodes = [
        p.split(" ")[0]
        for p in Commune.objects.filter(departement_id=departement)
        .order_by("-population")
        .values_list("postcodes", flat=True)
        if p
    ]
    paths = [
        "/recherche/?"
        + urlencode(
            {
                "commune": postcode,
                "age": str(age),
                "jours": days,
                "debut_heure": hours[0],
                "fin_heure": hours[1],
                "distance": distance,
            },
            doseq=True,
        )
        for postcode, age, hours, days, distance in itertools.product(
            postcodes, AGES, HOURS, DAYS, DISTANCES
        )
    ]
    random.Random(seed).shuffle(paths)
    return paths


def results_sessions(departement: str, count: int) -> list[tuple[str, str]]:
    from bench.load_http import _sessions

    return [(path, cookie) for cookie, path in _sessions(departement, count)]


def plan(args: argparse.Namespace, page: str) -> tuple[list[str], list[str]]:
    """(warm-up lines, measured lines), each "path<TAB>cookie"."""
    if page == "search-random":
        paths = all_searches(args.departement, args.seed)
        warm = args.warm_searches
        return paths[:warm], paths[warm:]
    if page == "search-popular":
        paths = all_searches(args.departement, args.seed)[: args.popular]
        rng = random.Random(args.seed)
        return paths, [rng.choice(paths) for _ in range(50_000)]
    if page == "search-fixed":
        return [args.search_path], [args.search_path]
    if page == "results":
        lines = [f"{path}\t{cookie}" for path, cookie in results_sessions(args.departement, 200)]
        if not lines:
            sys.exit("Aucun besoin ouvert de démonstration dans ce département.")
        return lines, lines
    observatory = f"/observatoire/departement/{args.departement}/"
    if page == "mix":
        results = [f"{path}\t{cookie}" for path, cookie in results_sessions(args.departement, 200)]
        lines = [line for result in results for line in (result, args.search_path, observatory)]
        return lines, lines
    return [observatory], [observatory]


def run_wrk(
    base_url: str, lines: list[str], clients: int, threads: int, seconds: float
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(threads, clients)}",
                f"-c{clients}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "bench" / "wrk_paths.lua"),
                base_url,
            ],
            env={**os.environ, "WRK_PATHS": handle.name},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(out.strip().splitlines()[-1])
    report["wrk_cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return report


def server_cpu(pid: int, *, system_only: bool = False) -> float:
    """Processor seconds of a process and its children (the gunicorn workers), from /proc:
    user + system time, or the system time alone (socket writes over loopback count there)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[12]) + (0 if system_only else int(fields[11]))) / ticks
    return total


def check_one(base_url: str, line: str) -> None:
    path, _, cookie = line.partition("\t")
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        sys.exit(f"{path} répond {status} avant le banc : rien n'est mesuré.")


def serve(port: int) -> subprocess.Popen[bytes]:
    """gunicorn with `config/gunicorn.py`; workers are not recycled during the run unless
    GUNICORN_MAX_REQUESTS says so (a recycled worker rebuilds its providers' index: seconds)."""
    env = {
        "GUNICORN_MAX_REQUESTS": "0",
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": f"{ROOT}/src",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("Le serveur n'a pas démarré.")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8731")
    parser.add_argument("--serve", action="store_true", help="start gunicorn (config/gunicorn.py)")
    parser.add_argument("--page", action="append", choices=PAGES)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--departement", default="93")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--popular", type=int, default=100)
    parser.add_argument("--warm-searches", type=int, default=3000)
    parser.add_argument(
        "--search-path",
        default="/recherche/?commune=93200&age=12&jours=0&jours=1&jours=2&jours=3&jours=4"
        "&debut_heure=08:30&fin_heure=17:30&distance=3",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from bench.load_http import local_bounded

    url = local_bounded(parser, args)
    if shutil.which("wrk") is None:
        parser.error("wrk est absent : apt-get install wrk (ou bench/load_http.py)")
    server = serve(url.port or 80) if args.serve else None
    rows = []
    try:
        for page in args.page or ["search-random"]:
            warm, measured = plan(args, page)
            check_one(args.base_url, warm[0])
            run_wrk(args.base_url, warm, args.clients, args.threads, args.warmup)
            load = os.getloadavg()[0]
            cpu_before = server_cpu(server.pid) if server else 0.0
            sys_before = server_cpu(server.pid, system_only=True) if server else 0.0
            report = run_wrk(args.base_url, measured, args.clients, args.threads, args.duration)
            seconds = report["duration_us"] / 1e6
            errors = sum(int(report[k]) for k in ("connect", "read", "write", "status", "timeout"))
            row = {
                "page": page,
                "clients": args.clients,
                "requests": int(report["requests"]),
                "rps": report["requests"] / seconds,
                "p50_ms": report["p50_us"] / 1000,
                "p95_ms": report["p95_us"] / 1000,
                "p99_ms": report["p99_us"] / 1000,
                "max_ms": report["max_us"] / 1000,
                "errors": errors,
                "error_kinds": {
                    k: report[k]
                    for k in ("connect", "read", "write", "status", "timeout")
                    if report[k]
                },
                "load_before": round(load, 1),
                "load_after": round(os.getloadavg()[0], 1),
                "server_cpu_ms_per_request": (
                    (server_cpu(server.pid) - cpu_before) * 1000 / max(1, report["requests"])
                    if server
                    else None
                ),
                "server_system_ms_per_request": (
                    (server_cpu(server.pid, system_only=True) - sys_before)
                    * 1000
                    / max(1, report["requests"])
                    if server
                    else None
                ),
                "wrk_cpu_s": round(report["wrk_cpu_s"], 2),
                "distinct_paths": len(set(measured)),
            }
            rows.append(row)
            print(
                f"{page:15s} {row['requests']:6d} req  {row['rps']:6.1f}/s  "
                f"p50 {row['p50_ms']:6.0f}  p95 {row['p95_ms']:6.0f}  p99 {row['p99_ms']:6.0f}  "
                f"max {row['max_ms']:6.0f} ms  erreurs {errors} {row['error_kinds'] or ''}  "
                f"charge {row['load_before']}→{row['load_after']}  "
                + (
                    f"CPU serveur {row['server_cpu_ms_per_request']:.1f} ms/req "
                    f"(système {row['server_system_ms_per_request']:.1f})  "
                    if server
                    else ""
                )
                + f"CPU wrk {row['wrk_cpu_s']} s",
                flush=True,
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
