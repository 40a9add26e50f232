#!/usr/bin/env node
// a11y.mjs — accessibility checks of yjplan's HTML output in headless Debian Chromium, plus the Nu Html Checker.
//
// Usage: node tests/browser/a11y.mjs [--lang TAG] [--no-vnu] PATH.html...
//   --lang TAG   the <html lang> must equal TAG (case-insensitive), e.g. en-GB; default: any non-empty tag
//   --no-vnu     skip the Nu Html Checker
//   PATH may also be a directory: every .html file inside it (not recursive).
//
// Per page it prints one line per check, `ok - <page>: <check>` or `not ok - <page>: <check>: <details>`,
// followed by `#   …` lines with the offending elements. The checks:
//   axe            axe-core, runOnly tags wcag2a wcag2aa wcag21a wcag21aa wcag22aa best-practice, plus
//                  td-has-header (tagged "experimental" by axe, so tags alone never select it); run at
//                  1280x900 and again at 320x640 (scroll containers only become scrollable when narrow)
//   skip link      the first Tab stop is a link "#id" to <main> (or inside it), visible when focused,
//                  and Enter moves focus into <main> (main needs tabindex="-1")
//   contents       every link of the nav named "…Contents…" targets an existing h2–h6; clicking it
//                  scrolls the heading into view, not hidden under a sticky/fixed element
//   focus visible  every Tab stop (links, table scroll regions, … up to 300) gets an outline or
//                  box-shadow on keyboard focus that it does not have unfocused
//   reflow         at 320x640 the page does not scroll sideways (scrollWidth <= 321) and html/body
//                  overflow-x does not cut content off; content in its own overflow-x:auto box is fine
//   charts         every inline svg[role=img] has a name (aria-labelledby -> non-empty <title>/element, or
//                  aria-label) and sits in a <figure> that also holds a data table or a description <p>;
//                  any other inline svg must be aria-hidden="true"
//   tables         every <table> has a non-empty <caption> and header cells; every <th> has
//                  scope = col | row | colgroup | rowgroup
//   headings       exactly one h1, it comes first, no level skipped on the way down
//   lang           <html lang> present (and equal to --lang when given)
//   offline        the page requests nothing but file:/data:/blob: URLs (other requests are blocked)
//   html validity  Nu Html Checker (vnu.jar, run with the machine's java): zero errors
//   table scroll, captions, chart text, axe (print)
//                  layout at 1280 px, 320 px and in print media: see layout.mjs
// Last line: `N passed, M failed`. Exit 0 when M = 0, 1 when a check failed, 2 on an environment
// or usage error (missing chromium/java/node_modules: run scripts/setup-test-deps).
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default: java on PATH).

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkLayout } from './layout.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const CHROME_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', // containers often have a 64 MB /dev/shm, too small for Chromium
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AXE_EXTRA_RULES = ['td-has-header'];
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const FOCUS_CAP = 300;
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const SETUP_HINT = 'run scripts/setup-test-deps';

function envError(msg) {
  console.error(`a11y.mjs: ${msg}`);
  process.exit(2);
}

// ---- arguments -----------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = { lang: null, vnu: true, pages: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') o.lang = argv[++i];
    else if (a === '--no-vnu') o.vnu = false;
    else if (a === '-h' || a === '--help') { console.log('usage: node tests/browser/a11y.mjs [--lang TAG] [--no-vnu] PATH.html...'); process.exit(0); }
    else if (a.startsWith('--')) envError(`unknown option ${a}`);
    else o.pages.push(a);
  }
  const files = [];
  for (const p of o.pages) {
    let st;
    try { st = fs.statSync(p); } catch { envError(`no such file: ${p}`); }
    if (st.isDirectory()) {
      for (const n of fs.readdirSync(p).sort()) if (/\.html?$/i.test(n)) files.push(path.join(p, n));
    } else files.push(p);
  }
  if (!files.length) envError('no HTML page given (usage: node tests/browser/a11y.mjs [--lang TAG] [--no-vnu] PATH.html...)');
  o.pages = files;
  return o;
}

// ---- result bookkeeping --------------------------------------------------------------------------
let passed = 0, failed = 0;
function report(page, check, problems, summary, limit = 12) {
  // problems: array of strings (empty = pass); summary: text for the `not ok` line;
  // limit: how many problems to list as `#   …` lines
  if (!problems.length) {
    passed++;
    console.log(`ok - ${page}: ${check}`);
    return;
  }
  failed++;
  console.log(`not ok - ${page}: ${check}: ${summary || problems[0]}`);
  const shown = problems.slice(0, limit);
  for (const p of shown) console.log(`#   ${p}`);
  if (problems.length > shown.length) console.log(`#   … and ${problems.length - shown.length} more`);
}

// ---- in-page helpers (serialised into the page by page.evaluate) -----------------------------------
// Each function below runs inside Chromium; it must be self-contained.

function pageDescribe() {
  // installs window.__yjDesc(el): a short, readable name for an element
  window.__yjDesc = (el) => {
    if (!el || !el.tagName) return String(el);
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).slice(0, 2).join('.');
    const href = el.getAttribute && el.getAttribute('href');
    if (href) s += `[href="${href.length > 40 ? href.slice(0, 40) + '…' : href}"]`;
    const t = (el.textContent || '').replace(/\s+/g, ' ').trim();
    if (t && el.tagName !== 'svg' && el.tagName !== 'TABLE' && el.children.length < 4) {
      s += ` "${t.length > 40 ? t.slice(0, 40) + '…' : t}"`;
    }
    return s;
  };
}

function staticChecks() {
  const desc = window.__yjDesc;
  const text = (el) => (el ? (el.textContent || '').replace(/\s+/g, ' ').trim() : '');
  const out = { charts: [], chartCount: 0, tables: [], tableCount: 0, headings: [], headingList: '', lang: null };

  // charts
  const svgs = Array.from(document.querySelectorAll('svg')).filter((s) => !s.parentElement.closest('svg'));
  for (const svg of svgs) {
    const fig0 = svg.closest('figure');
    const where = desc(svg) + (fig0 ? ` in ${desc(fig0)}` : '');
    if ((svg.getAttribute('role') || '').trim() !== 'img') {
      if (svg.getAttribute('aria-hidden') !== 'true') {
        out.charts.push(`${where}: inline <svg> is neither role="img" (a chart) nor aria-hidden="true" (decoration)`);
      }
      continue;
    }
    out.chartCount++;
    const lb = (svg.getAttribute('aria-labelledby') || '').trim();
    if (lb) {
      const ids = lb.split(/\s+/);
      const refs = ids.map((id) => document.getElementById(id));
      const missing = ids.filter((id, i) => !refs[i]);
      if (missing.length) out.charts.push(`${where}: aria-labelledby points at missing id(s) ${missing.join(', ')}`);
      else if (!refs.some((e) => e.tagName.toLowerCase() === 'title' && svg.contains(e) && text(e))) {
        out.charts.push(`${where}: aria-labelledby does not point at a non-empty <title> of this svg`);
      }
    } else if (!(svg.getAttribute('aria-label') || '').trim()) {
      out.charts.push(`${where}: not named by aria-labelledby (pointing at its <title id=…>) or aria-label` +
        (svg.querySelector(':scope > title') ? ' — a bare <title> child is not announced reliably by every screen reader' : ''));
    }
    const fig = svg.closest('figure');
    if (!fig) {
      out.charts.push(`${where}: not inside a <figure> holding its text alternative (data table or description)`);
    } else {
      const alts = Array.from(fig.querySelectorAll('table, p')).filter((e) => !e.closest('svg') && text(e));
      if (!alts.length) out.charts.push(`${where}: its <figure> has no data table or description paragraph`);
    }
  }

  // tables
  const SCOPES = new Set(['col', 'row', 'colgroup', 'rowgroup']);
  for (const t of document.querySelectorAll('table')) {
    out.tableCount++;
    const cap = t.querySelector(':scope > caption');
    const name = cap ? text(cap) : '';
    const where = name ? `table "${name.length > 50 ? name.slice(0, 50) + '…' : name}"` : desc(t) + ` (table ${out.tableCount})`;
    if (!name) out.tables.push(`${where}: no non-empty <caption>`);
    const ths = Array.from(t.querySelectorAll('th')).filter((th) => th.closest('table') === t);
    if (!ths.length) out.tables.push(`${where}: no <th> header cells`);
    const bad = ths.filter((th) => !SCOPES.has((th.getAttribute('scope') || '').trim().toLowerCase()));
    if (bad.length) {
      out.tables.push(`${where}: ${bad.length}/${ths.length} <th> without scope=col|row|colgroup|rowgroup, e.g. ${desc(bad[0])}`);
    }
  }

  // headings
  const hs = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .filter((h) => h.getClientRects().length > 0); // rendered (visually-hidden headings count; display:none do not)
  const levels = hs.map((h) => Number(h.tagName[1]));
  out.headingList = levels.map((l) => 'h' + l).join(' ');
  const h1s = levels.filter((l) => l === 1).length;
  if (h1s !== 1) out.headings.push(`${h1s} <h1> elements (want exactly 1)` + (h1s ? ': ' + hs.filter((h) => h.tagName === 'H1').map(desc).join(', ') : ''));
  if (levels.length && levels[0] !== 1) out.headings.push(`the first heading is ${desc(hs[0])}, not the h1`);
  for (let i = 1; i < levels.length; i++) {
    if (levels[i] > levels[i - 1] + 1) out.headings.push(`skipped level h${levels[i - 1]} → h${levels[i]} at ${desc(hs[i])}`);
  }
  if (!hs.length) out.headings.push('no headings at all');

  out.lang = document.documentElement.getAttribute('lang');
  return out;
}

function reflowProbe() {
  const desc = window.__yjDesc;
  const de = document.documentElement, body = document.body;
  const vw = window.innerWidth;
  const se = document.scrollingElement || de;
  const htmlOX = getComputedStyle(de).overflowX;
  const bodyOX = body ? getComputedStyle(body).overflowX : 'visible';
  const viewportOX = htmlOX !== 'visible' ? htmlOX : bodyOX; // body's overflow propagates to the viewport
  const inOwnScroller = (el) => {
    for (let a = el.parentElement; a && a !== body && a !== de; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of body ? body.querySelectorAll('*') : []) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;   // visually-hidden helpers
    if (r.right <= vw + 1 || r.left < -1) continue;  // fits, or parked off to the left (skip link)
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (inOwnScroller(el)) continue;
    const hasText = (el.innerText || '').trim().length > 0 || /^(IMG|SVG|svg|VIDEO|CANVAS|TABLE)$/.test(el.tagName);
    offenders.push({ el: desc(el), right: Math.round(r.right), width: Math.round(r.width), hasText });
  }
  offenders.sort((a, b) => b.width - a.width);
  return {
    vw, scrollWidth: se.scrollWidth, clips: /hidden|clip/.test(viewportOX), viewportOX,
    offenders: offenders.slice(0, 5), cut: offenders.filter((o) => o.hasText).slice(0, 5),
  };
}

function focusSnapshot(cap) {
  // record the unfocused look of every potential Tab stop
  const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  window.__yjUnfocused = new Map();
  for (const el of Array.from(document.querySelectorAll(sel)).slice(0, cap * 3)) {
    const cs = getComputedStyle(el);
    window.__yjUnfocused.set(el, [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|'));
  }
  window.__yjSeen = new Set();
}

function focusProbe() {
  // called after each Tab press: judge the focused element
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { done: true };
  if (window.__yjSeen.has(el)) return { done: true };
  window.__yjSeen.add(el);
  const cs = getComputedStyle(el);
  const now = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|');
  const before = window.__yjUnfocused.get(el);
  const hasOutline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const hasShadow = cs.boxShadow && cs.boxShadow !== 'none';
  let problem = null;
  if (!hasOutline && !hasShadow) problem = 'no outline or box-shadow when focused';
  else if (before !== undefined && before === now) problem = 'focused style is the same as unfocused (outline/box-shadow do not change)';
  return { done: false, el: window.__yjDesc(el), problem, link: el.matches('a[href]') };
}

// ---- per-page checks -----------------------------------------------------------------------------
async function fresh(page, url, size) {
  await page.goto('about:blank');
  await page.setViewportSize(size);
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => (document.fonts ? document.fonts.ready.then(() => 1) : 1));
  await page.evaluate(pageDescribe);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(1)))));
}

async function runAxe(page, axeSource) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async ({ tags, extra }) => {
    const rules = {};
    for (const r of extra) rules[r] = { enabled: true };
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations', 'incomplete'] });
    const slim = (v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    return { violations: res.violations.map(slim), incomplete: res.incomplete.map(slim) };
  }, { tags: AXE_TAGS, extra: AXE_EXTRA_RULES });
}

async function checkAxeAndStatic(page, name, url, axeSource, opt) {
  await fresh(page, url, DESKTOP);
  const wide = await runAxe(page, axeSource);
  const st = await page.evaluate(staticChecks);

  await page.setViewportSize(NARROW);
  await settle(page);
  const rf = await page.evaluate(reflowProbe);
  const narrow = await runAxe(page, axeSource);

  // axe (union of both widths)
  const seen = new Map();
  for (const v of wide.violations) seen.set(v.id, { ...v, where: '' });
  for (const v of narrow.violations) if (!seen.has(v.id)) seen.set(v.id, { ...v, where: ' (at 320px only)' });
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const vs = Array.from(seen.values()).sort((a, b) => (order[a.impact] ?? 9) - (order[b.impact] ?? 9) || a.id.localeCompare(b.id));
  report(name, 'axe', vs.map((v) => `${v.id} [${v.impact}] ${v.help}${v.where} — ${v.targets.length} node(s): ` +
    v.targets.slice(0, 3).join(', ') + (v.targets.length > 3 ? ', …' : '')),
  `${vs.length} rule(s) violated: ${vs.map((v) => v.id).join(', ')}`);
  const inc = new Map();
  for (const v of [...wide.incomplete, ...narrow.incomplete]) inc.set(v.id, Math.max(inc.get(v.id) || 0, v.targets.length));
  if (inc.size) {
    console.log(`#   axe "incomplete" (needs a human look, not counted): ` +
      Array.from(inc).map(([id, n]) => `${id} (${n} node(s))`).join(', '));
  }

  // reflow
  const rfProblems = [];
  if (!rf.clips && rf.scrollWidth > NARROW.width + 1) {
    rfProblems.push(`page is ${rf.scrollWidth}px wide at a ${rf.vw}px viewport (horizontal scrolling, WCAG 1.4.10)`);
    for (const o of rf.offenders) rfProblems.push(`sticks out: ${o.el} — right edge ${o.right}px, width ${o.width}px`);
  } else if (rf.clips && rf.cut.length) {
    rfProblems.push(`html/body overflow-x:${rf.viewportOX} cuts off content at ${rf.vw}px (loss of content, WCAG 1.4.10)`);
    for (const o of rf.cut) rfProblems.push(`cut off: ${o.el} — right edge ${o.right}px, width ${o.width}px`);
  }
  report(name, 'reflow', rfProblems, rfProblems.length ? `${rfProblems[0]}; widest: ${(rf.clips ? rf.cut : rf.offenders).slice(0, 3).map((o) => o.el).join(', ') || '?'}` : '');

  report(name, 'charts', st.charts, `${st.charts.length} problem(s) with ${st.chartCount} chart(s)`);
  report(name, 'tables', st.tables, `${st.tables.length} problem(s) in ${st.tableCount} table(s)`);
  report(name, 'headings', st.headings, `${st.headings.join('; ')} (outline: ${st.headingList || 'none'})`);
  const lang = (st.lang || '').trim();
  const langProblems = [];
  if (!lang) langProblems.push('<html> has no lang attribute');
  else if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) langProblems.push(`lang="${lang}" is not a BCP 47 tag`);
  else if (opt.lang && lang.toLowerCase() !== opt.lang.toLowerCase()) langProblems.push(`lang="${lang}", expected "${opt.lang}"`);
  report(name, 'lang', langProblems);
}

async function checkSkipLink(page, name, url) {
  await fresh(page, url, DESKTOP);
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const href = el.getAttribute('href') || '';
    let target = null;
    if (el.tagName === 'A' && href.startsWith('#') && href.length > 1) {
      try { target = document.getElementById(decodeURIComponent(href.slice(1))); } catch { target = null; }
    }
    const main = document.querySelector('main, [role=main]');
    const r = el.getBoundingClientRect();
    const visible = r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
    return {
      el: window.__yjDesc(el), isLink: el.tagName === 'A' && el.hasAttribute('href'), href,
      targetFound: !!target, target: target ? window.__yjDesc(target) : null,
      main: main ? window.__yjDesc(main) : null,
      inMain: !!(main && target && (target === main || main.contains(target))),
      mainTabindex: main ? main.getAttribute('tabindex') : null, visible,
    };
  });
  const p = [];
  if (first.none) p.push('Tab from the top of the page focuses nothing');
  else if (!first.isLink || !first.href.startsWith('#')) p.push(`the first Tab stop is ${first.el}, not a link to "#main"`);
  else if (!first.targetFound) p.push(`the first Tab stop ${first.el} points at a missing id`);
  else if (!first.main) p.push('the page has no <main> element');
  else if (!first.inMain) p.push(`the first Tab stop ${first.el} points at ${first.target}, which is not <main> or inside it`);
  if (!p.length) {
    for (let k = 0; k < 10 && !first.visible; k++) { // allow a short reveal transition
      await page.waitForTimeout(100);
      first.visible = await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
      });
    }
    if (!first.visible) p.push(`the skip link ${first.el} is not visible when focused (must appear on focus)`);
    await page.keyboard.press('Enter');
    await settle(page);
    const after = await page.evaluate(() => {
      const a = document.activeElement;
      const main = document.querySelector('main, [role=main]');
      return { el: window.__yjDesc(a), inMain: !!(a && main && (a === main || main.contains(a))) };
    });
    if (!after.inMain) {
      p.push(`after Enter on the skip link focus is on ${after.el}, not in <main>` +
        (first.mainTabindex === null ? ' (give <main> tabindex="-1" so it can take focus)' : ''));
    }
  }
  report(name, 'skip link', p);
}

async function checkContents(page, name, url) {
  await fresh(page, url, DESKTOP);
  const navs = page.getByRole('navigation', { name: /contents/i });
  const nNav = await navs.count();
  const p = [];
  let nLinks = 0;
  if (!nNav) p.push('no <nav> whose accessible name contains "Contents" (aria-label or aria-labelledby)');
  for (let n = 0; n < nNav; n++) {
    const links = navs.nth(n).locator('a[href]');
    const count = await links.count();
    if (!count) p.push(`contents nav ${n + 1} has no links`);
    for (let i = 0; i < count; i++) {
      nLinks++;
      const link = links.nth(i);
      const info = await link.evaluate((a) => {
        const href = a.getAttribute('href');
        let t = null;
        if (href.startsWith('#') && href.length > 1) {
          try { t = document.getElementById(decodeURIComponent(href.slice(1))); } catch { t = null; }
        }
        return { href, desc: window.__yjDesc(a), local: href.startsWith('#'), found: !!t, tag: t ? t.tagName.toLowerCase() : null };
      });
      if (!info.local) { p.push(`${info.desc}: not an in-page link`); continue; }
      if (!info.found) { p.push(`${info.desc}: no element with that id`); continue; }
      if (!/^h[2-6]$/.test(info.tag)) { p.push(`${info.desc}: target is <${info.tag}>, not a heading h2–h6`); continue; }
      try {
        await link.click({ timeout: 5000 });
      } catch (e) {
        p.push(`${info.desc}: cannot be clicked (${String(e.message).split('\n')[0]})`);
        continue;
      }
      const id = decodeURIComponent(info.href.slice(1));
      let res = null;
      for (let k = 0; k < 15; k++) { // up to ~1.5 s for smooth scrolling
        res = await page.evaluate((tid) => {
          const h = document.getElementById(tid);
          const r = h.getBoundingClientRect();
          const inView = r.top >= -1 && r.top < innerHeight - 4;
          let covered = null;
          if (inView) {
            const range = document.createRange();
            range.selectNodeContents(h);
            const lr = range.getClientRects()[0] || r;
            const x = Math.min(Math.max(lr.left + Math.min(lr.width / 2, 20), 0), innerWidth - 1);
            const y = Math.min(Math.max(lr.top + lr.height / 2, 0), innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            if (hit && hit !== h && !h.contains(hit)) covered = window.__yjDesc(hit);
          }
          return { top: Math.round(r.top), inView, covered };
        }, id);
        if (res.inView && !res.covered) break;
        await page.waitForTimeout(100);
      }
      if (!res.inView) p.push(`${info.desc}: after clicking, the heading's top is at ${res.top}px, outside the ${DESKTOP.height}px viewport`);
      else if (res.covered) p.push(`${info.desc}: after clicking, the heading is covered by ${res.covered} (sticky/fixed header? use scroll-margin-top)`);
    }
  }
  report(name, 'contents', p, p.length ? `${p.length} problem(s)${nLinks ? ` in ${nLinks} contents link(s)` : ''}: ${p[0]}` : '');
}

async function checkFocusVisible(page, name, url) {
  await fresh(page, url, DESKTOP);
  await page.evaluate(focusSnapshot, FOCUS_CAP);
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });
  const p = [];
  let n = 0, links = 0, capped = false;
  for (;;) {
    if (n >= FOCUS_CAP) { capped = true; break; }
    await page.keyboard.press('Tab');
    const r = await page.evaluate(focusProbe);
    if (r.done) break;
    n++;
    if (r.link) links++;
    if (r.problem) p.push(`${r.el}: ${r.problem}`);
  }
  if (!n) p.push('no element can be reached with Tab');
  report(name, 'focus visible', p, p.length ? `${p.length} of ${n} Tab stop(s) without a visible focus indicator` : '');
  if (capped) console.log(`#   focus visible: checked the first ${FOCUS_CAP} Tab stops only`);
  else if (!p.length) console.log(`#   focus visible: ${n} Tab stop(s), ${links} link(s)`);
}

// ---- the Nu Html Checker ---------------------------------------------------------------------------
function startVnu(files) {
  return new Promise((resolve) => {
    const args = ['-Xss1024k', '-jar', VNU_JAR, '--format', 'json', '--stdout', ...files.map((f) => path.resolve(f))];
    execFile(JAVA, args, { maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60 * 1000 }, (err, stdout, stderr) => {
      if (err && !stdout) { resolve({ error: `${err.message.split('\n')[0]} ${String(stderr).slice(0, 300)}` }); return; }
      try { resolve({ messages: JSON.parse(stdout).messages || [] }); } catch (e) {
        resolve({ error: `cannot parse vnu output: ${e.message}: ${String(stdout).slice(0, 200)}` });
      }
    });
  });
}

function reportVnu(files, res) {
  for (const f of files) {
    if (res.error) { report(f, 'html validity', [`vnu failed: ${res.error}`]); continue; }
    const abs = path.resolve(f);
    const mine = res.messages.filter((m) => {
      if (!m.url) return files.length === 1;
      try { return fileURLToPath(new URL(m.url)) === abs; } catch { return false; }
    });
    const errs = mine.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
    const warns = mine.filter((m) => m.type === 'info' && m.subType === 'warning');
    report(f, 'html validity', errs.map((m) => `${m.firstLine ?? m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}`),
      `${errs.length} Nu Html Checker error(s)`, 200);
    if (warns.length) {
      console.log(`#   vnu: ${warns.length} warning(s), not counted: ` +
        warns.slice(0, 3).map((m) => `${m.lastLine ?? '?'}:${m.firstColumn ?? '?'} ${m.message}`).join(' | '));
    }
  }
}

// ---- main -------------------------------------------------------------------------------------------
async function main() {
  const opt = parseArgs(process.argv.slice(2));

  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch {
    envError(`playwright-core not installed in tests/browser/node_modules: ${SETUP_HINT}`);
  }
  let axeSource, axeVersion;
  try {
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    axeVersion = require('axe-core/package.json').version;
  } catch { envError(`axe-core not installed in tests/browser/node_modules: ${SETUP_HINT}`); }
  if (!fs.existsSync(CHROMIUM)) envError(`chromium not found at ${CHROMIUM}: ${SETUP_HINT}`);
  let chromeVersion = '?';
  try {
    chromeVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { /* a broken chromium is reported by the launch below */ }

  let vnuPromise = null, vnuVersion = '';
  if (opt.vnu) {
    if (!fs.existsSync(VNU_JAR)) envError(`vnu.jar not found (${VNU_JAR}): ${SETUP_HINT}`);
    try { execFileSync(JAVA, ['-version'], { stdio: 'ignore', timeout: 60000 }); } catch {
      envError(`java not found (needed by the Nu Html Checker): ${SETUP_HINT}`);
    }
    vnuVersion = require('vnu-jar/package.json').version;
    vnuPromise = startVnu(opt.pages); // runs in parallel with the browser checks
  }
  console.log(`# ${chromeVersion}; playwright-core ${require('playwright-core/package.json').version}; ` +
    `axe-core ${axeVersion} (${AXE_TAGS.join(' ')} + ${AXE_EXTRA_RULES.join(' ')})` +
    (opt.vnu ? `; vnu-jar ${vnuVersion}` : ''));

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yjplan-a11y-'));
  let ctx;
  try {
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROME_ARGS, viewport: DESKTOP,
      bypassCSP: true, // so axe can be injected even under a strict Content-Security-Policy
      reducedMotion: 'no-preference',
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    envError(`cannot start chromium (${CHROMIUM}): ${String(e.message).split('\n')[0]}`);
  }
  const blocked = [];
  await ctx.route('**/*', (route) => {
    const u = route.request().url();
    if (/^(file|data|blob|about):/i.test(u)) return route.continue();
    blocked.push(u);
    return route.abort('blockedbyclient');
  });

  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(60000);
    for (const f of opt.pages) {
      const url = pathToFileURL(path.resolve(f)).href;
      blocked.length = 0;
      const steps = [
        ['axe', () => checkAxeAndStatic(page, f, url, axeSource, opt)],
        ['skip link', () => checkSkipLink(page, f, url)],
        ['contents', () => checkContents(page, f, url)],
        ['focus visible', () => checkFocusVisible(page, f, url)],
        ['layout', () => checkLayout(page, f, url, { fresh, settle, runAxe, report, axeSource })],
      ];
      for (const [label, fn] of steps) {
        try { await fn(); } catch (e) {
          report(f, label, [`error while checking: ${String(e && e.message || e).split('\n')[0]}`]);
        }
      }
      const ext = Array.from(new Set(blocked));
      report(f, 'offline', ext.map((u) => `blocked request: ${u.length > 100 ? u.slice(0, 100) + '…' : u}`),
        `${ext.length} request(s) to non-file URLs (the page must work offline)`);
    }
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }

  if (vnuPromise) reportVnu(opt.pages, await vnuPromise);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => envError(`unexpected error: ${e && e.stack || e}`));
