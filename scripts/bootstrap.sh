#!/usr/bin/env bash
# Installs what Chiiki needs on a fresh Debian machine: the Debian packages
# (PDF fonts, poppler, chromium for browser tests) and the Python virtualenv.
#   scripts/bootstrap.sh       the runtime lock only (`make run`, production)
#   scripts/bootstrap.sh dev   the development lock too (`make test`, `make check`)
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-ipaexfont libharfbuzz-subset0 poppler-utils gettext)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
LOCK=requirements.lock
[ "${1:-}" = "dev" ] && LOCK=requirements-dev.lock
stamp=.venv/.chiiki-$LOCK
if [ ! -f "$stamp" ] || ! cat requirements.lock "$LOCK" | cmp -s - "$stamp"; then
  echo "bootstrap: installing Python packages from $LOCK"
  # The image's pip.conf names local wheel folders that may be absent; hush that.
  .venv/bin/pip install -q --disable-pip-version-check -r "$LOCK" 2>&1 | { grep -v "is ignored: it is neither" || true; }
  cat requirements.lock "$LOCK" > "$stamp"
fi
mkdir -p var
# Translations are compiled, not committed (.mo files are build output).
if [ -d locale ]; then
  .venv/bin/python manage.py compilemessages --ignore=.venv -v 0
fi
