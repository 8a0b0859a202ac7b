#!/usr/bin/env bash
# Installs everything pplc needs on a fresh Debian/Ubuntu machine: node deps, Chromium for the browser tests, and, where no GPU driver exists, Mesa's lavapipe.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

has_vulkan_icd() {
  compgen -G '/usr/share/vulkan/icd.d/*.json' >/dev/null || compgen -G '/etc/vulkan/icd.d/*.json' >/dev/null
}

# Mesa older than 23 (Debian bookworm's own) is too old for Dawn even when its driver is installed.
old_mesa() {
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null) || return 1
  [ -n "$v" ] && [ "${v%%.*}" -lt 23 ] 2>/dev/null
}

if { ! has_vulkan_icd || old_mesa; } && command -v apt-get >/dev/null; then
  echo "setup: installing Mesa's software Vulkan driver (lavapipe)" >&2
  if [ -f /etc/apt/sources.list.d/debian.sources ] && grep -q bookworm /etc/apt/sources.list.d/debian.sources; then
    # Bookworm's own Mesa is too old for Dawn; the backports one works.
    awk -v RS= 'NR==1' /etc/apt/sources.list.d/debian.sources |
      sed 's/^Suites:.*/Suites: bookworm-backports/' | $SUDO tee /etc/apt/sources.list.d/pplc-backports.sources >/dev/null
    $SUDO apt-get update -q >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t bookworm-backports mesa-vulkan-drivers >/dev/null
  else
    $SUDO apt-get update -q >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q mesa-vulkan-drivers >/dev/null
  fi
fi

# The browser tests (test/browser) drive Debian's Chromium headless through playwright-core, which downloads no
# browser of its own; its WebGPU runs on the SwiftShader it ships, so it needs no GPU either.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  echo "setup: installing Chromium (for the browser tests)" >&2
  $SUDO apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi

mkdir -p "${XDG_RUNTIME_DIR:-/tmp/pplc-xdg}"
npm ci --no-audit --no-fund
