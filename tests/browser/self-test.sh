#!/usr/bin/env bash
# self-test.sh — prove that tests/browser/a11y.mjs can fail as well as pass.
#
# Usage: tests/browser/self-test.sh        (after scripts/setup-test-deps)
#   1. fixtures/bad.html must FAIL, with every check named in a `not ok` line (and the key axe rules);
#   2. fixtures/good.html must PASS every check (exit 0);
#   3. mutants — copies of good.html with one fault each, made in a temp dir — must fail exactly the
#      check(s) that fault belongs to, so each check is shown to work on its own;
#   4. a missing chromium must give exit 2 and a message pointing at scripts/setup-test-deps.
# Prints `ok - …` / `not ok - …` per assertion and `N passed, M failed` last; exit 1 if anything failed.
set -u
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
A11Y="$HERE/a11y.mjs"
GOOD="$HERE/fixtures/good.html"
BAD="$HERE/fixtures/bad.html"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/yjplan-a11y-selftest-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
passed=0; failed=0

ok()    { passed=$((passed + 1)); echo "ok - self-test: $1"; }
notok() { failed=$((failed + 1)); echo "not ok - self-test: $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | tail -n 40; }
# expect_rc NAME WANT GOT LOG
expect_rc() { if [ "$3" = "$2" ]; then ok "$1 (exit $3)"; else notok "$1: exit $3, want $2" "$4"; fi; }
# expect_line NAME FIXED-STRING LOG : some line of LOG contains the string
expect_line() { if grep -q -F -- "$2" "$3"; then ok "$1"; else notok "$1: no line containing '$2'" "$3"; fi; }

# ---- 1. bad.html fails every check --------------------------------------------------------------
node "$A11Y" --lang en-GB "$BAD" > "$WORK/bad.log" 2>&1; rc=$?
expect_rc "bad.html fails" 1 "$rc" "$WORK/bad.log"
for check in axe "skip link" contents "focus visible" reflow charts tables headings lang offline "html validity" \
    "table scroll" captions "chart text" "axe (print)"; do
  expect_line "bad.html: '$check' fails" "not ok - $BAD: $check:" "$WORK/bad.log"
done
for rule in td-has-header color-contrast html-has-lang svg-img-alt landmark-one-main; do
  expect_line "bad.html: axe reports $rule" "#   $rule [" "$WORK/bad.log"
done
expect_line "bad.html: reflow names the wide banner" "sticks out: div.banner" "$WORK/bad.log"
expect_line "bad.html: vnu reports the duplicate id" "Duplicate ID" "$WORK/bad.log"
if [ "$(tail -n1 "$WORK/bad.log")" = "0 passed, 15 failed" ]; then ok "bad.html: summary '0 passed, 15 failed'"
else notok "bad.html: summary is '$(tail -n1 "$WORK/bad.log")'" "$WORK/bad.log"; fi

# ---- 2. good.html passes -------------------------------------------------------------------------
node "$A11Y" --lang en-GB "$GOOD" > "$WORK/good.log" 2>&1; rc=$?
expect_rc "good.html passes" 0 "$rc" "$WORK/good.log"
if grep -q '^not ok' "$WORK/good.log"; then notok "good.html: a check failed" "$WORK/good.log"; else ok "good.html: no 'not ok' line"; fi
if [ "$(tail -n1 "$WORK/good.log")" = "15 passed, 0 failed" ]; then ok "good.html: summary '15 passed, 0 failed'"
else notok "good.html: summary is '$(tail -n1 "$WORK/good.log")'" "$WORK/good.log"; fi

# ---- 3. mutants of good.html: each fault fails its own check(s) -----------------------------------
# Each line of the manifest: file <TAB> the checks expected to fail, comma-separated, sorted.
mkdir -p "$WORK/mutants"
node - "$GOOD" "$WORK/mutants" > "$WORK/manifest.tsv" 2> "$WORK/mutate.log" <<'EOF' || { notok "could not build mutants" "$WORK/mutate.log"; : > "$WORK/manifest.tsv"; }
// name, checks that must fail (sorted), [from, to] replacements applied to good.html
const fs = require('fs');
const [good, dir] = process.argv.slice(2);
const src = fs.readFileSync(good, 'utf8');
const mutants = [
  ['main-without-tabindex', 'skip link', [['<main id="main" tabindex="-1">\n', '<main id="main">\n']]],
  ['skip-link-elsewhere', 'skip link', [['href="#main">Skip', 'href="#contents-heading">Skip']]],
  ['skip-link-invisible', 'skip link', [['.skip-link:focus { left: 1rem; top: 1rem;', '.skip-link:focus { top: 1rem;']]],
  ['region-without-tabindex', 'axe', [['aria-labelledby="staff-caption" tabindex="0"', 'aria-labelledby="staff-caption"']]],
  ['sticky-header', 'contents', [['h2, h3 { scroll-margin-top: 1rem; }',
    'header { position: sticky; top: 0; background: #ffffff; z-index: 5; padding: 2rem 0; }']]],
  ['contents-broken-link', 'contents', [['<a href="#sign-off">Sign-off</a>', '<a href="#signoff">Sign-off</a>']]],
  ['no-focus-outline', 'focus visible', [['outline: 3px solid #0b0c0c; outline-offset: 2px;', 'outline: none;']]],
  ['too-wide', 'reflow', [['.wrap { max-width: 48rem;', '.wrap { min-width: 30rem; max-width: 48rem;']]],
  ['clipped-not-reflowed', 'captions,reflow', [['.wrap { max-width: 48rem;', '.wrap { min-width: 30rem; max-width: 48rem;'],
    ['html { -webkit-text-size-adjust: 100%; }', 'html { -webkit-text-size-adjust: 100%; overflow-x: hidden; }']]],
  ['chart-without-labelledby', 'charts', [['role="img" aria-labelledby="fte-chart-title" ', 'role="img" ']]],
  ['chart-without-text', 'charts', [['<p>Example YJS’s rate fell every year', '<div>Example YJS’s rate fell every year'],
    ['rate of 160. The figures are in <a href="#fte-caption">table 1</a>.</p>', 'rate of 160. The figures are in <a href="#fte-caption">table 1</a>.</div>']]],
  ['svg-icon-not-hidden', 'charts', [['<svg aria-hidden="true" focusable="false" viewBox', '<svg viewBox']]],
  ['th-without-scope', 'tables', [['<th scope="row">Managers</th>', '<th>Managers</th>']]],
  ['table-without-caption', 'tables', [['<caption id="staff-caption" class="visually-hidden">Table 2: Staff by role, contract and sex (headcount)</caption>', ''],
    ['aria-labelledby="staff-caption"', 'aria-label="Table 2: Staff"']]],
  ['two-h1', 'headings', [['<h2 id="sign-off">Sign-off</h2>', '<h1 id="sign-off">Sign-off</h1>'],
    ['<a href="#sign-off">Sign-off</a>', 'Sign-off']]],
  ['skipped-heading', 'axe,axe (print),headings,html validity', [['<h3 id="first-time-entrants">First-time entrants</h3>', '<h4 id="first-time-entrants">First-time entrants</h4>']]],
  ['other-lang', 'lang', [['<html lang="en-GB">', '<html lang="en">']]],
  ['low-contrast', 'axe,axe (print)', [['.table-note { font-size: 0.9rem; color: #505a5f;', '.table-note { font-size: 0.9rem; color: #a0a0a0;']]],
  ['external-font', 'offline', [['<title>Youth', '<link rel="stylesheet" href="https://fonts.example.com/yj.css">\n<title>Youth']]],
  ['nowrap-headers', 'captions,table scroll', [['thead th { border-bottom-width: 2px;', 'thead th { white-space: nowrap; border-bottom-width: 2px;'],
    ['<th scope="col">Area</th>', '<th scope="col">Area of the YJS and its partners</th>']]],
  ['caption-in-scroll-box', 'captions', [['<p class="table-caption" aria-hidden="true">Table 2: Staff by role, contract and sex (headcount)</p>\n', ''],
    ['<caption id="staff-caption" class="visually-hidden">', '<caption id="staff-caption">']]],
  ['chart-scaled-down', 'chart text', [['svg.chart { display: block; width: 100%; max-width: 300px;', 'svg.chart { display: block; width: 100%; max-width: 200px;']]],
  ['print-low-contrast', 'axe (print)', [['@media print { .skip-link { display: none; } }', '@media print { .skip-link { display: none; } p { color: #aaaaaa; } }']]],
  ['duplicate-id', 'html validity', [['<dt>Date</dt>', '<dt id="chair">Date</dt>'], ['<dt>Chair', '<dt id="chair">Chair']]],
];
for (const [name, checks, reps] of mutants) {
  let s = src;
  for (const [from, to] of reps) {
    const n = s.split(from).length - 1; // each fault must hit exactly one place, not e.g. the comment
    if (n !== 1) { console.error(`mutant ${name}: '${from}' occurs ${n} times in good.html (want 1)`); process.exit(1); }
    s = s.replace(from, to);
  }
  const file = `${dir}/${name}.html`;
  fs.writeFileSync(file, s);
  console.log(`${file}\t${checks.split(',').sort().join(',')}`);
}
EOF
if [ -s "$WORK/manifest.tsv" ]; then
  mapfile -t pages < <(cut -f1 "$WORK/manifest.tsv")
  node "$A11Y" --lang en-GB "${pages[@]}" > "$WORK/mutants.log" 2>&1; rc=$?
  expect_rc "mutants fail" 1 "$rc" "$WORK/mutants.log"
  while IFS=$'\t' read -r file want; do
    got=$(grep -F "not ok - $file: " "$WORK/mutants.log" | sed "s|^not ok - $file: ||; s|:.*||" | sort | paste -sd, -)
    if [ "$got" = "$want" ]; then ok "mutant $(basename "$file" .html) fails exactly: $want"
    else
      notok "mutant $(basename "$file" .html): failing checks '$got', want '$want'"
      grep -F -A4 "not ok - $file: " "$WORK/mutants.log" | sed 's/^/#   /' | head -n 20
    fi
  done < "$WORK/manifest.tsv"
fi

# ---- 4. environment errors give exit 2 ------------------------------------------------------------
CHROMIUM=/nonexistent/chromium node "$A11Y" "$GOOD" > "$WORK/env.log" 2>&1; rc=$?
expect_rc "missing chromium is an environment error" 2 "$rc" "$WORK/env.log"
expect_line "missing chromium: message names scripts/setup-test-deps" "chromium not found" "$WORK/env.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
