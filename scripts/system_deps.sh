#!/usr/bin/env bash
# Installs the Debian packages the test suite (or, with "bench", the benchmarks) needs, when missing and we may.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
command -v msgfmt >/dev/null || need+=(gettext)
# The deployment files' checks: nginx -t, systemd-analyze verify, logrotate --debug, throwaway TLS certificates.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v logrotate >/dev/null || [ -x /usr/sbin/logrotate ] || need+=(logrotate)
command -v openssl >/dev/null || need+=(openssl)
# make bench: wrk drives the load test (without it a slower Python client is used).
[ "${1:-}" = bench ] && ! command -v wrk >/dev/null && need+=(wrk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing packages: ${need[*]} (install them, or run as root on Debian)" >&2
  exit 1
fi
echo "Installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
