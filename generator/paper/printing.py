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

from ..diagrams import PT, Drawn, draw, wrap
from ..format.blocks import CARD_SIZES, Card, CardFace, CardsSection
from ..format.drawn import DiagramSection, DrawingSection, GraphSection
from ..format.model import ReadinessSection, ScaleSection, Worksheet
from ..format.order import sheet_layout
from ..format.settings import Settings
from ..format.tables import Row, TableSection
from ..render import Templates
from ..web.site import Variant, page_path, right_to_left

WIDE_TABLE = 6
"""A table with this many columns or more (row labels included) turns the sheet to landscape."""

FONT_PACKAGES = ("fontpkg_atkinson_hyperlegible", "fontpkg_noto_sans", "fontpkg_noto_sans_arabic")
ARABIC_FONT = "NotoSansArabic[wdth,wght].ttf"
ARABIC_RANGES = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F"
"""The Arabic script's blocks (and the joiners and direction marks it uses)."""


@cache
def font_dirs() -> tuple[Path, ...]:
    """The folders of the font packages the sheets use (the PDF renderer may read only these)."""
    return tuple(Path(import_module(name).ROOT) / "files" for name in FONT_PACKAGES)


@cache
def fonts_css() -> Markup:
    """@font-face rules for the bundled fonts: Atkinson Hyperlegible, then Noto Sans for other scripts."""
    atkinson, noto, arabic = font_dirs()
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
    uri = (arabic / ARABIC_FONT).as_uri()
    for weight in (400, 700):
        faces.append(
            f'@font-face {{ font-family: "Noto Sans Arabic"; font-weight: {weight}; src: url("{uri}"); '
            f"unicode-range: {ARABIC_RANGES}; }}"
        )
    return Markup("\n".join(faces))


def arabic_font() -> bytes:
    """Noto Sans Arabic for the site: the Arabic script only, which pages load only when they show
    Arabic text (its @font-face has the script's unicode-range)."""
    return (font_dirs()[2] / ARABIC_FONT).read_bytes()


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
    if not table.row_labels:
        pass
    elif table.label_width is not None:
        label = float(table.label_width)
    elif table.row_labels:
        longest = max(len(row.label) for row in table.row_list)
        label = 14.0 if longest <= 12 else (20.0 if longest <= 24 else 26.0)
    weights = [c.width for c in table.column_list]
    rest = 100.0 - label
    return label, [round(rest * w / sum(weights), 2) for w in weights]


PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Paper sizes in millimetres, portrait."""
MARGINS = {False: (18.0, 15.0, 26.0, 15.0), True: (22.0, 15.0, 40.0, 15.0)}
"""Page margins (top, right, bottom, left) in mm, for ordinary and large print (as in print.css)."""
LINE = {False: 8.5, True: 11.0}
"""The height of one handwritten line in a table row, in mm."""


def content_box(paper: str, landscape: bool, large: bool) -> tuple[float, float]:
    """The width and height of a page's content area in mm."""
    width, height = PAPERS[paper]
    if landscape:
        width, height = height, width
    top, right, bottom, left = MARGINS[large]
    return width - left - right, height - top - bottom


@dataclass
class TableRow:
    """One row of a printed table: its label, given cells (None: a cell to write in), its height."""

    label: str | None
    cells: list[str | None]
    height: str
    """A CSS height, or "" for the sheet's default row height."""
    given: bool = False


def table_rows(
    table: TableSection,
    *,
    large: bool,
    content_height: float,
    content_width: float = 180.0,
    crisis: list[tuple[str, str]] | None = None,
) -> list[TableRow]:
    """The rows of a table with their heights: pre-filled rows first, then the rows to fill in; a
    table that fits a page shares out the page's height among its rows."""
    line = LINE[large]
    width = len(table.columns)
    blank: list[str | None] = [None] * width
    default = f"{table.row_lines * line + 2.5:.1f}mm" if table.row_lines else ""
    labelled = table.row_list
    rows: list[TableRow] = []
    if table.crisis_lines:
        for name, contact in crisis or []:
            cells = [name, contact, *[None] * (width - 2)]
            rows.append(TableRow(None, cells, default if None in cells else "", given=True))
    rows += [
        TableRow(None, list(cells), default if None in cells else "", given=True)
        for cells in table.given or []
    ]
    if labelled:
        for row in labelled:
            own = f"{row.lines * line + 2.5:.1f}mm" if row.lines else default
            rows.append(
                TableRow(row.label, list(row.cells) if row.cells else list(blank), own, given=bool(row.cells))
            )
    else:
        rows.extend(TableRow(None, list(blank), default) for _ in range(table.empty_rows))
    if table.fit_page:
        fixed = sum(_mm(r.height) for r in rows if _own_height(table, r, labelled))
        free = [r for r in rows if not _own_height(table, r, labelled)]
        head = (11.0 if large else 8.0) + (6.0 if any(c.hint for c in table.column_list) else 0.0)
        size = 16.0 if large else 10.5
        intro = len(wrap(table.intro, content_width, size)) * size * 1.4 * PT + 2.0 if table.intro else 0.0
        heading = (12.0 if large else 9.0) + intro
        room = content_height - heading - head - fixed - 5.0
        if free:
            share = room / len(free)
            least = 9.0 if large else 6.0
            if any(c.boxes and c.boxes_under for c in table.column_list):
                least += 6.0 if large else 4.5
            for r in free:
                r.height = f"{max(share, least):.2f}mm"
    return rows


def screen_rows(table: TableSection, settings: Settings) -> list[TableRow]:
    """A table's rows as the fill-in page shows them: given rows (the library's crisis lines
    first), then the rows to fill in; heights are the paper's and go unused."""
    crisis = [(line.name, line.contact) for line in settings.crisis_lines]
    return table_rows(table, large=False, content_height=PAPERS["a4"][1], crisis=crisis)


def _own_height(table: TableSection, row: TableRow, labelled: list[Row]) -> bool:
    """A row keeps its own height when the author gave it lines."""
    return any(r.label == row.label and r.lines for r in labelled) if row.label is not None else False


def _mm(css: str) -> float:
    return float(css.removesuffix("mm")) if css.endswith("mm") else 0.0


@dataclass
class CardGrid:
    """Cards laid out to cut out: how many across, each card's size, and the rows of cards."""

    card_width: float
    card_height: float
    rows: list[list[Card]]
    rule: float
    width: float

    large: bool = False

    def lines(self, face: CardFace) -> int:
        """Ruled lines that fit on a side below its heading and its text."""
        size = 13.0 if self.large else 10.0
        room = self.card_height - 6.0 - (size * 1.6 * PT if face.title else 0.0)
        if face.text:
            plain = face.text.replace("*", "").replace("_", "")
            room -= len(wrap(plain, self.card_width - 7.0, size)) * size * 1.3 * PT + 1.0
        return max(0, int(room // self.rule))


def card_grid(cards: CardsSection, paper: str, landscape: bool, large: bool) -> CardGrid:
    """As many cards across as the page holds (a folded card takes two places)."""
    width, height = CARD_SIZES[cards.size]
    sides = 2 if cards.folded else 1
    across = max(1, int(content_box(paper, landscape, large)[0] // (width * sides)))
    every = cards.card_list
    rows = [every[i : i + across] for i in range(0, len(every), across)]
    return CardGrid(width, height, rows, 9.5 if large else 7.0, width * sides * len(rows[0]), large)


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
        "rtl": right_to_left(language),
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
        "table_rows": lambda table, landscape: table_rows(
            table,
            large=variant.large,
            content_height=content_box(variant.paper, landscape, variant.large)[1],
            content_width=content_box(variant.paper, landscape, variant.large)[0],
            crisis=[(line.name, line.contact) for line in settings.crisis_lines],
        ),
        "card_grid": lambda cards, landscape: card_grid(cards, variant.paper, landscape, variant.large),
        "drawn": lambda section, landscape, share=1.0: drawing(
            section, variant.paper, landscape, variant.large, share, right_to_left(language)
        ),
    }


def drawing(
    section: DiagramSection | GraphSection | DrawingSection,
    paper: str,
    landscape: bool,
    large: bool,
    share: float = 1.0,
    rtl: bool = False,
) -> Drawn:
    """A drawn section laid out for the width of the page (or ``share`` of it), shrunk if need be so
    that it fits on one page below its heading and instruction."""
    width, height = content_box(paper, landscape, large)
    drawn = draw(section, width * share, large).fit(height - (34.0 if large else 24.0))
    return drawn.right_to_left() if rtl else drawn


def sheet_context(
    settings: Settings, sheet: Worksheet, tailored: dict[str, Any] | None = None, prefix: str = ""
) -> dict[str, Any]:
    """What the body of one worksheet needs. ``tailored`` carries one client's agreed values (goal,
    plan, obstacles, adjusted sections) for a tailored copy; a library build never passes it.
    ``prefix``: the folder of the sheet's language in the site ("es/"), for its link."""
    tailored = tailored or {}
    link = settings.base_url + prefix + page_path(sheet.id) if settings.base_url else None
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


def sheet_html(
    templates: Templates, settings: Settings, sheet: Worksheet, variant: Variant, prefix: str = ""
) -> str:
    """The HTML fed to the PDF renderer for one library worksheet in one variant (``prefix``: the
    folder of its language in the site)."""
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
    return templates.render(name, **document, **sheet_context(settings, sheet, prefix=prefix))
