"""Every log line carries its time, level, logger, request id and user: in web requests (text and JSON) and in
a real Celery worker running a task that a request sent."""

import io
import json
import logging
import re
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_guid import clear_guid, set_guid
from pythonjsonlogger.json import JsonFormatter

from operations.context import reset_user_name, set_user_name
from operations.logging import TEXT_FORMAT, ContextFilter, logging_config
from operations.metrics import BEAT_HEARTBEAT_KEY
from operations.tasks import beat_heartbeat

REQUEST_ID = "0123456789abcdef0123456789abcdef"
TEXT_LINE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<level>[A-Z]+) (?P<logger>\S+) "
    r"\[(?P<request_id>\S+) (?P<user>\S+)\] (?P<message>.*)$"
)


@pytest.fixture
def captured_logs(settings):
    """The lines the portal's console handler would write, in the given format."""
    settings.TPBIS_LOG_REQUESTS = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)

    def lines(fmt: str = "text") -> list[str]:
        return stream.getvalue().splitlines()

    def use(fmt: str):
        if fmt == "json":
            options = dict(logging_config("json", "INFO")["formatters"]["json"])
            options.pop("()")
            handler.setFormatter(JsonFormatter(**options))
        else:
            handler.setFormatter(logging.Formatter(TEXT_FORMAT))
        return lines

    yield use
    root.removeHandler(handler)


def test_text_lines_carry_time_level_logger_request_id_and_user(client_as, captured_logs):
    lines = captured_logs("text")
    client = client_as("dkpus.babel")
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID=REQUEST_ID)
    assert response.status_code == 200 and response["X-Request-ID"] == REQUEST_ID
    client.get("/no-such-page/", HTTP_X_REQUEST_ID=REQUEST_ID)

    parsed = [TEXT_LINE.match(line) for line in lines()]
    assert all(parsed), lines()
    request_lines = [match for match in parsed if match["logger"] == "tpbis.request"]
    assert [match["message"].rsplit(" ", 2)[0] for match in request_lines] == ["GET / 200", "GET /no-such-page/ 404"]
    not_found = next(match for match in parsed if match["logger"] == "django.request")
    assert not_found["level"] == "WARNING" and "Not Found" in not_found["message"]
    for match in [*request_lines, not_found]:
        assert match["request_id"] == REQUEST_ID and match["user"] == "dkpus.babel"
        assert match["level"] in {"INFO", "WARNING"}


def test_json_lines_carry_the_same_fields(client, db, captured_logs):
    lines = captured_logs("json")
    response = client.get(reverse("login"))
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # made here when nginx sent none

    records = [json.loads(line) for line in lines()]
    record = next(record for record in records if record["logger"] == "tpbis.request")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$", record["time"])
    assert record["level"] == "INFO" and record["request_id"] == request_id and record["user"] == "anonymous"
    assert record["method"] == "GET" and record["path"] == reverse("login") and record["status"] == 200
    assert record["duration_ms"] >= 0
    assert all({"time", "level", "logger", "request_id", "user", "message"} <= record.keys() for record in records)


def test_a_forged_request_id_is_replaced(client, db, captured_logs):
    lines = captured_logs("text")
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="../../etc/passwd")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert "passwd" not in "".join(line for line in lines() if "tpbis.request" in line)


@pytest.fixture
def json_worker_logs(monkeypatch):
    monkeypatch.setenv("DJANGO_LOG_FORMAT", "json")


@pytest.mark.services
def test_a_worker_logs_in_json_with_the_sending_requests_id_and_user(json_worker_logs, celery_worker_process):
    worker = celery_worker_process()
    cache.delete(BEAT_HEARTBEAT_KEY)
    set_guid(REQUEST_ID)
    token = set_user_name("dispus.bangka")
    try:
        result = beat_heartbeat.delay()
    finally:
        clear_guid()
        reset_user_name(token)
    deadline = time.monotonic() + 30
    while cache.get(BEAT_HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)  # the outcome's log line follows the task's return

    worker.log.flush()
    lines = Path(worker.log.name).read_text().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(record["message"].endswith("ready.") for record in records)
    assert all({"time", "level", "logger", "request_id", "user", "message"} <= record.keys() for record in records)
    done = [record for record in records if result.id in record["message"] and "succeeded" in record["message"]]
    assert len(done) == 1, records
    assert done[0]["logger"] == "celery.app.trace"
    assert done[0]["request_id"] == REQUEST_ID and done[0]["user"] == "dispus.bangka"


def test_a_load_balancers_healthy_probe_is_not_logged(client, db, captured_logs):
    lines = captured_logs("text")
    assert client.get("/healthz").status_code == 200
    assert [line for line in lines() if "tpbis.request" in line] == []
