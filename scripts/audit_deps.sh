#!/usr/bin/env bash
# Audit the pinned dependencies (requirements.lock) for known vulnerabilities.
#
#   scripts/audit_deps.sh [REQUIREMENTS]      (default requirements.lock)
#
# pip-audit asks a vulnerability service (PyPI's by default) about each pinned
# package; nothing is installed. `make test` (scripts/test.sh) runs this.
#
# Exit status:
#   1  a known vulnerability that .pip-audit-ignore does not list with a reason,
#      a malformed ignore file, or pip-audit failing for a reason other than the
#      network;
#   0  otherwise — including when the service cannot be reached, times out, or
#      answers for none of the packages (an offline machine, a PyPI mirror
#      without vulnerability data): then a notice says plainly that the
#      dependencies were NOT audited.
#
# Environment: CHIIKI_AUDIT_TIMEOUT (seconds for the whole run, default 120),
# CHIIKI_AUDIT_SERVICE (pypi | osv, default pypi), CHIIKI_AUDIT_OSV_URL (an OSV
# query endpoint, e.g. a local mirror), CHIIKI_AUDIT_IGNORE (the ignore file).
set -uo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=${1:-requirements.lock}
IGNORE_FILE=${CHIIKI_AUDIT_IGNORE:-.pip-audit-ignore}
SERVICE=${CHIIKI_AUDIT_SERVICE:-pypi}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

args=(--requirement "$REQUIREMENTS" --no-deps --disable-pip
  --progress-spinner off --timeout 20 --vulnerability-service "$SERVICE"
  --format json --output "$WORK/audit.json")
if [ -n "${CHIIKI_AUDIT_OSV_URL:-}" ]; then args+=(--osv-url "$CHIIKI_AUDIT_OSV_URL"); fi

# --no-deps/--disable-pip: the lock already pins every package.
timeout "${CHIIKI_AUDIT_TIMEOUT:-120}" .venv/bin/pip-audit "${args[@]}" >"$WORK/log" 2>&1
rc=$?

if [ $rc -eq 124 ]; then
  echo "== dependency audit NOT done: pip-audit timed out (service slow or unreachable)"
  exit 0
fi
if [ ! -s "$WORK/audit.json" ]; then
  if grep -qiE "connection|timed out|temporary failure|name resolution|max retries|network|HTTPSConnectionPool|ProxyError|ServiceError|vulnerability feed" "$WORK/log"; then
    tail -n 1 "$WORK/log"
    echo "== dependency audit NOT done: the vulnerability service is unreachable (offline)"
    exit 0
  fi
  cat "$WORK/log"
  echo "== dependency audit FAILED: pip-audit exited $rc without a report (see above)"
  exit 1
fi

# The report and the ignore file are judged in Python: exit 0 / 1 as above.
.venv/bin/python - "$WORK/audit.json" "$IGNORE_FILE" "$SERVICE" <<'PYEOF'
import json
import sys
from pathlib import Path

report_path, ignore_path, service = sys.argv[1:4]


def read_ignores(path: Path) -> dict[str, str]:
    """ID → reason. Each line: a vulnerability ID, whitespace, the reason."""
    ignores: dict[str, str] = {}
    if not path.exists():
        return ignores
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(
                f"== dependency audit FAILED: {path}:{number}: "
                f"'{vuln_id}' needs a reason after the ID"
            )
        ignores[vuln_id] = reason.strip()
    return ignores


ignores = read_ignores(Path(ignore_path))
dependencies = json.loads(Path(report_path).read_text(encoding="utf-8"))["dependencies"]
skipped = [d for d in dependencies if "skip_reason" in d]
audited = [d for d in dependencies if "skip_reason" not in d]
failing, ignored = [], []
for dep in audited:
    for vuln in dep.get("vulns", []):
        ids = [vuln["id"], *vuln.get("aliases", [])]
        known = next((i for i in ids if i in ignores), None)
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        line = f"  {dep['name']} {dep['version']}: {' / '.join(ids)} (fixed in: {fixes})"
        if known:
            ignored.append(f"{line}\n      ignored: {ignores[known]}")
        else:
            failing.append(f"{line}\n      {vuln.get('description', '')[:200]}")

total = len(dependencies)
if ignored:
    print("Known vulnerabilities accepted in the ignore file:")
    print("\n".join(ignored))
if failing:
    print("Known vulnerabilities (fix them, or list the ID with a reason in the ignore file):")
    print("\n".join(failing))
    sys.exit(f"== dependency audit FAILED: {len(failing)} vulnerabilities")
if total and not audited:
    print(
        f"== dependency audit NOT done: the '{service}' service answered for none of "
        f"the {total} packages (offline, or a PyPI mirror without vulnerability data)"
    )
    sys.exit(0)
if skipped:
    names = ", ".join(d["name"] for d in skipped)
    print(f"Not audited ({len(skipped)} of {total}; the service knows nothing of them): {names}")
print(
    f"== dependency audit: {len(audited)} of {total} packages audited, "
    f"no known vulnerabilities" + (f" ({len(ignored)} accepted)" if ignored else "")
)
PYEOF
