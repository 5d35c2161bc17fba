#!/usr/bin/env bash
# Makes sure /usr/bin/chromium is there for HtmlReportInChromiumTest, which opens the HTML report in
# headless Chromium (console errors, charts, a screenshot). Installs Debian's chromium package when it
# is missing; does nothing when it is present. With CI=true the test fails if chromium is missing.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

echo "chromium is not installed: installing chromium from Debian"
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: installing chromium needs root; run: apt-get install -y chromium" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
