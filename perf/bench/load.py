"""Throughput under concurrent HTTP load: gunicorn on loopback, driven by wrk (or a Python client without it).

The server runs as the Procfile runs it (2 workers, 4 threads each) with the benchmark settings; the load
generator keeps ``connections`` requests in flight for ``seconds`` and counts the answers. Both share
the machine with PostgreSQL, so only ratios between runs of the same kind mean much.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 2
THREADS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(database_url: str, log: Path, env: dict | None = None) -> Server:
    """gunicorn with the benchmark settings on a free loopback port; returns once it answers."""
    port = free_port()
    environment = {
        **os.environ,
        **(env or {}),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "perf.bench.settings",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "tpbis_portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--timeout",
        "60",
    ]
    handle = log.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("gunicorn did not answer within 60 s")


@dataclass
class LoadResult:
    requests_per_second: float
    requests: int
    errors: int
    seconds: float
    tool: str

    def as_dict(self) -> dict:
        return {
            "requests_per_second": round(self.requests_per_second, 1),
            "requests": self.requests,
            "errors": self.errors,
            "seconds": self.seconds,
            "tool": self.tool,
        }


#: What every browser sends with a page request besides its cookies.
ACCEPT_ENCODING = "gzip, deflate, br"


def run_load(url: str, cookie: str, seconds: float, connections: int = WORKERS * THREADS) -> LoadResult:
    wrk = shutil.which("wrk")
    if wrk and seconds >= 1:
        return _wrk(wrk, url, cookie, seconds, connections)
    return _python(url, cookie, seconds, connections)


def alternate(urls: dict[str, str], cookie: str, seconds: float, rounds: int) -> dict[str, LoadResult]:
    """Each URL loaded for ``seconds`` in all, in ``rounds`` turns taken in alternation, so that other work on the
    machine weighs on every URL alike; the result adds the turns up."""
    totals = {name: [0, 0, 0.0, ""] for name in urls}
    turn = max(1, round(seconds / rounds))  # wrk counts whole seconds
    for _ in range(rounds):
        for name, url in urls.items():
            result = run_load(url, cookie, turn)
            total = totals[name]
            total[0] += result.requests
            total[1] += result.errors
            total[2] += result.seconds
            total[3] = result.tool
    return {
        name: LoadResult(n / elapsed, n, errors, round(elapsed, 2), tool)
        for name, (n, errors, elapsed, tool) in totals.items()
    }


def _wrk(wrk: str, url: str, cookie: str, seconds: float, connections: int) -> LoadResult:
    headers = ["-H", f"Cookie: {cookie}", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    output = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)\b", output)
    total = int(found.group(1))
    elapsed = float(found.group(2)) * {"ms": 0.001, "s": 1, "m": 60}[found.group(3)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return LoadResult(total / elapsed, total, failed, round(elapsed, 2), "wrk")


def _python(url: str, cookie: str, seconds: float, connections: int) -> LoadResult:
    """Keep-alive connections in threads: a fallback where wrk is not installed (it costs more CPU)."""
    match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    counts = [0] * connections
    errors = [0] * connections
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": ACCEPT_ENCODING})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
                counts[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return LoadResult(sum(counts) / elapsed, sum(counts), sum(errors), round(elapsed, 2), "python")
