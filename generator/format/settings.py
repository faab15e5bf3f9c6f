"""The library's settings: ``library.yaml`` at the top of a library. Every key is optional."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .fields import Colour, Label, Language, Markdown, Model, Slug, Text, _fail, _unique
from .fields import _whole as _whole_range

Paper = Literal["a4", "letter"]


def _base_url(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")) or " " in value:
        raise _fail("url", 'a web address starting with "https://"', value)
    return value if value.endswith("/") else value + "/"


def _asset_path(value: Any) -> Any:
    if not isinstance(value, str) or not value or value.startswith(("/", "\\")) or ".." in value.split("/"):
        raise _fail("asset", 'a file inside the library\'s assets/ folder, like "logo.png"', value)
    return value


def contrast_on_white(colour: str) -> float:
    """The WCAG contrast ratio of a hex colour against white."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _readable(colour: str) -> str:
    ratio = contrast_on_white(colour)
    if ratio < 4.5:
        raise PydanticCustomError(
            "contrast",
            '"{colour}" has a contrast of {ratio}:1 on white; text needs at least 4.5:1, so choose a darker colour',
            {"colour": colour, "ratio": f"{ratio:.1f}"},
        )
    return colour


class Colours(Model):
    """The clinic's colours."""

    accent: Annotated[Colour, AfterValidator(_readable)] = "#2f5d8a"
    """The accent for headings and links; dark enough to read on white and in grayscale."""


class LintRules(Model):
    """What `worksheets lint` holds the worksheets to."""

    reading_grade: Annotated[int, _whole_range(1, 20), Field(ge=1, le=20)] = 8
    """The highest reading grade (Flesch-Kincaid) for text the client reads."""
    review_years: Annotated[int, _whole_range(1, 10), Field(ge=1, le=10)] = 2
    """How many years a worksheet may go without a review."""
    step_words: Annotated[int, _whole_range(5, 60), Field(ge=5, le=60)] = 20
    """The most words in one rehearsal step."""


class CrisisLine(Model):
    """A service the clinic lists for a crisis: printed pre-filled in a safety plan."""

    name: Text
    """Who it is, e.g. "Emergency services" or "Harbour night line"."""
    contact: Text
    """How to reach them, e.g. "999" or "call or text 0100 111 222, any time"."""


class InLanguage(Model):
    """The clinic's words in one of the library's other languages; what is left out stays as the
    library gives it in its main language."""

    clinic: Text | None = None
    """The clinic's name in this language."""
    contact: Markdown | None = None
    """How to reach the clinic, in this language."""
    support: Markdown | None = None
    """Where to get help in a crisis, in this language (printed on every sheet and page)."""
    crisis_lines: Annotated[list[CrisisLine], Field(max_length=8)] | None = None
    """The crisis lines, named and described in this language."""
    task_name: Label | None = None
    """What the clinic calls the task in this language, e.g. "práctica en casa"."""


LETTER_REGIONS = frozenset(
    {"US", "CA", "MX", "CL", "CO", "VE", "PH", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "HN"}
)
"""Regions where US Letter is the usual paper; A4 is everywhere else."""


def default_papers(language: str) -> list[Paper]:
    """The paper a language's PDFs are made in unless the library says: Letter where it is the usual
    paper, A4 elsewhere, and both for English and Spanish without a region (spoken in both)."""
    parts = language.split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region is not None:
        return ["letter"] if region in LETTER_REGIONS else ["a4"]
    return ["a4", "letter"] if parts[0].lower() in ("en", "es") else ["a4"]


class Settings(Model):
    """``library.yaml``: the clinic's name, contact details and how the library is built."""

    format: Literal[1] = 1
    """The format version of this file."""
    clinic: Text = "Worksheet library"
    """The clinic's name, printed on every sheet and page."""
    contact: Markdown | None = None
    """How to reach the clinic: phone, email, address."""
    support: Markdown | None = None
    """Where to get help in a crisis, e.g. who to call at night: printed at the foot of every page
    of every sheet, and shown on the site. Without it the sheets print a general sentence."""
    crisis_lines: Annotated[list[CrisisLine], Field(max_length=8)] = []
    """Crisis lines and services for the client's area, each with `name` and `contact`: printed
    pre-filled in every table with `crisis_lines: true` (the safety plan's "who I can contact")."""
    base_url: Annotated[str, BeforeValidator(_base_url)] | None = None
    """Where the site is published, e.g. "https://clinic.example/worksheets/"; enables QR codes,
    the sitemap and the feed."""
    papers: Annotated[list[Paper], Field(min_length=1), AfterValidator(_unique)] = ["a4", "letter"]
    """Paper sizes to build: `a4`, `letter` or both (default: both for English and Spanish, and
    for another language the paper of its locale: Letter for the US and Canada, A4 elsewhere)."""
    large_print: bool = False
    """Also build a large-print PDF of every worksheet (16 pt text, more room to write)."""
    page_budget: Annotated[int, _whole_range(1, 10), Field(ge=1, le=10)] = 2
    """The most pages a printed sheet may take on each paper size (large print may take twice as
    many); a worksheet may ask for more with `page_budget: {pages: 3, reason: ...}`."""
    featured: Annotated[list[Slug], Field(max_length=12), AfterValidator(_unique)] = []
    """Worksheet ids the home page shows first, e.g. `[thought-record, activity-schedule]`
    (default: one worksheet for each of the most common problems)."""
    task_name: Label = "homework"
    """What the clinic calls the task, e.g. "home practice"."""
    logo: Annotated[str, BeforeValidator(_asset_path)] | None = None
    """A logo file inside `assets/`, e.g. "logo.png"."""
    colours: Colours = Colours()
    """Colours for the sheets and the site, e.g. `{accent: "#2f5d8a"}`."""
    language: Language = "en"
    """The library's main language (of its worksheets and its site's interface), as a BCP 47 tag."""
    languages: Annotated[list[Language], AfterValidator(_unique)] = []
    """Other languages to publish, e.g. `[es, ar]`: a site and PDFs for each, of the worksheets
    translated into it (`worksheets/ID.es.yaml`), with the interface in that language."""
    translated: dict[Language, InLanguage] = {}
    """The clinic's name, contact, crisis support and task name in the other languages, e.g.
    `{es: {support: "En una crisis, llama al 112."}}`."""
    lint: LintRules = LintRules()
    """The rules `worksheets lint` checks, e.g. `{reading_grade: 8, review_years: 2, step_words: 20}`."""

    @model_validator(mode="after")
    def _languages_fit(self) -> Settings:
        if self.language in self.languages:
            raise PydanticCustomError(
                "main_language",
                "'{language}' is the main language already; list only the other languages",
                {"language": self.language, "field": "languages"},
            )
        for language in self.translated:
            if language not in self.languages:
                raise PydanticCustomError(
                    "unknown_language",
                    "'{language}' is not one of `languages`; add it there, or remove these words",
                    {"language": language, "field": ["translated", language]},
                )
        return self


def in_language(settings: Settings, language: str) -> Settings:
    """The settings as the pages and PDFs of ``language`` use them: its own words where the
    library gives them, and the paper of its locale unless the library chose the papers."""
    if language == settings.language:
        return settings
    words = settings.translated.get(language, InLanguage())
    changes = {key: value for key, value in words.model_dump(exclude_none=True).items()}
    if "crisis_lines" in changes:
        changes["crisis_lines"] = words.crisis_lines
    if "papers" not in settings.model_fields_set:
        changes["papers"] = default_papers(language)
    return settings.model_copy(update={**changes, "language": language})
