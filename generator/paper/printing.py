"""A worksheet -> the HTML of its printed sheet, for one paper size and variant.

Everything the print templates need is worked out here (orientation, column widths, where each
scale's anchor words sit, unique form field names, the QR code), so that the templates only lay
things out. WeasyPrint is not imported here: the HTML goes to :mod:`generator.paper.pdf`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..format.model import ReadinessSection, ScaleSection, TableSection, Worksheet
from ..format.order import sheet_layout
from ..format.settings import Settings
from ..render import Templates
from ..web.site import Variant, page_path

WIDE_TABLE = 6
"""A table with this many columns or more (row labels included) turns the sheet to landscape."""

FONT_PACKAGES = ("fontpkg_atkinson_hyperlegible", "fontpkg_noto_sans")


@cache
def font_dirs() -> tuple[Path, ...]:
    """The folders of the font packages the sheets use (the PDF renderer may read only these)."""
    return tuple(Path(import_module(name).ROOT) / "files" for name in FONT_PACKAGES)


@cache
def fonts_css() -> Markup:
    """@font-face rules for the bundled fonts: Atkinson Hyperlegible, then Noto Sans for other scripts."""
    atkinson, noto = font_dirs()
    faces = []
    for weight, style, stem in (
        (400, "normal", "Regular"),
        (700, "normal", "Bold"),
        (400, "italic", "Italic"),
        (700, "italic", "BoldItalic"),
    ):
        uri = (atkinson / f"AtkinsonHyperlegible-{stem}.ttf").as_uri()
        faces.append(
            f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{uri}"); }}'
        )
    for style, name in (("normal", "NotoSans[wdth,wght].ttf"), ("italic", "NotoSans-Italic[wdth,wght].ttf")):
        uri = (noto / name).as_uri()
        for weight in (400, 700):
            faces.append(
                f'@font-face {{ font-family: "Noto Sans"; font-weight: {weight}; font-style: {style}; '
                f'src: url("{uri}"); }}'
            )
    return Markup("\n".join(faces))


class FieldNames:
    """Unique, stable names for the form fields of one fillable sheet."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def __call__(self, stem: str) -> str:
        count = self.used.get(stem, 0) + 1
        self.used[stem] = count
        return f"{stem}-{count}"


@dataclass
class AnchorCell:
    """One cell of the row of anchor words under a scale."""

    text: str
    span: int
    align: str


def anchor_cells(scale: ScaleSection) -> list[AnchorCell]:
    """Split the ticks among the anchors so that each anchor's words sit under its own value."""
    ticks = scale.ticks
    positions = sorted((ticks.index(value), text) for value, text in scale.anchors.items())
    cells: list[AnchorCell] = []
    start = 0
    for i, (index, text) in enumerate(positions):
        last = i == len(positions) - 1
        end = len(ticks) if last else (index + positions[i + 1][0]) // 2 + 1
        align = "left" if i == 0 else ("right" if last else "center")
        cells.append(AnchorCell(text, end - start, align))
        start = end
    return cells


def column_widths(table: TableSection) -> tuple[float, list[float]]:
    """Percent widths: the row-label column (0 without labels) and each column."""
    label = 0.0
    if table.row_labels:
        longest = max(len(text) for text in table.row_labels)
        label = 14.0 if longest <= 12 else (20.0 if longest <= 24 else 26.0)
    weights = [c.width for c in table.column_list]
    rest = 100.0 - label
    return label, [round(rest * w / sum(weights), 2) for w in weights]


def is_wide(table: TableSection) -> bool:
    """Six columns or more (row labels included) want a landscape page."""
    return len(table.columns) + bool(table.row_labels) >= WIDE_TABLE


def is_landscape(sheet: Worksheet) -> bool:
    """With ``orientation: auto`` a sheet with a wide table is landscape throughout, so the task
    starts on page 1 and the paper never turns halfway through."""
    if sheet.orientation != "auto":
        return sheet.orientation == "landscape"
    return any(isinstance(s, TableSection) and is_wide(s) for s in sheet.sections)


def page_sizes(sheet: Worksheet, paper: str) -> tuple[str, str]:
    """The CSS page size of the sheet, and of a landscape sheet inside a portrait packet."""
    name = "A4" if paper == "a4" else "letter"
    return f"{name} {'landscape' if is_landscape(sheet) else 'portrait'}", f"{name} landscape"


def document_date(sheet: Worksheet) -> str | None:
    """The PDF's date: SOURCE_DATE_EPOCH when set, else the worksheet's review date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    if sheet.reviewed is not None:
        return sheet.reviewed.isoformat() + "T00:00:00Z"
    return None


def qr_code(url: str) -> str:
    """A QR code for ``url`` as an SVG data URI."""
    import segno

    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0, dark="#000"))


def document_context(
    settings: Settings,
    variant: Variant,
    *,
    language: str,
    page_size: str,
    wide_page_size: str,
    created: str | None,
    header_left: str,
    footer_left: str = "",
) -> dict[str, Any]:
    """What the document shell needs: page box, running header and footer, fonts, variant."""
    return {
        "settings": settings,
        "variant": variant,
        "language": language,
        "page_size": page_size,
        "wide_page_size": wide_page_size,
        "fillable": variant.fillable,
        "large": variant.large,
        "fonts_css": fonts_css(),
        "created": created,
        "header_left": header_left,
        "footer_left": footer_left,
        "field": FieldNames(),
        "anchor_cells": anchor_cells,
        "default_readiness": ReadinessSection(type="readiness"),
        "column_widths": column_widths,
    }


def sheet_context(
    settings: Settings, sheet: Worksheet, tailored: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the body of one worksheet needs. ``tailored`` carries one client's agreed values (goal,
    plan, obstacles, adjusted sections) for a tailored copy; a library build never passes it."""
    tailored = tailored or {}
    link = settings.base_url + page_path(sheet.id) if settings.base_url else None
    sections = tailored.get("sections", sheet.sections)
    return {
        "sheet": sheet,
        "sections": sections,
        "layout": sheet_layout(sections),
        "landscape": is_landscape(sheet),
        "qr": qr_code(link) if link else None,
        "short_link": link.split("://", 1)[-1] if link else None,
        "tailored": tailored,
    }


def sheet_html(templates: Templates, settings: Settings, sheet: Worksheet, variant: Variant) -> str:
    """The HTML fed to the PDF renderer for one library worksheet in one variant."""
    if variant.notes:  # the notes are running text: always portrait
        sheet = sheet.model_copy(update={"orientation": "portrait"})
    page_size, wide_page_size = page_sizes(sheet, variant.paper)
    document = document_context(
        settings,
        variant,
        language=sheet.language,
        page_size=page_size,
        wide_page_size=wide_page_size,
        created=document_date(sheet),
        header_left=settings.clinic,
    )
    name = "print/notes.html" if variant.notes else "print/sheet.html"
    return templates.render(name, **document, **sheet_context(settings, sheet))
