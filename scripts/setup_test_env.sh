#!/usr/bin/env bash
# Install what the browser test tier (tests/browser) needs. Idempotent and quick when done:
#   - Debian chromium (Playwright drives /usr/bin/chromium; `playwright install` cannot download)
#   - Debian gdal-bin (ogrinfo, for the geodata tests)
#   - Debian strace (tests/cli/test_output_sets.py kills a build at each rename with it)
#   - npm ci in tests/browser: local copies of the CDN assets folium maps load
#   - Debian postgresql + postgis (the store tests start a throw-away cluster of their own,
#     tests/pg_cluster.py; no system cluster is used or started)
# Runs as root in CI (apt-get directly); elsewhere uses sudo for apt-get when not root.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
browser_dir="$root/tests/browser"
export DEBIAN_FRONTEND=noninteractive

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
command -v npm >/dev/null 2>&1 || need+=(npm)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null \
  || need+=(postgis postgresql-postgis)
command -v strace >/dev/null 2>&1 || need+=(strace)

if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: apt-get install ${need[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "setup: chromium, gdal-bin, npm, postgresql, postgis, strace already installed"
fi

# npm writes node_modules/.package-lock.json on every install: older than the lock => stale.
stamp="$browser_dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$browser_dir/package-lock.json" -nt "$stamp" ] \
   || [ "$browser_dir/package.json" -nt "$stamp" ]; then
  echo "setup: npm ci in tests/browser"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
else
  echo "setup: tests/browser/node_modules up to date"
fi
echo "setup: done"
