"""Which characters the bundled fonts can draw, so that a sheet never prints a missing-glyph box.

The sheets use Atkinson Hyperlegible, then Noto Sans and Noto Sans Arabic for other scripts (see
:func:`generator.paper.printing.fonts_css`). A character none of them has would print as an empty
box, or in whatever font the machine happens to have: the build names such characters instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..format.model import Worksheet
from ..format.sources import Document, Path_, dotted, parse
from .printing import ARABIC_FONT, font_dirs

FONT_FILES = (
    (0, "AtkinsonHyperlegible-Regular.ttf"),
    (1, "NotoSans[wdth,wght].ttf"),
    (2, ARABIC_FONT),
)
DRAWN_WITHOUT_GLYPHS = frozenset(
    {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"}
)
"""Line breaks, soft hyphens, joiners and direction marks: they shape text and draw nothing."""


@cache
def covered() -> frozenset[int]:
    """Every code point one of the bundled fonts has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    folders = font_dirs()
    for index, name in FONT_FILES:
        font = TTFont(folders[index] / name, lazy=True)
        points.update(font.getBestCmap())
    return frozenset(points)


def uncovered(texts: Iterable[str]) -> list[str]:
    """The characters of ``texts`` that no bundled font can draw, in order of first appearance."""
    found: dict[str, None] = {}
    fonts: frozenset[int] | None = None
    for text in texts:
        if text.isascii():  # most texts: every bundled font has every ASCII character
            continue
        for char in text:
            if char.isascii() or char in DRAWN_WITHOUT_GLYPHS or char in found:
                continue
            if fonts is None:
                fonts = covered()
            if ord(char) not in fonts and unicodedata.category(char) != "Cf":
                found[char] = None
    return list(found)


def texts_of(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text in plain data, with where it is."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts_of(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts_of(value, (*path, index))


def glyph_problems(sheet: Worksheet, root: Path) -> list[Problem]:
    """A warning for each text of ``sheet`` with a character no bundled font can draw, at its line."""
    found: list[Problem] = []
    doc: Document | None = None
    seen: set[str] = set()
    for path, text in texts_of(sheet.model_dump(mode="json", exclude_none=True)):
        missing = [char for char in uncovered([text]) if char not in seen]
        if not missing:
            continue
        seen.update(missing)
        doc = doc or parse((root / sheet.file).read_bytes(), sheet.file)
        shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:5])
        place = doc.problem(path, "")
        found.append(
            Problem(
                place.file,
                place.line,
                place.column,
                f"{dotted(path)}: no font the sheets use can draw {shown}; they would print as empty "
                "boxes or in a font borrowed from the machine. Use other characters (words, or -> "
                "for an arrow), or add a font for this script in the library's templates",
                "warning",
            )
        )
    return found
