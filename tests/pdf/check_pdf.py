#!/usr/bin/env python3
"""check_pdf.py — structural accessibility checks of yjplan's tagged PDF (PDF/UA-1).

Usage: tests/pdf/.venv/bin/python tests/pdf/check_pdf.py [--lang TAG] [--min-chars N] PDF...
  --lang TAG      the catalog /Lang must equal TAG (case-insensitive); default en-GB
  --min-chars N   pdftotext must give more than N non-space characters; default 100
  --margin-mm MM  the side and top margins of the page body; default 20 (yjplan's are 22)
  --bottom-mm MM  the bottom margin (the footer's place); default 24 (yjplan's is 26)
  --min-fill F    the least fill of a page (0..1) that is not the last of a chapter; default 0.45
  --min-landscape F  the least fill of a landscape page; default 0.5

Per PDF it prints `ok - <file>: <check>` or `not ok - <file>: <check>: <details>` for:
  tagged           /MarkInfo /Marked true (and no /Suspects true)
  structure tree   /StructTreeRoot present with at least one structure element
  lang             catalog /Lang present and equal to --lang
  title            Info /Title and XMP dc:title non-empty
  display title    /ViewerPreferences /DisplayDocTitle true
  pdf/ua claim     XMP pdfuaid:part = 1
  figure alt       every Figure has a non-empty /Alt
  th scope         every TH has /Scope (Row, Column or Both) in /A (dict or array) or via /C + /ClassMap
  table headers    every Table contains a TH
  headings         H1 comes first and no level is skipped going down (H1 -> H3); H and Hn not mixed
  bookmarks        an outline (/Outlines) with items when the PDF has 2 or more pages
  fonts embedded   pdffonts reports emb=yes for every font except Type 3
  text             pdftotext extracts more than --min-chars non-space characters
  page fill        no page is less than --min-fill filled, except the last page and the last page
                   before a new chapter (a top-level bookmark) (layout.py says how pages are measured)
  landscape fill   every landscape page is at least --min-landscape filled
  margins          nothing in the side margins (--margin-mm from the edge) except on a cover
Structure types are resolved through the /RoleMap first. The last line is `N passed, M failed`;
exit 0 when nothing failed, 1 when a check failed, 2 on an environment or usage error.
Passing is not PDF/UA conformance (no content-stream, reading-order or contrast checks: that needs
veraPDF and a person), but it catches the structural regressions a template change can cause.
Needs pikepdf (scripts/setup-test-deps puts it in tests/pdf/.venv; this script re-runs itself with that
python when the current one lacks pikepdf) and poppler-utils (pdffonts, pdftotext).
"""
import os
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
try:
    import pikepdf
except ImportError:
    venv_py = os.path.join(HERE, ".venv", "bin", "python")
    if os.path.exists(venv_py) and not os.environ.get("CHECK_PDF_REEXEC"):
        os.environ["CHECK_PDF_REEXEC"] = "1"
        os.execv(venv_py, [venv_py, os.path.realpath(__file__)] + sys.argv[1:])
    print("check_pdf.py: pikepdf is not installed: run scripts/setup-test-deps", file=sys.stderr)
    sys.exit(2)

import argparse  # noqa: E402
sys.path.insert(0, HERE)
from layout import check_layout  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

SCOPES = {"Row", "Column", "Both"}


def name(obj):
    """'/Foo' -> 'Foo' for pikepdf Names (and anything else via str)."""
    s = str(obj)
    return s[1:] if s.startswith("/") else s


def text_of(obj):
    if obj is None:
        return ""
    try:
        return str(obj)
    except Exception:
        return ""


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 127, "", str(e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, pdf, check, problems, summary=None):
        """problems: list of strings, empty when the check passes."""
        if not problems:
            self.passed += 1
            print(f"ok - {pdf}: {check}")
            return
        self.failed += 1
        print(f"not ok - {pdf}: {check}: {summary or problems[0]}")
        for p in problems[:10]:
            print(f"#   {p}")
        if len(problems) > 10:
            print(f"#   … and {len(problems) - 10} more")


def attribute_dicts(elem, classmap):
    """Attribute dictionaries of a structure element: /A (a dict, or an array of dicts with optional
    revision numbers) and the /ClassMap entries of its /C class names."""
    out = []

    def add(a):
        if isinstance(a, pikepdf.Dictionary):
            out.append(a)
        elif isinstance(a, pikepdf.Array):
            out.extend(x for x in a if isinstance(x, pikepdf.Dictionary))

    if "/A" in elem:
        add(elem.A)
    if "/C" in elem and isinstance(classmap, pikepdf.Dictionary):
        classes = elem.C if isinstance(elem.C, pikepdf.Array) else [elem.C]
        for c in classes:
            if isinstance(c, pikepdf.Name) and c in classmap:
                add(classmap[c])
    return out


def walk(struct_root, resolve):
    """Structure elements in document order, as (element, standard type, enclosing Table or None)."""
    seen = set()
    stack = [(struct_root.get("/K"), None)]
    while stack:
        kids, table = stack.pop()
        if kids is None:
            continue
        if isinstance(kids, pikepdf.Array):
            stack.extend((k, table) for k in reversed(list(kids)))
            continue
        if not isinstance(kids, pikepdf.Dictionary):
            continue  # a marked-content id (integer)
        if kids.is_indirect:
            if kids.objgen in seen:
                continue
            seen.add(kids.objgen)
        if "/S" not in kids or name(kids.get("/Type", "")) in ("MCR", "OBJR"):
            continue
        kind = resolve(name(kids.S))
        yield kids, kind, table
        if "/K" in kids:
            stack.append((kids.K, kids if kind == "Table" else table))


def parse_pdffonts(out):
    """Rows of `pdffonts` output as dicts. Parsed from the right, because long font names push the
    fixed-width columns out of line: ... <emb> <sub> <uni> <object number> <generation>."""
    fonts = []
    body = False
    for line in out.splitlines():
        if line.startswith("----"):
            body = True
            continue
        if not body or not line.strip():
            continue
        m = re.match(r"^(?P<rest>.*?)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+(?P<uni>yes|no)\s+\d+\s+\d+\s*$", line)
        if not m:
            fonts.append({"name": line.strip(), "type3": False, "emb": "?"})
            continue
        rest = m.group("rest")
        fonts.append({"name": rest.split()[0] if rest.split() else "?",
                      "type3": re.search(r"\bType 3\b", rest) is not None, "emb": m.group("emb")})
    return fonts


def check(path, args, res):
    try:
        pdf = pikepdf.open(path)
    except Exception as e:  # not a PDF, or encrypted
        res.report(path, "open", [f"cannot open: {e}"])
        return
    root = pdf.Root
    npages = len(pdf.pages)

    # tagged
    mi = root.get("/MarkInfo")
    marked = isinstance(mi, pikepdf.Dictionary) and bool(mi.get("/Marked", False))
    suspects = isinstance(mi, pikepdf.Dictionary) and bool(mi.get("/Suspects", False))
    p = []
    if not marked:
        p.append("/MarkInfo /Marked is not true (the PDF is not tagged)")
    if suspects:
        p.append("/MarkInfo /Suspects is true (the producer distrusts its own tags)")
    res.report(path, "tagged", p)

    # structure tree and the checks that walk it
    st = root.get("/StructTreeRoot")
    rolemap = st.get("/RoleMap") if isinstance(st, pikepdf.Dictionary) else None
    classmap = st.get("/ClassMap") if isinstance(st, pikepdf.Dictionary) else None

    def resolve(t):
        for _ in range(16):  # follow the RoleMap to a standard type (bounded: maps may loop)
            if not isinstance(rolemap, pikepdf.Dictionary) or ("/" + t) not in rolemap:
                break
            t = name(rolemap["/" + t])
        return t

    elems = []
    if isinstance(st, pikepdf.Dictionary):
        elems = list(walk(st, resolve))
    res.report(path, "structure tree",
               [] if elems else ["/StructTreeRoot missing" if st is None else "/StructTreeRoot has no structure elements"])

    # lang
    lang = text_of(root.get("/Lang")).strip()
    p = []
    if not lang:
        p.append("catalog /Lang is missing")
    elif lang.lower() != args.lang.lower():
        p.append(f"catalog /Lang is {lang!r}, expected {args.lang!r}")
    res.report(path, "lang", p)

    # title (Info and XMP)
    info_title = text_of(pdf.docinfo.get("/Title")).strip() if pdf.docinfo is not None else ""
    xmp = {}
    has_xmp = isinstance(root.get("/Metadata"), pikepdf.Stream)
    if has_xmp:
        try:
            meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
            for key in ("dc:title", "pdfuaid:part"):
                v = meta.get(key)
                if v is not None:
                    xmp[key] = str(v).strip()
        except Exception as e:
            has_xmp = False
            xmp["error"] = str(e)
    p = []
    if not info_title:
        p.append("Info /Title is empty or missing")
    if not has_xmp:
        p.append("no readable XMP metadata stream" + (f" ({xmp['error']})" if "error" in xmp else ""))
    elif not xmp.get("dc:title"):
        p.append("XMP dc:title is empty or missing")
    res.report(path, "title", p, "; ".join(p))

    vp = root.get("/ViewerPreferences")
    ddt = isinstance(vp, pikepdf.Dictionary) and bool(vp.get("/DisplayDocTitle", False))
    res.report(path, "display title", [] if ddt else ["/ViewerPreferences /DisplayDocTitle is not true"])

    ua = xmp.get("pdfuaid:part")
    res.report(path, "pdf/ua claim", [] if ua == "1" else
               [f"XMP pdfuaid:part is {ua!r}, expected '1'" if ua else "XMP pdfuaid:part is missing"])

    # figures, table headers, headings
    figs_no_alt, ths, ths_no_scope, tables, headings = [], 0, [], {}, []
    for i, (el, kind, table) in enumerate(elems):
        if kind == "Figure" and not text_of(el.get("/Alt")).strip():
            figs_no_alt.append(f"Figure #{sum(1 for e in elems[:i + 1] if e[1] == 'Figure')}")
        if kind == "Table":
            tables.setdefault(el.objgen if el.is_indirect else id(el), [len(tables) + 1, 0])
        if kind == "TH":
            ths += 1
            scopes = [name(a.Scope) for a in attribute_dicts(el, classmap) if "/Scope" in a]
            if not scopes:
                ths_no_scope.append(f"TH #{ths}: no /Scope")
            elif scopes[-1] not in SCOPES:
                ths_no_scope.append(f"TH #{ths}: /Scope /{scopes[-1]} is not Row, Column or Both")
            if table is not None:
                key = table.objgen if table.is_indirect else id(table)
                tables.setdefault(key, [len(tables) + 1, 0])[1] += 1
        if re.fullmatch(r"H[1-6]?", kind):
            headings.append(kind)
    res.report(path, "figure alt", figs_no_alt,
               f"{len(figs_no_alt)} of {sum(1 for e in elems if e[1] == 'Figure')} Figure(s) without /Alt")
    res.report(path, "th scope", ths_no_scope, f"{len(ths_no_scope)} of {ths} TH without a valid /Scope")
    no_th = [f"Table #{n} has no TH cell" for n, count in sorted(tables.values()) if count == 0]
    res.report(path, "table headers", no_th, f"{len(no_th)} of {len(tables)} Table(s) without TH")

    p = []
    levels = [int(h[1]) for h in headings if len(h) == 2]
    if levels and len(levels) != len(headings):
        p.append("both H and H1..H6 are used (PDF/UA-1 forbids mixing them)")
    prev = 0
    for lv in levels:
        if lv > prev + 1:
            p.append(f"first heading is H{lv}, not H1" if prev == 0 else f"skipped level H{prev} -> H{lv}")
        prev = lv
    res.report(path, "headings", p, "; ".join(p[:3]) + f" (sequence: {' '.join(headings[:20])})" if p else None)

    # bookmarks
    n_items, seen = 0, set()
    outlines = root.get("/Outlines")
    stack = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    while stack:
        it = stack.pop()
        if not isinstance(it, pikepdf.Dictionary):
            continue
        key = it.objgen if it.is_indirect else id(it)
        if key in seen:
            continue
        seen.add(key)
        n_items += 1
        stack += [it.get("/Next"), it.get("/First")]
    res.report(path, "bookmarks", [f"no bookmarks (/Outlines) in a {npages}-page PDF"] if npages >= 2 and not n_items else [])

    # fonts
    rc, out, err = run(["pdffonts", path])
    if rc != 0:
        res.report(path, "fonts embedded", [f"pdffonts failed: {err.strip()[:200]}"])
    else:
        fonts = parse_pdffonts(out)
        bad = [f["name"] for f in fonts if not f["type3"] and f["emb"] != "yes"]
        res.report(path, "fonts embedded", [f"not embedded: {n}" for n in bad],
                   f"{len(bad)} of {len(fonts)} font(s) not embedded: {', '.join(bad[:5])}")

    # text
    rc, out, err = run(["pdftotext", "-enc", "UTF-8", path, "-"])
    if rc != 0:
        res.report(path, "text", [f"pdftotext failed: {err.strip()[:200]}"])
    else:
        n = len(re.sub(r"\s+", "", out))
        res.report(path, "text", [] if n > args.min_chars else
                   [f"only {n} non-space characters of text (need more than {args.min_chars})"])

    # layout: page fill, landscape fill, margins
    try:
        layout = check_layout(path, pdf, args.margin_mm, args.bottom_mm, args.min_fill, args.min_landscape)
    except Exception as e:  # pdftoppm failed or the page images cannot be read
        layout = {k: [f"cannot measure the pages: {e}"] for k in ("page fill", "landscape fill", "margins")}
    for check_name, problems in layout.items():
        res.report(path, check_name, problems, f"{len(problems)} page(s): {problems[0]}" if problems else None)


def main():
    ap = argparse.ArgumentParser(prog="check_pdf.py", description="Structural accessibility checks of tagged PDFs.")
    ap.add_argument("pdfs", nargs="+", metavar="PDF")
    ap.add_argument("--lang", default="en-GB")
    ap.add_argument("--min-chars", type=int, default=100)
    ap.add_argument("--margin-mm", type=float, default=20.0)
    ap.add_argument("--bottom-mm", type=float, default=24.0)
    ap.add_argument("--min-fill", type=float, default=0.45)
    ap.add_argument("--min-landscape", type=float, default=0.5)
    args = ap.parse_args()
    for tool in ("pdffonts", "pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            print(f"check_pdf.py: {tool} not found (poppler-utils): run scripts/setup-test-deps", file=sys.stderr)
            sys.exit(2)
    for f in args.pdfs:
        if not os.path.isfile(f):
            print(f"check_pdf.py: no such file: {f}", file=sys.stderr)
            sys.exit(2)
    print(f"# pikepdf {pikepdf.__version__} (qpdf {pikepdf.__libqpdf_version__}); "
          f"{run(['pdftotext', '-v'])[2].splitlines()[0] if shutil.which('pdftotext') else ''}")
    res = Results()
    for f in args.pdfs:
        check(f, args, res)
    print(f"{res.passed} passed, {res.failed} failed")
    sys.exit(1 if res.failed else 0)


if __name__ == "__main__":
    main()
