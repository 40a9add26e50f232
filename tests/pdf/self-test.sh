#!/usr/bin/env bash
# self-test.sh — prove that tests/pdf/check_pdf.py passes a good PDF and fails bad ones.
#
# Usage: tests/pdf/self-test.sh        (after scripts/setup-test-deps)
#   1. fixtures/good.pdf (Typst, PDF/UA-1 + PDF/A-2a) must pass every check;
#   2. fixtures/bad.pdf (Typst, no standard, flawed source) must fail the checks named below;
#   3. mutants — copies of good.pdf with one thing removed by pikepdf, made in a temp dir — must fail
#      exactly the check(s) concerned, so every check, including those Typst never gets wrong, can fail;
#   4. fixtures/layout-bad.pdf (Typst, PDF/UA-1, sound structure, careless layout) must fail exactly the
#      layout checks: page fill, landscape fill, margins;
#   5. a missing file must give exit 2.
# Prints `ok - …` / `not ok - …` per assertion and `N passed, M failed` last; exit 1 if anything failed.
set -u
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
PY="$HERE/.venv/bin/python"
CHECK="$HERE/check_pdf.py"
GOOD="$HERE/fixtures/good.pdf"
BAD="$HERE/fixtures/bad.pdf"
LAYOUT_BAD="$HERE/fixtures/layout-bad.pdf"
[ -x "$PY" ] || { echo "self-test.sh: $PY missing: run scripts/setup-test-deps" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/yjplan-pdf-selftest-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
passed=0; failed=0

ok()    { passed=$((passed + 1)); echo "ok - self-test: $1"; }
notok() { failed=$((failed + 1)); echo "not ok - self-test: $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | tail -n 40; }
expect_rc() { if [ "$3" = "$2" ]; then ok "$1 (exit $3)"; else notok "$1: exit $3, want $2" "$4"; fi; }
# failing FILE LOG: the names of the checks that failed for FILE, sorted, comma-separated
failing() { grep -F "not ok - $1: " "$2" | sed "s|^not ok - $1: ||; s|:.*||" | sort | paste -sd, -; }

# ---- 1. good.pdf passes ---------------------------------------------------------------------------
"$PY" "$CHECK" "$GOOD" > "$WORK/good.log" 2>&1; rc=$?
expect_rc "good.pdf passes" 0 "$rc" "$WORK/good.log"
if [ "$(tail -n1 "$WORK/good.log")" = "16 passed, 0 failed" ]; then ok "good.pdf: summary '16 passed, 0 failed'"
else notok "good.pdf: summary is '$(tail -n1 "$WORK/good.log")'" "$WORK/good.log"; fi
for f in "$GOOD" "$BAD" "$LAYOUT_BAD"; do
  size=$(stat -c %s "$f")
  if [ "$size" -lt 51200 ]; then ok "$(basename "$f") is small ($size bytes)"; else notok "$(basename "$f") is $size bytes (limit 50 KB)"; fi
done

# ---- 2. bad.pdf fails ------------------------------------------------------------------------------
"$PY" "$CHECK" "$BAD" > "$WORK/bad.log" 2>&1; rc=$?
expect_rc "bad.pdf fails" 1 "$rc" "$WORK/bad.log"
# page fill too: without bookmarks no chapter start is known, so its short first page is a fault
want="bookmarks,display title,figure alt,headings,lang,page fill,pdf/ua claim,table headers,title"
got=$(failing "$BAD" "$WORK/bad.log")
if [ "$got" = "$want" ]; then ok "bad.pdf fails exactly: $want"; else notok "bad.pdf fails '$got', want '$want'" "$WORK/bad.log"; fi
if grep -q -F 'skipped level H1 -> H3' "$WORK/bad.log"; then ok "bad.pdf: names the skipped heading level"
else notok "bad.pdf: skipped heading level not named" "$WORK/bad.log"; fi

# ---- 3. mutants of good.pdf --------------------------------------------------------------------------
mkdir -p "$WORK/mutants"
"$PY" - "$GOOD" "$WORK/mutants" > "$WORK/manifest.tsv" 2> "$WORK/mutate.log" <<'EOF' || { notok "could not build mutants" "$WORK/mutate.log"; : > "$WORK/manifest.tsv"; }
# Each mutant: a name, the checks it must fail (comma-separated, sorted; "" = must pass), and an edit of good.pdf.
import sys
import pikepdf

good, outdir = sys.argv[1:3]


def elems(pdf):
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        k = stack.pop()
        if isinstance(k, pikepdf.Array):
            stack.extend(reversed(list(k)))
        elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
            yield k
            if "/K" in k:
                stack.append(k.K)


def count(n, what):
    if n == 0:
        raise SystemExit(f"mutant edit found no {what} in good.pdf")


def untagged(pdf):
    del pdf.Root["/MarkInfo"]


def suspects(pdf):
    pdf.Root.MarkInfo.Suspects = True


def no_struct(pdf):
    del pdf.Root["/StructTreeRoot"]


def no_lang(pdf):
    del pdf.Root["/Lang"]


def no_info_title(pdf):
    del pdf.docinfo["/Title"]


def no_xmp_title(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as m:
        del m["dc:title"]


def scope_via_classmap(pdf):
    # legal alternatives that must still pass: /Scope in a ClassMap class (/C), or /A a plain dict
    n = 0
    st = pdf.Root.StructTreeRoot
    st.ClassMap = pikepdf.Dictionary(ColHead=pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column))
    for e in elems(pdf):
        if e.S == pikepdf.Name.TH:
            if n == 0:
                e.C = pikepdf.Name.ColHead
                del e["/A"]
            else:
                e.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column)
            n += 1
    count(n, "TH")


def no_display_title(pdf):
    del pdf.Root["/ViewerPreferences"]


def no_ua_claim(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as m:
        del m["pdfuaid:part"]


def no_alt(pdf):
    n = 0
    for e in elems(pdf):
        if e.S == pikepdf.Name.Figure:
            del e["/Alt"]
            n += 1
    count(n, "Figure")


def no_scope(pdf):
    n = 0
    for e in elems(pdf):
        if e.S == pikepdf.Name.TH:
            for a in (e.A if isinstance(e.A, pikepdf.Array) else [e.A]):
                if isinstance(a, pikepdf.Dictionary) and "/Scope" in a:
                    del a["/Scope"]
                    n += 1
    count(n, "TH /Scope")


def th_to_td(pdf):
    n = 0
    for e in elems(pdf):
        if e.S == pikepdf.Name.TH:
            e.S = pikepdf.Name.TD
            n += 1
    count(n, "TH")


def skip_heading(pdf):
    for e in elems(pdf):
        if e.S == pikepdf.Name.H2:
            e.S = pikepdf.Name.H3
            return
    count(0, "H2")


def no_outline(pdf):
    del pdf.Root["/Outlines"]


def unembed_fonts(pdf):
    n = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor:
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    del obj[key]
                    n += 1
    count(n, "embedded font")


def no_text(pdf):
    for page in pdf.pages:
        page.obj.Contents = pdf.make_stream(b"")


MUTANTS = [
    ("untagged", "tagged", untagged),
    ("suspects", "tagged", suspects),
    ("no-struct-tree", "structure tree", no_struct),
    ("no-lang", "lang", no_lang),
    ("no-info-title", "title", no_info_title),
    ("no-xmp-title", "title", no_xmp_title),
    ("no-display-title", "display title", no_display_title),
    ("no-ua-claim", "pdf/ua claim", no_ua_claim),
    ("figure-without-alt", "figure alt", no_alt),
    ("th-without-scope", "th scope", no_scope),
    ("scope-via-classmap", "", scope_via_classmap),  # must pass
    ("table-without-th", "table headers", th_to_td),
    ("skipped-heading", "headings", skip_heading),
    ("no-bookmarks", "bookmarks", no_outline),
    ("fonts-not-embedded", "fonts embedded", unembed_fonts),
    ("no-text", "text", no_text),
]
for name, checks, edit in MUTANTS:
    with pikepdf.open(good) as pdf:
        edit(pdf)
        out = f"{outdir}/{name}.pdf"
        pdf.save(out)
    print(f"{out}\t{checks}")
EOF
if [ -s "$WORK/manifest.tsv" ]; then
  mapfile -t pdfs < <(cut -f1 "$WORK/manifest.tsv")
  "$PY" "$CHECK" "${pdfs[@]}" > "$WORK/mutants.log" 2>&1; rc=$?
  expect_rc "mutants fail" 1 "$rc" "$WORK/mutants.log"
  while IFS=$'\t' read -r file want; do
    got=$(failing "$file" "$WORK/mutants.log")
    if [ "$got" = "$want" ]; then ok "mutant $(basename "$file" .pdf) fails exactly: ${want:-nothing}"
    else notok "mutant $(basename "$file" .pdf): failing checks '$got', want '$want'"
      grep -F -A3 "not ok - $file: " "$WORK/mutants.log" | sed 's/^/#   /' | head -n 12
    fi
  done < "$WORK/manifest.tsv"
fi

# --lang: the same good.pdf fails when another language is required
"$PY" "$CHECK" --lang cy "$GOOD" > "$WORK/lang.log" 2>&1; rc=$?
got=$(failing "$GOOD" "$WORK/lang.log")
if [ "$rc" = 1 ] && [ "$got" = "lang" ]; then ok "good.pdf with --lang cy fails exactly: lang"
else notok "good.pdf with --lang cy: exit $rc, failing '$got'" "$WORK/lang.log"; fi

# ---- 4. layout-bad.pdf fails the layout checks, and only those ----------------------------------------
"$PY" "$CHECK" "$LAYOUT_BAD" > "$WORK/layout.log" 2>&1; rc=$?
expect_rc "layout-bad.pdf fails" 1 "$rc" "$WORK/layout.log"
want="landscape fill,margins,page fill"
got=$(failing "$LAYOUT_BAD" "$WORK/layout.log")
if [ "$got" = "$want" ]; then ok "layout-bad.pdf fails exactly: $want"; else notok "layout-bad.pdf fails '$got', want '$want'" "$WORK/layout.log"; fi
for what in "page 1 of 4 is" "page 2 of 4 (landscape)" "page 3 of 4: content reaches"; do
  if grep -q -F "$what" "$WORK/layout.log"; then ok "layout-bad.pdf: names '$what'"
  else notok "layout-bad.pdf: '$what' not named" "$WORK/layout.log"; fi
done

# ---- 5. usage errors give exit 2 ----------------------------------------------------------------------
"$PY" "$CHECK" "$WORK/does-not-exist.pdf" > "$WORK/missing.log" 2>&1; rc=$?
expect_rc "missing PDF is a usage error" 2 "$rc" "$WORK/missing.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
