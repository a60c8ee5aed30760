#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, once. Playwright drives this
# binary through `executable_path`; it never downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo ">> installing chromium with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
