"""Where things live in the built site: one place for every output path and link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperName = Literal["a4", "letter"]

PAPER_LABELS: dict[str, str] = {"a4": "A4", "letter": "US Letter"}


@dataclass(frozen=True, order=True)
class Variant:
    """One PDF of a worksheet: a paper size, and whether it is fillable or large print."""

    paper: PaperName
    fillable: bool = False
    large: bool = False

    @property
    def suffix(self) -> str:
        return self.paper + ("-fillable" if self.fillable else "") + ("-large-print" if self.large else "")


def pdf_path(ident: str, variant: Variant) -> str:
    """The PDF's path in the site, e.g. ``pdf/thought-record-a4.pdf``."""
    return f"pdf/{ident}-{variant.suffix}.pdf"


def page_path(ident: str) -> str:
    """The worksheet's page in the site."""
    return f"worksheets/{ident}.html"


def variants(papers: list[PaperName], large_print: bool) -> list[Variant]:
    """Every PDF to build for one worksheet: printable and fillable per paper, large print if asked."""
    result = []
    for paper in papers:
        result += [Variant(paper), Variant(paper, fillable=True)]
        if large_print:
            result.append(Variant(paper, large=True))
    return result
