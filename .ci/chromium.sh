#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the web console's browser
# tests (emulator/console/browsertest): Debian's chromium package, installed
# as root with apt-get when no browser is found. It never fails CI: when no
# browser can be installed it says so, and the browser tests then skip with
# the same explanation (they never skip silently).
set -uo pipefail

found() {
  if [ -n "${MIXCOATL_CHROMIUM:-}" ]; then command -v "$MIXCOATL_CHROMIUM"; return; fi
  command -v chromium || command -v chromium-browser || command -v google-chrome
}

if browser=$(found); then
  echo "chromium.sh: browser tests will use $browser ($("$browser" --version 2>/dev/null || echo 'version unknown'))" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "chromium.sh: no Chromium and no way to install it (needs root and apt-get): the browser tests will skip" >&2
  exit 0
fi
echo "chromium.sh: installing Chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2; }; then
  echo "chromium.sh: apt-get could not install chromium: the browser tests will skip" >&2
  exit 0
fi
if browser=$(found); then
  echo "chromium.sh: installed $browser" >&2
else
  echo "chromium.sh: chromium installed but not on PATH: the browser tests will skip" >&2
fi
exit 0
