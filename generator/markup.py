"""Markdown -> safe HTML: worksheet text is data, so what comes out passes an allow-list.

Allowed tags: ``p br strong em b i ul ol li a blockquote code h3 h4 hr img``. Allowed attributes:
``href`` and ``title`` on links (``http``, ``https`` and ``mailto`` addresses, or relative ones),
``src``, ``alt`` and ``title`` on images, which may only come from the library's ``assets/`` folder.
Everything else (scripts, styles, event handlers, iframes,
``javascript:`` addresses) is dropped, and raw HTML in Markdown is escaped rather than passed on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import markdown as md
import nh3
from markupsafe import Markup

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "h3",
    "h4",
    "hr",
    "img",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


class _EscapeHtml(md.Extension):
    """Treat raw HTML in Markdown as text: an author's ``<b>`` shows as written, never runs."""

    def extendMarkdown(self, markdown: md.Markdown) -> None:
        markdown.preprocessors.deregister("html_block")
        markdown.inlinePatterns.deregister("html")


def _link_filter(base: str) -> Callable[[str, str, str], str | None]:
    """Relative addresses are made relative to the page (``base`` leads from it to the library's top);
    an image may only come from ``assets/``."""

    def adjust(element: str, attribute: str, value: str) -> str | None:
        if attribute not in ("href", "src") or urlsplit(value).scheme or value.startswith(("#", "/")):
            return None if attribute == "src" else value
        if attribute == "src" and not value.startswith("assets/"):
            return None
        return base + value

    return adjust


@lru_cache(maxsize=8192)
def to_html(text: str, base: str = "") -> Markup:
    """Render Markdown ``text`` to sanitised HTML; ``base`` prefixes relative links (e.g. ``../``)."""
    converter = md.Markdown(extensions=[_EscapeHtml(), "sane_lists"], output_format="html")
    html = converter.convert(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_link_filter(base),
    )
    return Markup(clean)
