"""layout.py — page layout checks of a PDF, for check_pdf.py: how full each page is and whether
anything crosses the side margins. Every page is rendered once (pdftoppm, greyscale) and measured.

What counts as content: a pixel that differs from the page's background (its most common grey) by
LIGHT or more. Lighter marks — a draft watermark, a table header's tint, faint grid lines — are not
content: a page holding only those is empty.

The page's body is the rectangle inside the margins (side and top `margin_mm`, bottom `bottom_mm`,
where the footer lives). A page's fill is how far down the body its lowest content reaches:
0.0 for an empty page, 1.0 for a page used to its foot.

Checks (each a list of problems; empty when the check passes):
  page fill       no page is filled less than `min_fill`, except the last page, a page followed by
                  the start of a top-level section (an outline item at the top level, i.e. a new
                  chapter starts on the next page) and landscape pages (checked below)
  landscape fill  every landscape page is filled at least `min_landscape` (a wide table that
                  earns a landscape page fills it; a small one belongs on a portrait page)
  margins         no content lies in the side margins of the body band (tables or figures wider
                  than the text), except on the cover: the first page of a PDF of 3 or more pages,
                  which is designed to the edge
"""
import os
import subprocess
import tempfile

import pikepdf
from PIL import Image, ImageChops

DPI = 72
LIGHT = 48  # grey levels (of 255) a mark must differ from the background to count as content
MM = DPI / 25.4  # pixels per millimetre


def top_level_starts(pdf):
    """0-based indices of the pages where top-level outline items (chapters) point."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    named = {}
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        try:
            named = dict(pikepdf.NameTree(names.Dests).items())
        except Exception:
            named = {}
    starts = set()
    try:
        with pdf.open_outline() as outline:
            for item in outline.root:
                dest = item.destination
                if dest is None and item.action is not None and "/D" in item.action:
                    dest = item.action.D
                if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                    dest = named.get(str(dest).lstrip("/"))
                    if isinstance(dest, pikepdf.Dictionary):
                        dest = dest.get("/D")
                if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
                    i = index.get(dest[0].objgen)
                    if i is not None:
                        starts.add(i)
    except Exception:
        pass
    return starts


def render(path, workdir):
    """Greyscale images of every page, in order."""
    stem = os.path.join(workdir, "p")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", path, stem], check=True,
                   capture_output=True, timeout=600)
    files = sorted((f for f in os.listdir(workdir) if f.startswith("p-")),
                   key=lambda f: int(f[2:].split(".")[0]))
    return [Image.open(os.path.join(workdir, f)).convert("L") for f in files]


def content_mask(img):
    """A 0/255 image: 255 where the page has content."""
    hist = img.histogram()
    bg = max(range(256), key=lambda v: hist[v])
    diff = ImageChops.difference(img, Image.new("L", img.size, bg))
    return diff.point(lambda v: 255 if v >= LIGHT else 0)


def measure(img, margin_mm, bottom_mm):
    """(fill, crossing): the page's fill, and how far content reaches into a side margin in mm (0 if not)."""
    w, h = img.size
    mask = content_mask(img)
    left, right = round(margin_mm * MM), w - round(margin_mm * MM)
    top, bottom = round(margin_mm * MM), h - round(bottom_mm * MM)
    body = mask.crop((left, top, right, bottom)).getbbox()
    fill = 0.0 if body is None else min(1.0, body[3] / max(1, bottom - top))
    crossing = 0.0
    in_left = mask.crop((0, top, left, bottom)).getbbox()
    if in_left:
        crossing = (left - in_left[0]) / MM
    in_right = mask.crop((right, top, w, bottom)).getbbox()
    if in_right:
        crossing = max(crossing, in_right[2] / MM)
    return fill, crossing


def check_layout(path, pdf, margin_mm=20.0, bottom_mm=24.0, min_fill=0.45, min_landscape=0.5):
    """The three layout checks of one PDF: {'page fill': [...], 'landscape fill': [...], 'margins': [...]}."""
    with tempfile.TemporaryDirectory(prefix="yjplan-layout-") as workdir:
        pages = render(path, workdir)
        n = len(pages)
        starts = top_level_starts(pdf)
        fill_problems, landscape_problems, margin_problems = [], [], []
        for i, img in enumerate(pages):
            fill, crossing = measure(img, margin_mm, bottom_mm)
            landscape = img.size[0] > img.size[1]
            label = f"page {i + 1} of {n}"
            if landscape:
                if fill < min_landscape:
                    landscape_problems.append(
                        f"{label} (landscape) is {fill:.0%} filled (at least {min_landscape:.0%}): "
                        "a table this short belongs on a portrait page, or shares its page")
            elif fill < min_fill and i != n - 1 and (i + 1) not in starts:
                fill_problems.append(
                    f"{label} is {fill:.0%} filled (at least {min_fill:.0%}) and no chapter starts "
                    "after it: something was pushed to the next page")
            if crossing > 0 and not (i == 0 and n >= 3):
                margin_problems.append(
                    f"{label}: content reaches {crossing:.1f} mm into a side margin "
                    f"(the body is {margin_mm:g} mm from each side)")
    return {"page fill": fill_problems, "landscape fill": landscape_problems, "margins": margin_problems}
