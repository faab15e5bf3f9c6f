"""One Jinja environment for print and web: strict, autoescaped, translatable, overridable.

Templates are looked up first in the library's ``templates/`` folder, then among the built-in ones,
so a library overrides any template by writing a file of the same name. A mistake in a template
(a typo, an unknown variable) becomes a located problem naming the template's file and line.
"""

from __future__ import annotations

import json
import re
import traceback
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .catalogues import translations
from .errors import ContentError, Problem
from .folders import builtin_templates, template_dirs
from .markup import to_html


def css_string(value: object) -> Markup:
    """``value`` as a quoted CSS string, safe inside a style sheet (and so inside ``<style>``)."""
    if isinstance(value, Markup):
        value = value.unescape()  # an autoescaped string: CSS wants the characters themselves
    out = []
    for char in str(value):
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F or char in "<>":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


KEEP_TOGETHER = re.compile(
    r"\(?\d+(?:[.,]\d+)?(?:\s?[-\u2013/:]\s?\d+(?:[.,]\d+)?)+(?:\s?%)?\)?|\d+(?:[.,]\d+)?\s?%"
)
"""A range, a time or a percentage: "0-100%", "(0-10)", "10:30", "50 %"."""
TAG = re.compile(r"(<[^>]*>)")


WORD_JOINER = "\u2060"
JOINED = str.maketrans(
    {
        "-": "\u2060-\u2060",
        "\u2013": "\u2060\u2013\u2060",
        "/": "\u2060/\u2060",
        ":": "\u2060:\u2060",
        "%": "\u2060%",
        " ": "\u00a0",
        "(": "(\u2060",
        ")": "\u2060)",
    }
)
"""Right to left, a range is held together with word joiners and a no-break space rather than a
span: the PDF renderer reorders text inside an inline box on its own, which would turn "0-100%"
into "%100-0" in Arabic."""


def keep_together(value: object, rtl: bool = False) -> Markup:
    """Text (or safe HTML) with every range, time and percentage kept on one line when printed."""
    html = value if isinstance(value, Markup) else Markup.escape(value)
    parts = TAG.split(str(html))
    for index in range(0, len(parts), 2):  # the text between tags, never a tag itself
        if rtl:
            parts[index] = KEEP_TOGETHER.sub(lambda m: m.group(0).translate(JOINED), parts[index])
        else:
            parts[index] = KEEP_TOGETHER.sub(
                lambda m: f'<span class="nobr">{m.group(0)}</span>', parts[index]
            )
    return Markup("".join(parts))


@jinja2.pass_context
def _keep(context: jinja2.runtime.Context, value: object) -> Markup:
    return keep_together(value, bool(context.get("rtl")))


SCREEN_WIDTH = 180.0
"""The width, in mm, a drawn section is laid out at for the site (A4's text width); it scales to the screen."""


def on_screen(section: Any) -> Any:
    """A drawn section laid out for the site's worksheet page."""
    from .diagrams import draw

    return draw(section, SCREEN_WIDTH)


class Templates:
    """The template set of one library, in one interface language."""

    def __init__(self, library_root: Path | None, language: str = "en") -> None:
        self.library_root = library_root
        self.language = language

    @cached_property
    def search_path(self) -> list[Path]:
        return template_dirs(self.library_root)

    @cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(translations(self.language), newstyle=True)  # type: ignore[attr-defined]
        env.filters["markdown"] = to_html
        env.filters["css_string"] = css_string
        env.filters["keep"] = _keep
        env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True)
        env.filters["drawn"] = on_screen
        return env

    def display(self, filename: str | None) -> str:
        """A template's file as an author knows it: ``templates/x.html`` in the library."""
        if not filename:
            return "templates"
        path = Path(filename)
        if self.library_root is not None and path.is_relative_to(self.library_root):
            return path.relative_to(self.library_root).as_posix()
        builtin = builtin_templates()
        if path.is_relative_to(builtin):
            return "(built-in) " + path.relative_to(builtin).as_posix()
        return path.as_posix()

    def render(self, name: str, **context: Any) -> str:
        """Render template ``name``; any template mistake is a :class:`ContentError` at its line."""
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            where = self.display(exc.filename)
            raise ContentError([Problem(where, exc.lineno or 1, 1, f"template: {exc.message}")]) from None
        except jinja2.TemplateNotFound as exc:
            raise ContentError(
                [Problem("templates", 1, 1, f"template: there is no template named '{exc.name}'")]
            ) from None
        except ContentError:
            raise
        except Exception as exc:
            filename, line = self._template_frame(exc)
            message = str(exc) or type(exc).__name__
            raise ContentError([Problem(self.display(filename), line, 1, f"template: {message}")]) from None

    def _template_frame(self, exc: BaseException) -> tuple[str | None, int]:
        """The innermost traceback frame that lies in a template file."""
        roots = [str(p) for p in self.search_path]
        found: tuple[str | None, int] = (None, 1)
        for frame in traceback.extract_tb(exc.__traceback__):
            if any(frame.filename.startswith(root) for root in roots):
                found = (frame.filename, frame.lineno or 1)
        return found
