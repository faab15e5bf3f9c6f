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
from ..paper.printing import font_dirs, is_landscape, screen_rows
from ..render import Templates
from .fill import asks_what_got_in_the_way, fill_path
from .site import Page, group_path, page_path, search_index, slug

STATIC = ("site.css", "site.js", "answers.js", "fill.js", "review.js")
THUMB_HEIGHT = 212
"""The thumbnail's height at its 150 px display width (A4's proportions)."""
DEV_STATIC = ("reload.js",)
FONTS = ("Regular", "Bold", "Italic", "BoldItalic")


def render_pages(
    lib: Library, pages: list[Page], templates: Templates, dev: bool = False
) -> Iterator[tuple[str, bytes]]:
    """Draw every page. A worksheet's card is drawn once per folder depth and reused on every list."""
    cards: dict[tuple[str, int], Markup] = {}
    card_template = templates.env.get_template("site/card.html")
    for page in pages:
        depth = page.path.count("/")
        helpers = {
            "settings": lib.settings,
            "page_path": page.path,
            "link": lambda target, depth=depth: "../" * depth + target,
            "base": "../" * depth,
            "slug": slug,
            "slugs": lambda labels: [slug(label) for label in labels],
            "group_path": group_path,
            "worksheet_path": page_path,
            "fill_path": fill_path,
            "site_table_rows": lambda table: screen_rows(table, lib.settings),
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
        yield page.path, html.encode()


PARALLEL_FROM = 300
"""Sites with this many pages or more are drawn by one process per core."""
_SHARED: tuple[Library, list[Page], Templates, bool] | None = None


def _draw_slice(bounds: tuple[int, int]) -> list[tuple[str, bytes]]:
    assert _SHARED is not None
    lib, pages, templates, dev = _SHARED
    return list(render_pages(lib, pages[bounds[0] : bounds[1]], templates, dev))


def draw_pages(
    lib: Library, pages: list[Page], templates: Templates, dev: bool = False, workers: int = 1
) -> dict[str, bytes]:
    """Every page's HTML; a large site is drawn in ``workers`` forked processes, which inherit the
    library and the compiled templates instead of receiving them."""
    global _SHARED
    if workers <= 1 or len(pages) < PARALLEL_FROM:
        return dict(render_pages(lib, pages, templates, dev))
    size = -(-len(pages) // (workers * 4))
    slices = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    _SHARED = (lib, pages, templates, dev)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            return {path: data for part in pool.map(_draw_slice, slices) for path, data in part}
    finally:
        _SHARED = None


def static_files(lib: Library, templates: Templates, dev: bool = False) -> Iterator[tuple[str, bytes]]:
    """The site's style sheet and scripts (overridable like templates), fonts, theme and index."""
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
    yield "static/theme.css", f":root {{ --accent: {lib.settings.colours.accent}; }}\n".encode()
    yield "static/search-index.js", search_index(lib).encode()
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
