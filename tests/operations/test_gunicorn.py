"""The web unit's gunicorn (deploy/gunicorn.conf.py) serving for real: JSON log lines from gunicorn and the
portal alike, and one scrape of /ops/metrics adding up every worker process (PROMETHEUS_MULTIPROC_DIR)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-the-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture
def gunicorn(db, tmp_path):
    settings = connection.settings_dict
    port = free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_DEBUG="true",  # plain HTTP on loopback; the logging and metrics are those of production
        DJANGO_LOG_FORMAT="json",
        TPBIS_LOG_REQUESTS="true",
        TPBIS_OPS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DATABASE_URL=f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
    )
    log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(f"{url}/healthz")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(Path(log.name).read_text()[-3000:])
        time.sleep(0.2)
    try:
        yield url, metrics_dir, Path(log.name)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def counted_requests(url: str) -> float:
    status, text = get(f"{url}/ops/metrics", Authorization=f"Bearer {TOKEN}")
    assert status == 200
    match = re.search(r'^django_http_requests_total_by_method_total\{method="GET"\} (\S+)$', text, re.MULTILINE)
    return float(match[1])


def test_gunicorn_serves_json_logs_and_metrics_of_all_its_workers(gunicorn):
    url, metrics_dir, log = gunicorn
    before = counted_requests(url)
    for _ in range(30):
        assert get(f"{url}/accounts/login/", Connection="close")[0] == 200
    # Whichever worker answers the scrape, it counts the requests of both.
    counts = [counted_requests(url) for _ in range(4)]
    assert counts[0] >= before + 30
    assert counts == sorted(counts) and counts[-1] - counts[0] == 3  # only the scrapes in between
    assert len({path.name.split("_")[-1] for path in metrics_dir.glob("counter_*.db")}) == 2  # two processes

    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, gunicorn's own included, is JSON
    assert any(record["logger"] == "gunicorn.error" and "Booting worker" in record["message"] for record in records)
    logins = [record for record in records if record.get("path") == "/accounts/login/"]
    assert len(logins) == 30
    assert all(
        record["user"] == "anonymous" and re.fullmatch(r"[0-9a-f]{32}", record["request_id"]) for record in logins
    )
