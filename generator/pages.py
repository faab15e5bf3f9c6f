"""Drawing the site's pages and static files, and checking that every internal link leads somewhere."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .errors import Problem
from .library import Library
from .printing import font_dirs
from .render import Templates
from .site import Page, group_path, page_path, relative, search_index, slug

STATIC = ("site.css", "site.js")
DEV_STATIC = ("reload.js",)
FONTS = ("Regular", "Bold", "Italic", "BoldItalic")


def render_pages(
    lib: Library, pages: list[Page], templates: Templates, dev: bool = False
) -> Iterator[tuple[str, bytes]]:
    for page in pages:

        def link(target: str, page: Page = page) -> str:
            return relative(target, page.path)

        html = templates.render(
            page.template,
            **page.context,
            settings=lib.settings,
            title=page.title,
            description=page.description,
            page_path=page.path,
            link=link,
            base="../" * page.path.count("/"),
            slug=slug,
            slugs=lambda labels: [slug(label) for label in labels],
            group_path=group_path,
            worksheet_path=page_path,
            thumb_height=212,
            dev=dev,
        )
        yield page.path, html.encode()


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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                line, column = self.getpos()
                self.found.append((value, line, column + 1))


def broken_links(files: dict[str, bytes], written: set[str]) -> list[Problem]:
    """Every relative link in the HTML ``files`` must name a file the build wrote."""
    problems = []
    for path, data in sorted(files.items()):
        parser = _Links()
        parser.feed(data.decode())
        for value, line, column in parser.found:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "//")) or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            if target not in written:
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
