#!/usr/bin/env bash
# make-fixtures.sh — rebuild tests/pdf/fixtures/{good,bad,layout-bad}.pdf from fixtures/src/*.typ.
#
# Usage: tests/pdf/make-fixtures.sh       (maintainers only; the tests use the committed PDFs)
#   Installs the PyPI `typst==0.15.0` wheel into a throw-away venv and compiles
#     good.typ with pdf_standards ["ua-1", "a-2a"]  -> good.pdf (check_pdf.py must pass it)
#     bad.typ  with no PDF standard                  -> bad.pdf  (check_pdf.py must fail it)
#     layout-bad.typ with pdf_standards ["ua-1"]       -> layout-bad.pdf (must fail the layout checks only)
#   with Typst's bundled fonts only (ignore_system_fonts) and a fixed timestamp, so the output does not
#   depend on the machine. Each PDF must stay under 50 KB.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
VENV="$(mktemp -d "${TMPDIR:-/tmp}/yjplan-typst-XXXXXX")"
trap 'rm -rf "$VENV"' EXIT
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check typst==0.15.0
cd "$HERE/fixtures"
"$VENV/bin/python" - <<'EOF'
import typst
ts = 1767225600  # 2026-01-01T00:00:00Z
typst.compile("src/good.typ", output="good.pdf", pdf_standards=["ua-1", "a-2a"], timestamp=ts, ignore_system_fonts=True)
typst.compile("src/bad.typ", output="bad.pdf", timestamp=ts, ignore_system_fonts=True)
typst.compile("src/layout-bad.typ", output="layout-bad.pdf", pdf_standards=["ua-1"], timestamp=ts, ignore_system_fonts=True)
EOF
for f in good.pdf bad.pdf layout-bad.pdf; do
  size=$(stat -c %s "$f")
  echo "make-fixtures: $f $size bytes"
  [ "$size" -lt 51200 ] || { echo "make-fixtures: $f is over 50 KB" >&2; exit 1; }
done
