"""The value types shared by worksheets, settings and assignments, with messages an author reads.

Each type names what it expects in plain words ("a whole number from 1 to 30") so that the error
an author sees says how to fix the value, and carries the same bounds into the JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

MAX_TEXT = 20_000
"""Longest text in any one field, in characters."""


class Model(BaseModel):
    """Base of every model read from a file: unknown keys are errors, docstrings document."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
    )


def shown(value: Any) -> str:
    """A value as an author would recognise it in a message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace("\n", "\\n") + '"'
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _fail(kind: str, expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        kind, "expected {expected}, got {got}", {"expected": expected, "got": shown(value)}
    )


def _whole(lo: int, hi: int) -> BeforeValidator:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _fail("whole_number", f"a whole number from {lo} to {hi}", value)
        return value

    return BeforeValidator(check)


def _text(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise _fail("text", "text", value)
    if isinstance(value, int | float | dt.date):
        return getattr(value, "source", str(value))  # as written: "8:00", not 480
    if not value.strip():
        raise PydanticCustomError("empty_text", "this text is empty; write something or remove the key")
    if len(value) > MAX_TEXT:
        raise PydanticCustomError(
            "text_too_long",
            "this text is {length} characters long; the limit is {limit}",
            {"length": f"{len(value):,}", "limit": f"{MAX_TEXT:,}"},
        )
    return value


def _pattern(regex: str, expected: str) -> BeforeValidator:
    compiled = re.compile(regex)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise _fail("pattern", expected, value)
        return value

    return BeforeValidator(check)


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail("date", "a date written YYYY-MM-DD", value)


def _version(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = getattr(value, "source", str(value))  # 1.10 stays "1.10", as written
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,4}(\.\d{1,4}){0,2}", value):
        raise _fail("version", 'a version like "1", "1.2" or "1.2.3"', value)
    return value


def _unique(items: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for item in items:
        if item in seen:
            raise PydanticCustomError("duplicate_item", "{item} is listed twice", {"item": shown(item)})
        seen.add(item)
    return items


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=MAX_TEXT)]
"""Plain text, not empty."""
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def _images(value: Any) -> Any:
    """Images in Markdown may only come from the library's assets/ folder (no web, no other files)."""
    if isinstance(value, str) and ("![" in value or "]:" in value):
        for match in _IMAGE.finditer(value):
            url = match.group(1) if match.group(1) is not None else match.group(2)
            if match.group(2) is not None and not value.count("!["):
                continue  # a reference definition, and no image in the text to use it
            if not url.startswith("assets/") or ".." in url.split("/") or "\\" in url:
                raise PydanticCustomError(
                    "image_source",
                    "images may only come from the library's assets/ folder, like "
                    "![A calm beach](assets/beach.jpg); got {got}",
                    {"got": shown(url)},
                )
    return value


Markdown = Annotated[
    str,
    BeforeValidator(_images),
    BeforeValidator(_text),
    Field(min_length=1, max_length=MAX_TEXT, json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""Markdown: paragraphs, **bold**, *italic*, lists and links; no HTML."""
Slug = Annotated[
    str,
    _pattern(r"[a-z0-9]+(-[a-z0-9]+)*", 'lowercase words joined by hyphens, like "thought-record"'),
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
]
"""Lowercase letters and digits, words joined by hyphens."""
Label = Annotated[
    str,
    _pattern(r"[^\n]{1,80}", "a short label of at most 80 characters on one line"),
    BeforeValidator(_text),  # runs first: numbers and times become text as written
    Field(max_length=80),
]
"""A short one-line label (a tag, a problem, a technique)."""
Language = Annotated[
    str,
    _pattern(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", 'a language tag like "en", "en-GB" or "pt-BR"'),
    Field(pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"),
]
"""A BCP 47 language tag."""
Version = Annotated[str, BeforeValidator(_version), Field(pattern=r"^\d{1,4}(\.\d{1,4}){0,2}$")]
"""A version: "1", "1.2" or "1.2.3", in quotes."""
Date = Annotated[dt.date, BeforeValidator(_date)]
"""A date, YYYY-MM-DD."""
Colour = Annotated[
    str,
    _pattern(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", 'a colour like "#2f5d8a"'),
    Field(pattern=r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
]
"""A colour in hex, "#rgb" or "#rrggbb"."""


Minutes = Annotated[int, _whole(1, 240), Field(ge=1, le=240)]
Rows = Annotated[int, _whole(1, 30), Field(ge=1, le=30)]
Lines = Annotated[int, _whole(1, 40), Field(ge=1, le=40)]
Rating = Annotated[int, _whole(0, 100), Field(ge=0, le=100)]
Year = Annotated[int, _whole(1900, 2100), Field(ge=1900, le=2100)]

UniqueLabels = Annotated[list[Label], AfterValidator(_unique)]
UniqueTexts = Annotated[list[Text], AfterValidator(_unique)]
