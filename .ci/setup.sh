#!/usr/bin/env bash
# Sourced by .ci/demo and .ci/test: installs what Вектор needs on a Debian machine.
#   vektor_apt PKG...      install Debian packages that are missing (as root, or through sudo)
#   vektor_venv EXTRAS     create .venv and install the project with the given extras
set -euo pipefail

VEKTOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# WeasyPrint renders PDFs with Pango; harfbuzz-subset makes it ~5x faster; DejaVu covers
# Cyrillic and the Kazakh letters.
VEKTOR_APT_BASE=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# Browser tests drive Debian's chromium (Playwright's own browser download is not used).
VEKTOR_APT_TEST=(chromium)

vektor_apt() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

vektor_python() {
  local py
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  echo "Вектор needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

vektor_venv() {
  local extras="${1:-}" py stamp want
  py=$(vektor_python)
  cd "$VEKTOR_ROOT"
  if [ ! -x .venv/bin/python ]; then
    if ! "$py" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      vektor_apt python3-venv
      "$py" -m venv .venv
    fi
  fi
  # Reinstall only when the dependencies or the extras changed.
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) [$extras]"
  stamp=.venv/.vektor-installed
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
    echo "$want" >"$stamp"
  fi
}
