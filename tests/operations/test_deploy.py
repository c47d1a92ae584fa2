"""The files in deploy/ checked by the tools that read them: systemd-analyze, nginx, logrotate, gunicorn.

The units name the install paths of a server (/srv/tpbis/app); for the check they point at this checkout,
whose .venv holds the same executables. nginx gets a throwaway certificate and writes its logs and pid in a
temporary folder; logrotate runs as the current user instead of tpbis. Nothing else is changed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
APP = "/srv/tpbis/app"


def tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path is None:
        pytest.skip(f"{name} is not installed (make test installs it)")
    return path


def test_systemd_units_verify(tmp_path):
    units = sorted((DEPLOY / "systemd").glob("tpbis-*"))
    assert {unit.name for unit in units} == {
        "tpbis-web.service",
        "tpbis-worker.service",
        "tpbis-beat.service",
        "tpbis-backup.service",
        "tpbis-backup.timer",
    }
    for unit in units:
        (tmp_path / unit.name).write_text(unit.read_text().replace(APP, str(ROOT)))
    done = subprocess.run(
        [tool("systemd-analyze"), "verify", *(str(tmp_path / unit.name) for unit in units)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # Warnings (unknown keys, bad values) do not fail verify: none may appear. Units of the host (not ours) may be
    # mentioned when systemd reads their dependencies.
    ours = [line for line in done.stderr.splitlines() if "tpbis" in line]
    assert ours == [], done.stderr


def test_units_run_what_the_portal_ships():
    web = (DEPLOY / "systemd" / "tpbis-web.service").read_text()
    assert "--config deploy/gunicorn.conf.py" in web and "PROMETHEUS_MULTIPROC_DIR" in web
    assert "worker" in (DEPLOY / "systemd" / "tpbis-worker.service").read_text()
    assert "beat" in (DEPLOY / "systemd" / "tpbis-beat.service").read_text()
    backup = (DEPLOY / "systemd" / "tpbis-backup.service").read_text()
    assert re.search(r"scripts/backup\.sh --dir \S+ --keep \d+", backup)
    assert "OnCalendar=" in (DEPLOY / "systemd" / "tpbis-backup.timer").read_text()


def test_nginx_site_passes_nginx_t(tmp_path):
    nginx = tool("nginx")
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=tpbis.test"]
    subprocess.run(
        [tool("openssl"), *request, "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "tpbis.conf").read_text()
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {tmp_path}/access.log;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/site.conf;\n"
        "}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr, done.stderr


def test_nginx_passes_one_address_as_the_portal_expects():
    """``DJANGO_NUM_PROXIES=1``: the last (only) X-Forwarded-For address is the client's, as nginx saw it."""
    site = (DEPLOY / "nginx" / "tpbis.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert re.search(r"^DJANGO_NUM_PROXIES=1$", (DEPLOY / "env.example").read_text(), re.MULTILINE)


def test_logrotate_config_parses(tmp_path):
    config = (DEPLOY / "logrotate" / "tpbis").read_text()
    user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True).stdout.strip()
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "web.log").write_text("line\n")
    config = config.replace("su tpbis tpbis", f"su {user} {group}").replace("/var/log/tpbis/", f"{logs}/")
    (tmp_path / "tpbis").write_text(config)
    done = subprocess.run(
        [tool("logrotate"), "--debug", "--state", str(tmp_path / "state"), str(tmp_path / "tpbis")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    assert "web.log" in done.stderr


def test_env_template_names_only_settings_the_portal_reads():
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.MULTILINE)
    assert len(names) > 15
    sources = "".join(
        path.read_text() for path in [*(ROOT / "tpbis_portal" / "settings").glob("*.py"), DEPLOY / "gunicorn.conf.py"]
    ) + "".join(path.read_text() for path in (ROOT / "operations").glob("*.py"))
    units = "".join(path.read_text() for path in (DEPLOY / "systemd").iterdir())
    unread = [name for name in names if f'"{name}"' not in sources and "${" + name + "}" not in units]
    assert unread == []


def test_gunicorn_config_loads_the_portal():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BIND": "127.0.0.1:0"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
