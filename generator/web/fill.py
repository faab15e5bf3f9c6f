"""Filling a worksheet in on screen: the page's sections in reading order, each with the key its
answers are saved under, and the paths of the fill-in and review pages.

An answer's name is ``<section key>.<field>``. A section's key is its `name` when the author gave
one, else its type and its place among the sections of that type (``table-1``, ``log-1``), so an
answers file saved from an older version of a sheet still finds its sections by name. The format
of the answers file is described in docs/answers-file.md; the page's script reads and writes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..format.model import AnySection, Worksheet
from ..format.order import sheet_layout

REVIEW_PATH = "review.html"
"""The therapist's review page: it opens an answers file of any worksheet."""

AGREEABLE = ("plan", "obstacles")
"""Sections a therapist fills in for the client when preparing a sheet (with the goal and the
review date): what was agreed in session."""

IN_THE_WAY = ("in the way", "got in the way", "stopped me", "made it hard")
"""Words that mark a review question as asking what got in the way (shown together on the review
page with the client's own obstacles)."""


def fill_path(ident: str) -> str:
    """The worksheet's fill-in page in the site."""
    return f"fill/{ident}.html"


@dataclass(frozen=True)
class FillSection:
    """One section of the fill-in page: its key (the prefix of its answers' names) and the section."""

    key: str
    section: AnySection

    @property
    def agreeable(self) -> bool:
        return self.section.type in AGREEABLE


def fill_sections(sheet: Worksheet) -> list[FillSection]:
    """Every section in the order the sheet reads, each with its key."""
    named = {section.name for section in sheet.sections if section.name}
    keys: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for section in sheet.sections:
        seen[section.type] += 1
        key = section.name or f"{section.type}-{seen[section.type]}"
        while key in named and not section.name:  # an author's name is never taken by another
            seen[section.type] += 1
            key = f"{section.type}-{seen[section.type]}"
        keys[id(section)] = key
    return [FillSection(keys[id(s)], s) for s in sheet_layout(sheet.sections).reading_order]


def asks_what_got_in_the_way(question: str) -> bool:
    return any(words in question.casefold() for words in IN_THE_WAY)
