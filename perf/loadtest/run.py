"""Run the load test: gunicorn on a free loopback port, locust headless against it, then the figures.

``python -m perf.loadtest.run --users 50 --duration 60`` (what ``make load`` runs, after preparing a
database with the demo data) prints the throughput and the 50th/95th/99th percentiles of every
kind of request and exits non-zero if any request failed. ``run()`` is also used by the short
smoke run in the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PASSWORD = "TpbisDemo#2021"
LOGIN = {"login page", "login"}
#: Seconds allowed for the last users' logins to finish after they are spawned.
LOGIN_ALLOWANCE = 20
#: What nginx in front adds: with production settings the portal redirects plain-HTTP requests to HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Figures:
    requests: int
    failures: int
    seconds: float
    p50: float
    p95: float
    p99: float
    max: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Result:
    """The steady window (every user logged in, ``users`` at work) and, apart, the logins of the ramp-up."""

    users: int
    steady: Figures
    logins: Figures
    total: Figures  # every request of the run, ramp-up included: failures are counted here
    by_name: dict[str, Figures] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # requests of each kind over the whole run
    errors: list[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [
            "| requests | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        named = [(f"*{name}*", figures) for name, figures in sorted(self.by_name.items())]
        for name, f in [("**all (steady window)**", self.steady), *named, ("logins (ramp-up)", self.logins)]:
            rows.append(
                f"| {name} | {f.requests} | {f.failures} | {f.throughput:.1f} | {f.p50:.0f} | {f.p95:.0f} "
                f"| {f.p99:.0f} | {f.max:.0f} |"
            )
        return "\n".join(rows)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` between 0 and 1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def figures(samples: list, seconds: float) -> Figures:
    times = [sample[2] for sample in samples]
    return Figures(
        requests=len(samples),
        failures=sum(1 for sample in samples if sample[3]),
        seconds=seconds,
        p50=percentile(times, 0.50),
        p95=percentile(times, 0.95),
        p99=percentile(times, 0.99),
        max=max(times, default=0.0),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def accounts() -> dict:
    """The demo accounts the users log in with (needs Django set up, on the database the portal uses)."""
    from accounts.models import RoleAssignment
    from foundation.scope import Role

    librarians = list(
        RoleAssignment.objects.filter(role=Role.LIBRARIAN, user__is_active=True, library__is_active=True)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    return {"password": PASSWORD, "librarians": librarians}


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        request = urllib.request.Request(f"{url}/healthz", headers=PROXY_HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz")


def run(
    *,
    users: int,
    duration: int,
    spawn_rate: float,
    out_dir: Path,
    env: dict | None = None,
    web_workers: int = 2,
    threads: int = 4,
    login_allowance: int = LOGIN_ALLOWANCE,
) -> Result:
    """Serve the portal with gunicorn on loopback and let ``users`` locust users work for ``duration`` seconds.

    The users log in first (spawned at ``spawn_rate`` a second; a password check is deliberately slow), and
    the run lasts long enough for about ``duration`` seconds with all of them logged in and at work.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    run_time = math.ceil(users / spawn_rate) + login_allowance + duration
    env = {**os.environ, **(env or {})}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    account_file, samples_file = out_dir / "accounts.json", out_dir / "samples.json"
    account_file.write_text(json.dumps(accounts()))
    samples_file.unlink(missing_ok=True)
    server_log = open(out_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tpbis_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(web_workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(url, server)
        with open(out_dir / "locust.log", "w") as locust_log:
            locust = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(BASE_DIR / "perf" / "loadtest" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{run_time}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    url,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=BASE_DIR,
                env={**env, "TPBIS_LOAD_ACCOUNTS": str(account_file), "TPBIS_LOAD_SAMPLES": str(samples_file)},
                stdout=locust_log,
                stderr=subprocess.STDOUT,
                timeout=run_time + 120,
            )
        if not samples_file.exists():
            raise RuntimeError(f"locust wrote no samples (exit {locust.returncode}); see {out_dir / 'locust.log'}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    samples = json.loads(samples_file.read_text())
    return summarise(samples, users)


def summarise(samples: list, users: int) -> Result:
    """Split the samples at the moment the last user finished logging in: before it the ramp-up, after it the mix."""
    logins = [s for s in samples if s[0] in LOGIN]
    ramp_end = max((s[1] + s[2] / 1000 for s in logins), default=min((s[1] for s in samples), default=0.0))
    steady = [s for s in samples if s[0] not in LOGIN and s[1] >= ramp_end]
    end = max((s[1] + s[2] / 1000 for s in steady), default=ramp_end)
    window = end - ramp_end
    login_window = ramp_end - min((s[1] for s in logins), default=ramp_end)
    return Result(
        users=users,
        steady=figures(steady, window),
        logins=figures([s for s in logins if s[0] == "login"], login_window),
        total=figures(samples, end - min((s[1] for s in samples), default=end)),
        by_name={name: figures([s for s in steady if s[0] == name], window) for name in {s[0] for s in steady}},
        counts=dict(Counter(s[0] for s in samples)),
        errors=sorted({f"{s[0]}: {s[3]}" for s in samples if s[3]})[:20],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--out", type=Path, default=BASE_DIR / "test-artifacts" / "load")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tpbis_portal.settings")
    import django

    django.setup()
    load_before = os.getloadavg()[0]
    result = run(
        users=args.users,
        duration=args.duration,
        spawn_rate=args.spawn_rate,
        out_dir=args.out,
        web_workers=args.web_workers,
    )
    steady = result.steady
    heading = (
        f"{result.users} users, {steady.seconds:.0f} s with all of them logged in, against gunicorn "
        f"({args.web_workers} workers, 4 threads each) with production settings on {os.cpu_count()} CPUs; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(heading)
    print(result.table())
    (args.out / "summary.md").write_text(f"{heading}\n\n{result.table()}\n")
    if result.total.failures:
        print(f"{result.total.failures} requests failed:", *result.errors, sep="\n  ", file=sys.stderr)
        return 1
    print(
        f"0 errors in {result.total.requests} requests; steady p95 {steady.p95:.0f} ms at {steady.throughput:.1f} req/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
