"""Load test: N concurrent clients read dashboards and import reports for S seconds.

Runs the app under gunicorn with PostgreSQL, on 127.0.0.1 only:

    .venv/bin/python scripts/load_test.py [--clients 50] [--duration 60]
        [--database-url postgres://postgres@127.0.0.1:5432/chiiki_load]

It creates (and afterwards drops) the database, migrates, loads the demo
data, makes one region user with a token per importing client, starts
gunicorn and then runs the clients: most read the dashboard, the region list
and the public API; every ``--import-every``-th client imports a valid report
file into its own region's draft report over and over. Afterwards it checks
that every accepted import is present (the report's current version is the
last accepted one and holds its rows) and prints the p50/p95/p99 latencies.

Exit status 0 only with zero errors (no 5xx, no connection error, no
unexpected status) and every accepted import present.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
READ_PATHS = [
    ("dashboard", "/"),
    ("dashboard", "/?fiscal_year=2004"),
    ("region_list", "/regions/"),
    ("api_regions", "/api/v1/regions?limit=100"),
    ("api_programmes", "/api/v1/programmes"),
    ("api_targets", "/api/v1/targets"),
]
IMPORT_FY = 2030  # a year the demo has no report for: each client's own draft


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    imports: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[status] += 1


# --- set-up ------------------------------------------------------------------------


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIIKI_")}
    env.update(
        DATABASE_URL=database_url,
        CHIIKI_DEBUG="false",
        CHIIKI_SSL_REDIRECT="false",
        CHIIKI_ALLOWED_HOSTS="127.0.0.1",
        CHIIKI_SECRET_KEY="load-" + secrets.token_urlsafe(40),
        CHIIKI_CONN_MAX_AGE="60",
        CHIIKI_LOG_LEVEL="WARNING",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def _recreate_database(database_url: str, drop_only: bool = False) -> None:
    import psycopg

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    admin = dict(
        host=url.hostname, port=url.port or 5432, user=url.username or "postgres"
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(env: dict[str, str], importers: int) -> tuple[list[dict[str, Any]], Path]:
    """Migrate, load the demo, one region user + token per importing client."""
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_demo", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    codes = json.loads(
        _manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "import json; from programmes.models import Region; "
            "print(json.dumps(list(Region.objects.order_by('code')"
            ".values_list('code', flat=True))))",
        )
    )
    clients = []
    for n in range(importers):
        code = codes[n % len(codes)]
        fy = IMPORT_FY + n // len(codes)
        name = f"load{n}"
        _manage(env, "create_user", name, "--role", "region", "--region", code)
        token = _manage(env, "issue_token", name, "--expires-days", "1").strip()
        clients.append({"name": name, "code": code, "fy": fy, "token": token})
    _create_drafts(env, clients)
    return clients, _report_file(env)


def _create_drafts(env: dict[str, str], clients: list[dict[str, Any]]) -> None:
    """The draft report each importing client writes into (imports need one)."""
    pairs = [(client["code"], client["fy"]) for client in clients]
    _manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from programmes.models import Region; from reports.models import "
        "AnnualReport; [AnnualReport.objects.get_or_create(region=Region.objects"
        f".get(code=c), fiscal_year=fy) for c, fy in {pairs!r}]",
    )


def _report_file(env: dict[str, str]) -> Path:
    """A valid report workbook (the tests' builder: real template, real rows)."""
    path = Path(tempfile.mkdtemp()) / "report.xlsx"
    _manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from pathlib import Path; from reports.tests.builders import "
        f"valid_rows, write_xlsx; write_xlsx(Path({str(path)!r}), "
        f"valid_rows(20, {IMPORT_FY}))",
    )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_gunicorn(env: dict[str, str], port: int, workers: int) -> Any:
    process = subprocess.Popen(
        [
            GUNICORN,
            "chiiki.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as reply:
                if reply.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not become healthy within 60 s")


# --- clients -------------------------------------------------------------------------


def _request(
    base: str,
    path: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    request = urllib.request.Request(
        base + path, data=data, method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/vnd.openxmlformats-'
        "officedocument.spreadsheetml.sheet\r\n\r\n"
    ).encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _warm_up(base: str, workers: int) -> None:
    """Each worker imports the code and fills its caches before timing starts."""
    for _ in range(workers * 2):
        for _kind, path in READ_PATHS:
            _request(base, path)


def reader(base: str, stats: Stats, stop: float, offset: int) -> None:
    n = offset
    while time.monotonic() < stop:
        kind, path = READ_PATHS[n % len(READ_PATHS)]
        n += 1
        started = time.monotonic()
        try:
            status, _ = _request(base, path)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            stats.errors.append(f"{path}: {exc!r}")
            continue
        stats.record(kind, time.monotonic() - started, status)
        if status != 200:
            stats.errors.append(f"GET {path}: {status}")


def importer(
    base: str, stats: Stats, stop: float, client: dict[str, Any], content: bytes
) -> None:
    path = f"/api/v1/reports/{client['code']}/{client['fy']}/import"
    auth = {"Authorization": f"Bearer {client['token']}"}
    while time.monotonic() < stop:
        body, content_type = _multipart(f"{uuid.uuid4().hex}.xlsx", content)
        started = time.monotonic()
        try:
            status, reply = _request(
                base,
                path,
                method="POST",
                data=body,
                headers={**auth, "Content-Type": content_type},
            )
        except Exception as exc:  # noqa: BLE001
            stats.errors.append(f"POST {path}: {exc!r}")
            continue
        stats.record("import", time.monotonic() - started, status)
        if status == 200:
            with stats.lock:
                stats.imports[client["name"]].append(json.loads(reply))
        elif status != 409:  # a concurrent writer of the same report: retry
            stats.errors.append(f"POST {path}: {status} {reply[:200]!r}")


def verify_imports(base: str, stats: Stats, clients: list[dict[str, Any]]) -> list[str]:
    """Every accepted import is there: the last one is current, with its rows."""
    problems = []
    for client in clients:
        accepted = stats.imports.get(client["name"], [])
        if not accepted:
            continue
        path = f"/api/v1/reports/{client['code']}/{client['fy']}"
        status, body = _request(
            base, path, headers={"Authorization": f"Bearer {client['token']}"}
        )
        if status != 200:
            problems.append(f"{path}: {status}")
            continue
        report = json.loads(body)
        # A draft has one working version that each import replaces, so the
        # last accepted import is what must be there, whole.
        last = accepted[-1]
        if report.get("version") != last.get("version"):
            problems.append(
                f"{path}: current version {report.get('version')} "
                f"is not the last accepted {last.get('version')}"
            )
        if report.get("counts") != last.get("counts"):
            problems.append(
                f"{path}: counts {report.get('counts')} differ from "
                f"the last import's {last.get('counts')}"
            )
    return problems


# --- main ---------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def report(stats: Stats, duration: float) -> None:
    total = sum(len(v) for v in stats.latencies.values())
    print(f"requests: {total} in {duration:.0f} s ({total / duration:.1f}/s)")
    print(f"statuses: {dict(sorted(stats.statuses.items()))}")
    print(f"{'kind':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in sorted(stats.latencies.items()):
        row = [_percentile(values, q) * 1000 for q in (0.5, 0.95, 0.99, 1.0)]
        print(f"{kind:<16}{len(values):>7}" + "".join(f"{v:>9.0f}" for v in row))
    dashboard = stats.latencies.get("dashboard", [])
    if dashboard:
        print(
            f"dashboard reads p95: {_percentile(dashboard, 0.95) * 1000:.0f} ms "
            f"(mean {statistics.mean(dashboard) * 1000:.0f} ms)"
        )
    accepted = sum(len(v) for v in stats.imports.values())
    print(f"accepted imports: {accepted}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--import-every",
        type=int,
        default=5,
        help="Every N-th client imports (0: reads only).",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/chiiki_load",
    )
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    if urlparse(args.database_url).hostname not in LOOPBACK:
        parser.error("the load test only runs against a database on 127.0.0.1")
    if not 1 <= args.clients <= 200 or not 1 <= args.duration <= 600:
        parser.error("bounded: 1–200 clients, 1–600 seconds")

    env = _env(args.database_url)
    importers = args.clients // args.import_every if args.import_every else 0
    print(f"== preparing {args.database_url} ({importers} importing clients)")
    _recreate_database(args.database_url)
    server = None
    try:
        clients, report_file = _prepare(env, importers)
        content = report_file.read_bytes()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"== gunicorn at {base} with {args.workers} workers")
        server = _start_gunicorn(env, port, args.workers)
        _warm_up(base, args.workers)
        stats = Stats()
        stop = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=importer, args=(base, stats, stop, clients[i], content)
            )
            for i in range(importers)
        ]
        threads += [
            threading.Thread(target=reader, args=(base, stats, stop, i))
            for i in range(args.clients - importers)
        ]
        print(f"== {args.clients} clients for {args.duration:.0f} s")
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(stats, args.duration)
        problems = verify_imports(base, stats, clients)
        for problem in problems + stats.errors[:50]:
            print(f"ERROR {problem}")
        print(f"errors: {len(stats.errors)}, missing imports: {len(problems)}")
        return 0 if not stats.errors and not problems else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep_database:
            _recreate_database(args.database_url, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
