"""Error reports go to Sentry only when ``SENTRY_DSN`` is set, from Django and Celery, tagged with the request id.

A small HTTP server on loopback stands in for Sentry and receives what the SDK sends.
"""

import gzip
import os
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest
import sentry_sdk

ROOT = Path(__file__).resolve().parents[2]
REQUEST_ID = "fedcba9876543210fedcba9876543210"

REPORT = textwrap.dedent(
    f"""
    import sentry_sdk
    from django_guid import set_guid

    client = sentry_sdk.get_client()
    print("integrations", ",".join(sorted(client.integrations)))
    set_guid("{REQUEST_ID}")
    try:
        1 / 0
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush(timeout=10)
    """
)


@pytest.fixture
def sentry_server():
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            decompress = {"gzip": gzip.decompress, "br": brotli.decompress}.get(self.headers.get("Content-Encoding"))
            body = decompress(body) if decompress else body
            received.append((self.path, body.decode()))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/42", received
    server.shutdown()


def test_without_a_dsn_nothing_is_reported():
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_errors_are_reported_with_the_request_id(sentry_server):
    dsn, received = sentry_server
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="test")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    integrations = next(line for line in done.stdout.splitlines() if line.startswith("integrations"))
    assert {"django", "celery"} <= set(integrations.split()[1].split(","))

    events = [body for path, body in received if path == "/api/42/envelope/" and '"type":"event"' in body]
    assert len(events) == 1, received
    assert "ZeroDivisionError" in events[0]
    assert f'"request_id":"{REQUEST_ID}"' in events[0]
    assert '"environment":"test"' in events[0]
