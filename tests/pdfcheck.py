"""Helpers to inspect built PDFs as a reader would: pages, text, what lies off the page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pypdf import PdfReader

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
    """Everything that reaches within ``margin`` of an edge: glyphs by the box of their ink, form
    fields by their rectangles, drawing by its ink (the page rendered to pixels, so clipped shapes
    count as they print)."""
    found = []

    def check(
        number: int, kind: str, what: str, box: tuple[float, float, float, float], width: float, height: float
    ) -> None:
        x0, top, x1, bottom = box
        if (
            x0 < margin - 0.5
            or top < margin - 0.5
            or x1 > width - margin + 0.5
            or bottom > height - margin + 0.5
        ):
            found.append(Stray(number, kind, what, box))

    for number, page in enumerate(PdfReader(path).pages, 1):
        height = float(page.mediabox.height)
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            left, low, right, high = (float(v) for v in annot["/Rect"])
            box = (min(left, right), height - max(low, high), max(left, right), height - min(low, high))
            check(number, "field", str(annot.get("/T", "")), box, float(page.mediabox.width), height)
    document = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(document, 1):
            width, height = page.get_size()
            chars = page.get_textpage()
            for index in range(chars.count_chars()):
                left, low, right, high = chars.get_charbox(index)
                if right > left and high > low:  # spaces and line ends PDFium adds have no box
                    check(
                        number,
                        "char",
                        chars.get_text_range(index, 1),
                        (left, height - high, right, height - low),
                        width,
                        height,
                    )
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
