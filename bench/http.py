"""HTTP throughput and latency under concurrent clients, against a bare Django view.

    .venv/bin/python -m bench.http [--rows 1000000] [--clients 20] [--seconds 10]
        [--rounds 3] [--database-url postgres://…/db] [--keep] [--prepared]

Creates a throw-away PostgreSQL database (``chiiki_bench_http_<pid>``, dropped
afterwards unless ``--keep``), migrates it, loads the demo data, adds
``generate_synthetic`` regions for about ``--rows`` yearly outcome rows,
runs ``collectstatic`` (``--prepared`` skips all that for a database kept
from an earlier run with ``--keep``) and starts gunicorn with the production settings
(``CHIIKI_DEBUG=false``, chiiki/gunicorn.conf.py, its default worker count) on
127.0.0.1. Then ``--clients`` concurrent clients (4 processes of threads, one
new connection per request, as gunicorn's sync workers close them) read each
URL for ``--seconds``; the URLs take turns for ``--rounds`` rounds, so that
the machine's noise hits them alike. Reported per URL: the median of the
rounds' requests per second, the median and p95 latency over all requests,
and the requests per second as a share of the bare view's (``/__bench__/bare/``,
the same middleware, no work: the limit of the stack on this server).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PROCESSES = 4

URLS: list[tuple[str, str]] = [
    ("bare Django view (baseline)", "/__bench__/bare/"),
    ("dashboard `/`", "/"),
    ("`/api/v1/regions`", "/api/v1/regions"),
    ("`/api/v1/targets`", "/api/v1/targets"),
    ("`/api/v1/programmes`", "/api/v1/programmes"),
    ("`/api/v1/prefectures`", "/api/v1/prefectures"),
    ("`/api/v1/budgets`", "/api/v1/budgets"),
    ("`/api/v1/evaluations`", "/api/v1/evaluations"),
    ("`/api/v1/sheets`", "/api/v1/sheets"),
    ("region list `/regions/`", "/regions/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIIKI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        DATABASE_URL=database_url,
        CHIIKI_DEBUG="false",
        CHIIKI_SECRET_KEY=secrets.token_urlsafe(50),  # throw-away, per run
        CHIIKI_ALLOWED_HOSTS="127.0.0.1",
        CHIIKI_SSL_REDIRECT="false",
        CHIIKI_VAR_DIR=str(ROOT / "var" / "bench" / "http"),
        CHIIKI_BIND=f"127.0.0.1:{port}",
        CHIIKI_ACCESS_LOG="",
        CHIIKI_LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_REPLICA_URL", None)
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepare(env: dict[str, str], rows: int) -> str:
    """Migrate, demo data, synthetic outcome rows, static files; a summary line."""
    Path(env["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    regions = max(1, round(rows / 240))
    started = time.perf_counter()
    _manage(env, "generate_synthetic", "--regions", str(regions), "--years", "10")
    seconds = time.perf_counter() - started
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    outcome_rows = regions * 240
    return (
        f"{regions:,} synthetic regions, {outcome_rows:,} outcome rows "
        f"(generated in {seconds:.0f} s)"
    )


def _get(port: int, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return time.perf_counter() - started, status


def _client_process(
    port: int, path: str, threads: int, seconds: float, out: Any
) -> None:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def loop() -> None:
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < deadline:
            try:
                elapsed, status = _get(port, path)
            except OSError:
                bad += 1
                continue
            if status != 200:
                bad += 1
            mine.append(elapsed)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put((latencies, errors[0]))


def load(port: int, path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    """Every request's latency (s) and the error count of one timed round."""
    queue: Any = multiprocessing.Queue()
    per_process = [clients // PROCESSES + (i < clients % PROCESSES) for i in range(4)]
    processes = [
        multiprocessing.Process(
            target=_client_process, args=(port, path, n, seconds, queue)
        )
        for n in per_process
        if n
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = [x for lat, _ in results for x in lat]
    return latencies, sum(err for _, err in results)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            if _get(port, "/healthz")[1] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz")


def run(env: dict[str, str], port: int, args: argparse.Namespace) -> str:
    server = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "chiiki" / "gunicorn.conf.py")], cwd=ROOT, env=env
    )
    try:
        _wait_until_up(port, server)
        for _, path in URLS:  # warm every worker's caches
            load(port, path, args.clients, 2)
        rates: dict[str, list[float]] = {path: [] for _, path in URLS}
        samples: dict[str, list[float]] = {path: [] for _, path in URLS}
        errors = 0
        for _ in range(args.rounds):
            for _, path in URLS:
                latencies, bad = load(port, path, args.clients, args.seconds)
                rates[path].append(len(latencies) / args.seconds)
                samples[path].extend(latencies)
                errors += bad
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _table(rates, samples, errors, args)


def _table(
    rates: dict[str, list[float]],
    samples: dict[str, list[float]],
    errors: int,
    args: argparse.Namespace,
) -> str:
    bare = statistics.median(rates[URLS[0][1]])
    rows = [
        f"{args.clients} clients, {args.rounds} rounds × {args.seconds:g} s per URL, "
        f"errors (non-200 or refused): {errors}",
        "",
        "| URL | req/s (median of rounds) | % of bare view | median ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, path in URLS:
        latencies = sorted(samples[path])
        rate = statistics.median(rates[path])
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        rows.append(
            f"| {name} | {rate:,.0f} | {100 * rate / bare:.0f} % "
            f"| {1000 * statistics.median(latencies):.1f} | {1000 * p95:.1f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="--database-url already holds the data (kept from a --keep run)",
    )
    args = parser.parse_args()
    import psycopg

    created = None
    url = args.database_url
    if url is None:
        created = f"chiiki_bench_http_{os.getpid()}"
        url = f"postgres://postgres@127.0.0.1:5432/{created}"
    admin = dict(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    if created:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'CREATE DATABASE "{created}"')
    port = _free_port()
    env = _env(url, port)
    try:
        if args.prepared and args.database_url:
            Path(env["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
            _manage(env, "collectstatic", "--noinput", "-v", "0")
            print("database: PostgreSQL, prepared by an earlier run", flush=True)
        else:
            print(f"database: PostgreSQL; {prepare(env, args.rows)}", flush=True)
        print(run(env, port, args))
    finally:
        if created and not args.keep:
            with psycopg.connect(**admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
