// layout.mjs — the layout checks a11y.mjs runs on every page, at 1280 px, at 320 px and in print
// media (a 718 px wide page: A4 less Chromium's default margins):
//   table scroll   a table whose box scrolls sideways must not fit that box with its text wrapped
//                  (cells holding a space may wrap; numbers and words stay whole): only what truly
//                  cannot fit may scroll. In print, a table must not run past the paper's edge.
//   captions       every visible table caption (a <caption>, or the element that shows it above the
//                  table, class *caption*) is fully in view: no line runs out of a box that scrolls
//                  or clips it, nor past the paper's edge in print.
//   chart text     every <text> of an inline <svg> that is shown renders at 12 px or more (its font
//                  size times the svg's scale on screen).
//   axe (print)    axe-core, as a11y.mjs runs it, in print media.
// Exports checkLayout(page, name, url, hooks); hooks = { fresh, settle, runAxe, report }.

export const PRINT = { width: 718, height: 1000 };
const MODES = [
  ['1280px', { width: 1280, height: 900 }, 'screen'],
  ['320px', { width: 320, height: 640 }, 'screen'],
  ['print', PRINT, 'print'],
];
const MIN_CHART_PX = 12;

// Runs inside Chromium (serialised by page.evaluate): must be self-contained.
function layoutProbe({ minPx, paper }) {
  const desc = window.__yjDesc;
  const vw = document.documentElement.clientWidth;
  const out = { scroll: [], captions: [], chartText: [], tables: 0, captions_seen: 0, texts: 0 };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
  };
  const scrolls = (el) => /auto|scroll/.test(getComputedStyle(el).overflowX);
  // The horizontal span el's content can show in: every ancestor that clips or scrolls narrows it;
  // the page's width clips on paper, and on screen when html or body hides what overflows
  // (a page that scrolls sideways is the reflow check's business).
  const window_ = (el) => {
    let l = -Infinity, r = Infinity;
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      if (a === document.documentElement || a === document.body) { l = Math.max(l, 0); r = Math.min(r, vw); continue; }
      const ar = a.getBoundingClientRect();
      l = Math.max(l, ar.left + a.clientLeft);
      r = Math.min(r, ar.left + a.clientLeft + a.clientWidth);
    }
    return paper ? { l: Math.max(l, 0), r: Math.min(r, vw) } : { l, r };
  };
  const name = (t) => {
    const cap = t.querySelector(':scope > caption');
    const s = (cap ? cap.textContent : desc(t)).replace(/\s+/g, ' ').trim();
    return `table "${s.length > 50 ? s.slice(0, 50) + '…' : s}"`;
  };

  for (const t of document.querySelectorAll('table')) {
    if (!shown(t)) continue;
    out.tables++;
    let box = null;
    for (let a = t.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) { box = a; break; }
    if (box && box.scrollWidth > box.clientWidth + 1) {
      // The narrowest the table can be with every cell that holds a space allowed to wrap.
      const cells = Array.from(t.querySelectorAll('th, td, caption')).filter((c) => /\S\s+\S/.test(c.textContent.trim()));
      const saved = cells.map((c) => c.style.whiteSpace);
      cells.forEach((c) => { c.style.whiteSpace = 'normal'; });
      const savedW = t.style.width;
      t.style.width = 'min-content';
      const least = Math.ceil(t.getBoundingClientRect().width);
      t.style.width = savedW;
      cells.forEach((c, i) => { c.style.whiteSpace = saved[i]; });
      if (least <= box.clientWidth + 1) {
        out.scroll.push(`${name(t)} scrolls sideways (${box.scrollWidth}px in a ${box.clientWidth}px box) ` +
          `but fits in ${least}px with its header and text cells wrapped`);
      }
    } else if (!box && paper) {
      const r = t.getBoundingClientRect();
      if (r.right > vw + 1) out.scroll.push(`${name(t)} runs past the page's edge (right edge ${Math.round(r.right)}px of ${vw}px) and is cut off`);
    }
    // Captions: the <caption> unless it is visually hidden, and a caption shown before the table.
    const caps = [];
    const cap = t.querySelector(':scope > caption');
    if (cap && shown(cap) && getComputedStyle(cap).clipPath === 'none') caps.push(cap);
    const outer = box || t;
    const prev = outer.previousElementSibling;
    if (prev && /caption/.test(prev.className) && shown(prev)) caps.push(prev);
    for (const c of caps) {
      out.captions_seen++;
      const { l, r } = window_(c);
      const range = document.createRange();
      range.selectNodeContents(c);
      const lines = Array.from(range.getClientRects()).filter((q) => q.width > 0.5);
      const cut = lines.filter((q) => q.right > r + 1 || q.left < l - 1);
      if (cut.length) {
        out.captions.push(`caption of ${name(t)}: ${cut.length} of ${lines.length} line box(es) outside the ` +
          `visible ${Math.round(Math.max(l, 0))}–${Math.round(Math.min(r, vw))}px (e.g. ${Math.round(cut[0].left)}–${Math.round(cut[0].right)}px)` +
          (box && box.contains(c) ? '; it sits inside the scrolling box' : ''));
      }
    }
  }

  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement.closest('svg') || !shown(svg)) continue;
    const small = [];
    for (const tx of svg.querySelectorAll('text')) {
      const ctm = tx.getScreenCTM();
      if (!ctm || !tx.getClientRects().length) continue;
      out.texts++;
      const px = parseFloat(getComputedStyle(tx).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < minPx - 0.05) small.push({ px, text: tx.textContent.trim() });
    }
    if (small.length) {
      small.sort((a, b) => a.px - b.px);
      out.chartText.push(`${desc(svg)}${svg.closest('figure') ? ' in ' + desc(svg.closest('figure')) : ''}: ` +
        `${small.length} text(s) below ${minPx}px, smallest ${small[0].px.toFixed(1)}px ("${small[0].text.slice(0, 30)}")`);
    }
  }
  return out;
}

export async function checkLayout(page, name, url, { fresh, settle, runAxe, report, axeSource }) {
  const found = { scroll: [], captions: [], chartText: [] };
  let printAxe = null;
  try {
    for (const [label, size, media] of MODES) {
      await page.emulateMedia({ media });
      await fresh(page, url, size);
      await settle(page);
      const r = await page.evaluate(layoutProbe, { minPx: MIN_CHART_PX, paper: media === 'print' });
      for (const k of Object.keys(found)) for (const p of r[k]) found[k].push(`${label}: ${p}`);
      if (media === 'print') printAxe = await runAxe(page, axeSource);
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  report(name, 'table scroll', found.scroll, `${found.scroll.length} table(s) scroll or are cut off needlessly: ${found.scroll[0]}`);
  report(name, 'captions', found.captions, `${found.captions.length} caption(s) cut off: ${found.captions[0]}`);
  report(name, 'chart text', found.chartText, `${found.chartText.length} chart(s) with text below ${MIN_CHART_PX}px: ${found.chartText[0]}`);
  const vs = printAxe.violations;
  report(name, 'axe (print)', vs.map((v) => `${v.id} [${v.impact}] ${v.help} — ${v.targets.length} node(s): ${v.targets.slice(0, 3).join(', ')}`),
    `${vs.length} rule(s) violated in print media: ${vs.map((v) => v.id).join(', ')}`);
}
