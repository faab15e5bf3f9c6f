"""Helpers to inspect built PDFs as a reader would: pages, text, what lies off the page."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

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

    document = pdfium.PdfDocument(path)
    try:
        for number, page in enumerate(document, 1):
            width, height = page.get_size()
            for name, (left, low, right, high) in _annotations(page):
                box = (min(left, right), height - max(low, high), max(left, right), height - min(low, high))
                check(number, "field", name, box, width, height)
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
            scale = 60 / 72  # 60 dpi: a hairline still greys the pixels it crosses
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


def _annotations(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's annotations (form fields, links): each one's name (``/T``) and rectangle."""
    found = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect))
            size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"T", None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFAnnot_GetStringValue(
                annot, b"T", ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
            )
            name = buffer.raw[: max(0, size - 2)].decode("utf-16-le", "replace")
            found.append((name, (rect.left, rect.bottom, rect.right, rect.top)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


def page_sizes(path: Path) -> list[tuple[int, int]]:
    """Each page's size in points, as it prints (PDFium, which reads a file in a few milliseconds)."""
    document = pdfium.PdfDocument(path)
    try:
        return [(round(page.get_width()), round(page.get_height())) for page in document]
    finally:
        document.close()


def page_count(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def text(path: Path, page: int | None = None) -> str:
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages if page is None else [pdf.pages[page]]
        return "\n".join(p.extract_text() or "" for p in pages)
