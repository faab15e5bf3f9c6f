"""Where a sheet's content fell on its pages, and what on paper is wasted.

Two halves. :func:`measure` runs in the PDF worker, on WeasyPrint's laid-out pages (before any PDF
is written), and keeps only plain numbers and names: how full each page is, which blocks of the
sheet it holds, which headings end a page, how many rows of each table it holds. :func:`waste`
runs in the build and judges those measures against the page budget, so a finding can be located
at the worksheet's line and kept in the cache beside the PDF it describes.

The print templates mark what is measured: ``data-block`` on the header, the opening, the plan
and the end matter, ``data-section`` (the index in ``sections``) on every section, and ``h2`` and
``table.grid`` inside them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STUB_MM = 14.0
"""A section whose part at the foot of a page is shorter than this (a heading and a line) has been
left behind by the rest of it."""
SPARSE = 0.25
"""A page after the first whose content fills less than this share of its height is waste."""
END_BLOCKS = {"end"}
"""Blocks that are not the task: a page that holds only these is waste. The built-in templates
print the sources and the footer in the page margin, so only a library's own templates that print
end matter in the page (marked ``data-block="end"``) can meet this."""


@dataclass
class PageMeasure:
    """One laid-out page."""

    fill: float
    """How much of the page's content height is used, 0 to 1."""
    blocks: list[str] = field(default_factory=list)
    """The blocks on the page, in order: "head", "opening", "end", or "section:N"."""
    foot_heading: str | None = None
    """The block whose heading is the last thing on the page, if any."""
    rows: dict[str, int] = field(default_factory=dict)
    """Body rows per table on this page, by the table's block."""
    heights: dict[str, float] = field(default_factory=dict)
    """How tall each section's part on this page is, in millimetres."""


def _block_of(element: Any) -> str | None:
    if element is None or not hasattr(element, "get"):
        return None
    if element.get("data-section") is not None:
        return f"section:{element.get('data-section')}"
    block = element.get("data-block")
    return str(block) if block else None


def measure(pages: list[Any]) -> list[dict[str, Any]]:
    """The measures of WeasyPrint's laid-out ``Document.pages``, as plain data."""
    measured: list[dict[str, Any]] = []
    for page in pages:
        page_box = page._page_box
        top = page_box.content_box_y()
        height = page_box.height
        roots = [b for b in page_box.children if getattr(b, "element_tag", None) == "html"]
        result = PageMeasure(fill=0.0)
        lowest = top
        last: tuple[float, str, str | None] | None = None
        extents: dict[str, list[float]] = {}
        for root in roots:
            stack: list[tuple[Any, str | None, str | None]] = [(root, None, None)]
            while stack:
                box, block, parent_tag = stack.pop()
                mark = _block_of(getattr(box, "element", None))
                if mark and box.element_tag != "html":
                    block = mark
                    if block not in result.blocks:
                        result.blocks.append(block)
                tag = box.element_tag
                if block is not None and tag not in ("html", "body") and box.border_height() > 0:
                    bottom = box.border_box_y() + box.border_height()
                    lowest = max(lowest, bottom)
                    if block.startswith("section:"):
                        span = extents.setdefault(block, [box.border_box_y(), bottom])
                        span[0], span[1] = min(span[0], box.border_box_y()), max(span[1], bottom)
                    if last is None or bottom > last[0] + 0.5:
                        last = (bottom, tag, block)
                if tag == "tr":
                    if block and parent_tag == "tbody":
                        result.rows[block] = result.rows.get(block, 0) + 1
                    continue
                children = getattr(box, "children", None) or []
                if tag in ("h2", "p", "li", "th", "td"):
                    children = []  # their lines are inside them; the box itself is enough
                stack.extend((child, block, tag) for child in reversed(children))
        result.heights = {b: round((e[1] - e[0]) * 25.4 / 96, 1) for b, e in extents.items()}
        result.fill = max(0.0, min(1.0, (lowest - top) / height)) if height else 0.0
        if last is not None and last[1] == "h2":
            result.foot_heading = last[2]
        measured.append(asdict(result))
    return measured


@dataclass(frozen=True)
class Waste:
    """One way a PDF wastes paper."""

    block: str | None
    """Where it is: "section:N" for a section, else the sheet as a whole."""
    message: str


def waste(measures: list[dict[str, Any]], budget: int, what: str) -> list[Waste]:
    """Everything wasteful about one PDF (``what`` names it, e.g. "A4 printable")."""
    pages = [PageMeasure(**m) for m in measures]
    found: list[Waste] = []
    if len(pages) > budget:
        found.append(
            Waste(None, f"{what} PDF has {len(pages)} pages, over the budget of {budget}; shorten the sheet")
        )
    for number, page in enumerate(pages, 1):
        where = f"{what} PDF, page {number} of {len(pages)}"
        if page.blocks and set(page.blocks) <= END_BLOCKS:
            found.append(Waste(None, f"{where} holds only the sources and the footer"))
        elif number > 1 and page.fill < SPARSE:
            found.append(
                Waste(
                    page.blocks[-1] if page.blocks else None,
                    f"{where} is {round(page.fill * 100)}% full; trim the sheet so it ends on the page before",
                )
            )
        following = pages[number] if number < len(pages) else None
        stub = next(
            (
                block
                for block, height in page.heights.items()
                if following and block in following.blocks and block == page.blocks[-1] and height < STUB_MM
            ),
            None,
        )
        if (page.foot_heading and following) or stub:
            found.append(Waste(page.foot_heading or stub, f"{where} ends with this section's heading alone"))
    tables = {block for page in pages for block in page.rows}
    for block in sorted(tables):
        counts = [(number, page.rows[block]) for number, page in enumerate(pages, 1) if block in page.rows]
        if len(counts) < 2:
            continue
        for index, (number, count) in enumerate(counts):
            if count == 1:
                side = "foot" if index == 0 else "head"
                found.append(
                    Waste(
                        block,
                        f"{what} PDF, page {number} of {len(pages)}: a single row of this table is alone "
                        f"at the {side} of the page",
                    )
                )
    return found
