"""Markdown -> safe HTML: worksheet text is data, so what comes out passes an allow-list.

Allowed tags: ``p br strong em b i ul ol li a blockquote code h3 h4 hr img``. Allowed attributes:
``href`` and ``title`` on links (``http``, ``https`` and ``mailto`` addresses, or relative ones),
``src``, ``alt`` and ``title`` on images. Everything else (scripts, styles, event handlers, iframes,
``javascript:`` addresses) is dropped, and raw HTML in Markdown is escaped rather than passed on.
"""

from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=4096)
def to_html(text: str) -> Markup:
    """Render Markdown ``text`` to sanitised HTML."""
    converter = md.Markdown(extensions=[_EscapeHtml(), "sane_lists"], output_format="html")
    html = converter.convert(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)
