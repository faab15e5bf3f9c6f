"""Drawing the site's pages and static files, and checking that every internal link leads somewhere."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from ..errors import Problem
from ..format.library import Library
from ..format.model import Worksheet
from ..paper.printing import arabic_font, font_dirs, is_landscape, screen_rows
from ..render import Templates
from .fill import asks_what_got_in_the_way, fill_path
from .site import Alternate, Edition, Page, group_path, page_path, search_index, slug

STATIC = ("site.css", "site.js", "answers.js", "fill.js", "review.js")
THUMB_HEIGHT = 212
"""The thumbnail's height at its 150 px display width (A4's proportions)."""
DEV_STATIC = ("reload.js",)
FONTS = ("Regular", "Bold", "Italic", "BoldItalic")


SHARED_FOLDERS = ("static/", "assets/")
"""Paths every edition of the site shares, at the site's top."""


def render_pages(
    edition: Edition,
    pages: list[Page],
    templates: Templates,
    dev: bool = False,
    alternates: dict[str, list[Alternate]] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Draw every page of one edition; each comes with its path from the site's top. A worksheet's
    card is drawn once per folder depth and reused on every list."""
    cards: dict[tuple[str, int], Markup] = {}
    card_template = templates.env.get_template("site/card.html")
    settings = edition.settings
    prefix = edition.prefix
    for page in pages:
        depth = (prefix + page.path).count("/")
        up = "../" * depth

        def link(target: str, up: str = up) -> str:
            """A link from this page to ``target``, a path in this edition (or a shared file)."""
            return up + (target if target.startswith(SHARED_FOLDERS) else prefix + target)

        helpers = {
            "settings": settings,
            "language": edition.language,
            "rtl": edition.rtl,
            "page_path": page.path,
            "site_path": prefix + page.path,
            "link": link,
            "top": lambda target, up=up: up + target,
            "base": up,
            "search_index": edition.search_index,
            "alternates": (alternates or {}).get(page.path, []),
            "slug": slug,
            "slugs": lambda labels: [slug(label) for label in labels],
            "group_path": group_path,
            "worksheet_path": page_path,
            "fill_path": fill_path,
            "site_table_rows": lambda table: screen_rows(table, settings),
            "got_in_the_way": asks_what_got_in_the_way,
            "is_landscape": is_landscape,
            "thumb_height": THUMB_HEIGHT,
            "dev": dev,
        }

        def card(
            sheet: Worksheet, helpers: dict[str, Any] = helpers, depth: int = depth, page: Page = page
        ) -> Markup:
            if (sheet.id, depth) not in cards:
                cards[sheet.id, depth] = Markup(
                    card_template.render(sheet=sheet, thumbs=page.context["thumbs"], **helpers)
                )
            return cards[sheet.id, depth]

        html = templates.render(
            page.template,
            **page.context,
            **helpers,
            title=page.title,
            description=page.description,
            card=card,
        )
        yield prefix + page.path, html.encode()


PARALLEL_FROM = 300
"""Sites with this many pages or more are drawn by one process per core."""
_SHARED: tuple[Edition, list[Page], Templates, bool, dict[str, list[Alternate]] | None] | None = None


def _draw_slice(bounds: tuple[int, int]) -> list[tuple[str, bytes]]:
    assert _SHARED is not None
    edition, pages, templates, dev, alternates = _SHARED
    return list(render_pages(edition, pages[bounds[0] : bounds[1]], templates, dev, alternates))


def draw_pages(
    edition: Edition,
    pages: list[Page],
    templates: Templates,
    dev: bool = False,
    workers: int = 1,
    alternates: dict[str, list[Alternate]] | None = None,
) -> dict[str, bytes]:
    """Every page's HTML by its path from the site's top; a large site is drawn in ``workers``
    forked processes, which inherit the library and the compiled templates instead of receiving them."""
    global _SHARED
    if workers <= 1 or len(pages) < PARALLEL_FROM:
        return dict(render_pages(edition, pages, templates, dev, alternates))
    size = -(-len(pages) // (workers * 4))
    slices = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    _SHARED = (edition, pages, templates, dev, alternates)
    try:
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("fork")) as pool:
            return {path: data for part in pool.map(_draw_slice, slices) for path, data in part}
    finally:
        _SHARED = None


def static_files(
    lib: Library, templates: Templates, editions: list[Edition], dev: bool = False
) -> Iterator[tuple[str, bytes]]:
    """The site's style sheet and scripts (overridable like templates), fonts, theme, the search
    index of each edition, and the library's assets."""
    for name in STATIC + (DEV_STATIC if dev else ()):
        source = next(
            folder / "site" / "static" / name
            for folder in templates.search_path
            if (folder / "site" / "static" / name).is_file()
        )
        yield f"static/{name}", source.read_bytes()
    atkinson = font_dirs()[0]
    for stem in FONTS:
        name = f"AtkinsonHyperlegible-{stem}.ttf"
        yield f"static/fonts/{name}", (atkinson / name).read_bytes()
    if any(edition.rtl for edition in editions):
        yield "static/fonts/NotoSansArabic.ttf", arabic_font()
    yield "static/theme.css", f":root {{ --accent: {lib.settings.colours.accent}; }}\n".encode()
    for edition in editions:
        yield edition.search_index, search_index(edition.sheets).encode()
    assets = lib.root / "assets"
    if assets.is_dir():
        real = assets.resolve()
        for path in sorted(assets.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(real) and not path.name.startswith("."):
                yield f"assets/{path.relative_to(assets).as_posix()}", path.read_bytes()


_LINK = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def broken_links(files: dict[str, bytes], written: set[str]) -> list[Problem]:
    """Every relative link in the HTML ``files`` must name a file the build wrote."""
    problems = []
    for path, data in sorted(files.items()):
        text = data.decode()
        folder = posixpath.dirname(path)
        for match in _LINK.finditer(text):
            value = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "//")) or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            if target not in written:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 2
                problems.append(
                    Problem(
                        f"site/{path}",
                        line,
                        column,
                        f"broken link: '{value}' leads to {target}, which the build does not make "
                        "(check the templates in the library's templates/ folder)",
                    )
                )
    return problems
