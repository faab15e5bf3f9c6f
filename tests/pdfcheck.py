"""Helpers to inspect built PDFs as a reader would: pages, text, what lies off the page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

MM = 72 / 25.4
MARGIN = 12 * MM
"""Nothing may be drawn closer than 12 mm to a page edge (home printers)."""


@dataclass
class Stray:
    page: int
    kind: str
    what: str
    box: tuple[float, float, float, float]


def strays(path: Path, margin: float = MARGIN) -> list[Stray]:
    """Everything that reaches within ``margin`` of an edge: glyphs and form fields by their boxes,
    drawing by its ink (the page rendered to pixels, so clipped shapes count as they print)."""
    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            width, height = float(page.width), float(page.height)
            objects = [("char", c, c["text"]) for c in page.chars]
            objects += [("field", a, str(a.get("data", {}).get("T", ""))) for a in page.annots]
            for kind, obj, what in objects:
                x0, x1, top, bottom = (float(obj[k]) for k in ("x0", "x1", "top", "bottom"))
                if (
                    x0 < margin - 0.5
                    or top < margin - 0.5
                    or x1 > width - margin + 0.5
                    or bottom > height - margin + 0.5
                ):
                    found.append(Stray(number, kind, what, (x0, top, x1, bottom)))
    document = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(document, 1):
            scale = 100 / 72
            image = page.render(scale=scale, may_draw_forms=False).to_pil().convert("L")
            band = round((margin - 1) * scale)
            w, h = image.size
            for name, box in (
                ("top", (0, 0, w, band)),
                ("bottom", (0, h - band, w, h)),
                ("left", (0, 0, band, h)),
                ("right", (w - band, 0, w, h)),
            ):
                darkest, _ = image.crop(box).getextrema()
                if darkest < 250:
                    found.append(Stray(number, "ink", name, tuple(v / scale for v in box)))  # type: ignore[arg-type]
    finally:
        document.close()
    return found


def page_sizes(path: Path) -> list[tuple[int, int]]:
    with pdfplumber.open(path) as pdf:
        return [(round(float(p.width)), round(float(p.height))) for p in pdf.pages]


def text(path: Path, page: int | None = None) -> str:
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages if page is None else [pdf.pages[page]]
        return "\n".join(p.extract_text() or "" for p in pages)
