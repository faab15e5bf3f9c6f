"""The plan of the site: where every page, PDF and image lives, what each page shows, and links.

Every link is relative and names a file (``library.html``, never a bare folder), so the site works
from any static host and from a folder opened in a browser.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..format.library import Library
from ..format.model import Worksheet
from ..format.order import sheet_layout
from ..format.settings import Settings, in_language
from .fill import REVIEW_PATH, fill_path, fill_sections

PaperName = Literal["a4", "letter"]

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
"""Languages written from right to left: their pages and sheets are mirrored."""


def right_to_left(language: str) -> bool:
    return language.split("-")[0].lower() in RTL_LANGUAGES


@dataclass(frozen=True)
class Edition:
    """The site and the PDFs in one of the library's languages. The main language's edition is the
    site's top; each other language's lives in a folder of its own (``es/``), with the same paths
    inside it, and shares the top's ``static/`` and ``assets/``."""

    language: str
    prefix: str
    """"" for the main language, else the folder with a slash, e.g. "es/"."""
    settings: Settings
    """The library's settings in this language (its words for the clinic, the crisis support)."""
    sheets: dict[str, Worksheet]

    @property
    def rtl(self) -> bool:
        return right_to_left(self.language)

    @property
    def search_index(self) -> str:
        """The search index of this edition's worksheets, in the shared static folder."""
        return "static/search-index.js" if not self.prefix else f"static/search-index.{self.language}.js"


@dataclass(frozen=True)
class Alternate:
    """The same page in one of the site's languages (or that language's home, where the page has
    no translation)."""

    language: str
    name: str
    """The language's name in itself: "español", "العربية"."""
    path: str
    """From the site's top."""
    current: bool

    @property
    def rtl(self) -> bool:
        return right_to_left(self.language)


def language_name(language: str) -> str:
    """A language's name in itself, as a reader of it looks for it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name()
    except (ValueError, UnknownLocaleError):
        return language
    return (name[:1].upper() + name[1:]) if name else language


def alternates(found: list[Edition], pages: dict[str, set[str]]) -> dict[str, dict[str, list[Alternate]]]:
    """For each edition (by prefix) and page path in it, the page in every language."""
    if len(found) < 2:
        return {edition.prefix: {} for edition in found}
    result: dict[str, dict[str, list[Alternate]]] = {}
    for edition in found:
        result[edition.prefix] = {
            path: [
                Alternate(
                    other.language,
                    language_name(other.language),
                    other.prefix + (path if path in pages[other.prefix] else "index.html"),
                    other is edition,
                )
                for other in found
            ]
            for path in pages[edition.prefix]
        }
    return result


def editions(lib: Library) -> list[Edition]:
    """The main language's edition, then one per other language with a worksheet translated into it."""
    found = [Edition(lib.settings.language, "", lib.settings, lib.worksheets)]
    for language in lib.settings.languages:
        sheets = lib.translations.get(language, {})
        if sheets:
            found.append(Edition(language, f"{language}/", in_language(lib.settings, language), sheets))
    return found


GROUP_FOLDERS = {"problem": "problems", "technique": "techniques", "tag": "tags"}


@dataclass(frozen=True, order=True)
class Variant:
    """One PDF of a worksheet: a paper size, and whether it is fillable, large print, or the
    therapist's notes (guide, rehearsal script, references) rather than the client's sheet."""

    paper: PaperName
    fillable: bool = False
    large: bool = False
    notes: bool = False

    @property
    def suffix(self) -> str:
        return (
            self.paper
            + ("-fillable" if self.fillable else "")
            + ("-large-print" if self.large else "")
            + ("-therapist-notes" if self.notes else "")
        )


def pdf_path(ident: str, variant: Variant) -> str:
    """The PDF's path in the site, e.g. ``pdf/thought-record-a4.pdf``."""
    return f"pdf/{ident}-{variant.suffix}.pdf"


def page_path(ident: str) -> str:
    """The worksheet's page in the site."""
    return f"worksheets/{ident}.html"


def preview_path(ident: str, page: int) -> str:
    return f"previews/{ident}-{page}.png"


def thumbnail_path(ident: str) -> str:
    return f"previews/{ident}-thumb.png"


def variants(papers: list[PaperName], large_print: bool) -> list[Variant]:
    """Every PDF to build for one worksheet: printable and fillable per paper, large print if asked,
    and the therapist's notes."""
    result = []
    for paper in papers:
        result += [Variant(paper), Variant(paper, fillable=True)]
        if large_print:
            result.append(Variant(paper, large=True))
        result.append(Variant(paper, notes=True))
    return result


def slug(label: str) -> str:
    """A label as a file name: "Cognitive restructuring" -> "cognitive-restructuring"; a label in
    a script with no Latin letters (Arabic) gets a short name made from its hash, stable and
    safe on every host."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    found = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if found or not label.strip():
        return found or "other"
    folded = " ".join(label.casefold().split())
    return "t-" + hashlib.sha256(folded.encode()).hexdigest()[:10]


def group_path(kind: str, label: str) -> str:
    return f"{GROUP_FOLDERS[kind]}/{slug(label)}.html"


def relative(target: str, page: str) -> str:
    """A link from ``page`` to ``target``, both normalised paths from the site's top."""
    return "../" * page.count("/") + target


@dataclass
class Group:
    """The worksheets that share a problem, a technique or a tag."""

    kind: str
    label: str
    slug: str
    path: str
    sheets: list[Worksheet] = field(default_factory=list)


def groups(sheets: Iterable[Worksheet], kind: str) -> list[Group]:
    """Groups of one kind, sorted by label; labels that differ only in case or spacing share one."""
    found: dict[str, Group] = {}
    for sheet in sheets:
        labels = {
            "problem": sheet.problems,
            "tag": sheet.tags,
            "audience": sheet.audience,
            "technique": [sheet.technique] if sheet.technique else [],
        }
        for label in labels[kind]:
            key = slug(label)
            path = group_path(kind, label) if kind in GROUP_FOLDERS else ""
            group = found.setdefault(key, Group(kind, label, key, path))
            group.sheets.append(sheet)
    return sorted(found.values(), key=lambda g: g.label.lower())


@dataclass
class Download:
    variant: Variant
    path: str
    pages: int
    size: str


@dataclass
class Preview:
    path: str
    width: int
    height: int


@dataclass
class Page:
    """One HTML page: where it goes, which template draws it, and what the template gets.

    Pages whose words are the interface's (home, about) take their title and description from
    their template, where gettext translates them; a worksheet's page takes them from the sheet.
    """

    path: str
    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)


def human_size(size: int) -> str:
    return f"{size / 1000:.0f} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


FEATURED = 6
"""How many worksheets the home page shows."""


def featured(edition: Edition, problems: list[Group], count: int = FEATURED) -> list[Worksheet]:
    """What the home page shows, so a newcomer lands on worksheets: the library's `featured`
    ids (those this edition has), or one worksheet for each of the most common problems (the
    problems with the most worksheets first, each with its first sheet not already shown)."""
    chosen_ids = [ident for ident in edition.settings.featured if ident in edition.sheets]
    if chosen_ids:
        return [edition.sheets[ident] for ident in chosen_ids]
    chosen: list[Worksheet] = []
    shown: set[str] = set()
    for group in sorted(problems, key=lambda g: (-len(g.sheets), g.label.casefold())):
        sheet = next((s for s in group.sheets if s.id not in shown), None)
        if sheet is not None:
            chosen.append(sheet)
            shown.add(sheet.id)
        if len(chosen) == count:
            break
    return chosen


def plan_pages(
    edition: Edition,
    downloads: dict[str, list[Download]],
    previews: dict[str, list[Preview]],
    thumbs: dict[str, str],
) -> list[Page]:
    """Every HTML page of one edition of the site (paths inside the edition's folder)."""
    sheets = list(edition.sheets.values())
    by_kind = {kind: groups(sheets, kind) for kind in GROUP_FOLDERS}
    audiences = groups(sheets, "audience")
    shared: dict[str, Any] = {"sheets": sheets, "groups": by_kind, "audiences": audiences, "thumbs": thumbs}
    pages = [
        Page(
            "index.html",
            "site/home.html",
            "",
            "",
            {**shared, "featured": featured(edition, by_kind["problem"])},
        ),
        Page("library.html", "site/library.html", "", "", shared),
        Page("about.html", "site/about.html", "", "", shared),
        Page("404.html", "site/404.html", "", "", shared),
        Page(REVIEW_PATH, "site/review.html", "", "", shared),
    ]
    for sheet in sheets:
        context = {
            **shared,
            "sheet": sheet,
            "reading_order": sheet_layout(sheet.sections).reading_order,
            "downloads": downloads.get(sheet.id, []),
            "previews": previews.get(sheet.id, []),
            "og_type": "article",
            "og_image": thumbs.get(sheet.id),
        }
        pages.append(Page(page_path(sheet.id), "site/worksheet.html", sheet.title, sheet.summary, context))
        fill = {**context, "fill": fill_sections(sheet), "layout": sheet_layout(sheet.sections)}
        pages.append(Page(fill_path(sheet.id), "site/fill.html", sheet.title, sheet.summary, fill))
    for found in by_kind.values():
        for group in found:
            pages.append(Page(group.path, "site/group.html", group.label, "", {**shared, "group": group}))
    return pages


def search_index(sheets: dict[str, Worksheet]) -> str:
    """The text each worksheet is found by, as a script (no fetch, so it works from file://): in
    lower case, without accents or other marks (Arabic vowel signs too), as the search box's
    words are matched."""
    entries = {}
    for ident, sheet in sheets.items():
        words = [
            sheet.title,
            sheet.summary,
            sheet.purpose,
            sheet.technique or "",
            *sheet.tags,
            *sheet.problems,
        ]
        text = unicodedata.normalize("NFD", " ".join(words).lower()).replace("\u0640", "")
        entries[ident] = " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
    return "window.WORKSHEET_INDEX = " + json.dumps(entries, ensure_ascii=False, sort_keys=True) + ";\n"
