"""Stopping and starting the real PostgreSQL and Redis that make test runs, for fault tests."""

import contextlib
import os
import subprocess
import time

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

SERVICES_DIR = os.environ.get("TPBIS_SERVICES_DIR")
PG_BIN = os.environ.get("TPBIS_PG_BIN")
REDIS_PORT = os.environ.get("REDIS_PORT", "6390")
PG_PORT = os.environ.get("PG_PORT", "5433")

needs_services = pytest.mark.skipif(not SERVICES_DIR, reason="needs the services started by make test")


def _as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def restart_postgres() -> None:
    """Stop the server (dropping every connection) and start it again as make test did."""
    pg_ctl = [f"{PG_BIN}/pg_ctl", "-D", f"{SERVICES_DIR}/pg", "-w"]
    subprocess.run(_as_postgres(*pg_ctl, "-m", "fast", "stop"), check=True, stdout=subprocess.DEVNULL)
    options = f"-p {PG_PORT} -k {SERVICES_DIR} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        _as_postgres(*pg_ctl, "-l", f"{SERVICES_DIR}/pg.log", "-o", options, "start"),
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=60,
    )


def _redis() -> redis.Redis:
    # No retries: redis-py's default backoff would turn every probe of a stopped server into seconds.
    return redis.Redis(host="127.0.0.1", port=int(REDIS_PORT), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))


def stop_redis() -> None:
    with contextlib.suppress(redis.ConnectionError):  # shutting down closes the connection
        _redis().shutdown(nosave=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            _redis().ping()
        except redis.ConnectionError:
            return
        time.sleep(0.05)
    raise RuntimeError("Redis did not stop")


def start_redis() -> None:
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--port",
            REDIS_PORT,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            f"{SERVICES_DIR}/redis.pid",
            "--dir",
            SERVICES_DIR,
        ],
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            _redis().ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("Redis did not start")


def _redis_pid() -> int:
    with open(f"{SERVICES_DIR}/redis.pid") as pidfile:
        return int(pidfile.read())


@contextlib.contextmanager
def redis_hung():
    """Redis still accepts connections but answers nothing (SIGSTOP), as a broker on a dead host or a full network."""
    import signal

    pid = _redis_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)
