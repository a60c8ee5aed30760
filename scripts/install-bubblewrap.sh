#!/usr/bin/env bash
# Install Debian's bubblewrap, once: `make grade` runs every student kernel in
# a bwrap sandbox (no network, no course folder, read-only system).
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo ">> installing bubblewrap with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  bubblewrap >/dev/null
bwrap --version
