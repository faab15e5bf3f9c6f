"""The plan of every PDF: which sheets, in which variants, fed what HTML, allowed to read what.

Also where a refused address was written, so that the author is pointed at the right line.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..catalogues import catalogue, locale_dir
from ..errors import Problem
from ..folders import builtin_templates
from ..format.library import Library
from ..format.model import Worksheet
from ..format.sources import Document, parse
from ..render import Templates
from ..web.site import Edition, Variant, editions, pdf_path, variants
from .cache import files_hash, key, tool_version
from .pagination import waste
from .pdfjob import PdfJob
from .printing import font_dirs


@dataclass(frozen=True)
class PlannedPdf:
    """One PDF the build will make (its HTML is made only when it has to be rendered)."""

    path: str
    """From the site's top (in a language's folder for a translated sheet)."""
    sheet: Worksheet
    variant: Variant
    previews: bool
    """The site shows this one's pages (the first paper size, printable)."""
    edition: Edition
    """The language it is in, with the library's settings in that language."""


def allowed_folders(lib: Library) -> tuple[str, ...]:
    """The only folders a PDF may read from: the library's assets, the templates, the fonts."""
    folders = [lib.root.resolve() / "assets", builtin_templates().resolve(), *font_dirs()]
    return tuple(str(p) for p in folders)


def pdf_job(lib: Library, html: str, forms: bool, previews: bool = False) -> PdfJob:
    """The render job of one PDF from its HTML."""
    return PdfJob(
        html=html,
        base_url=lib.root.resolve().as_uri() + "/",
        allowed=allowed_folders(lib),
        forms=forms,
        identifier=hashlib.sha256(html.encode()).digest()[:16],
        previews=previews,
    )


def plan_pdfs(lib: Library) -> list[PlannedPdf]:
    """Every PDF of the library, in every language it publishes: printable and fillable per paper
    size of that language, large print if asked, and the therapist's notes."""
    planned = []
    for edition in editions(lib):
        papers = edition.settings.papers
        first = Variant(papers[0])
        planned += [
            PlannedPdf(edition.prefix + pdf_path(ident, variant), sheet, variant, variant == first, edition)
            for ident, sheet in edition.sheets.items()
            for variant in variants(papers, edition.settings.large_print)
        ]
    return planned


PRINT_TEMPLATES = (
    "print/document.html",
    "print/sheet.html",
    "print/notes.html",
    "print/notes-body.html",
    "print/body.html",
    "print/plan-block.html",
    "print/macros.html",
    "print/print.css",
    "titles.html",
)


class PdfKeys:
    """The cache key of each planned PDF: a hash of everything it depends on (the tool, the sheet's
    file, the settings, the print templates it uses, its section types' partials only, the library's
    assets, the translations of its language)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.dirs = Templates(lib.root.resolve()).search_path
        assets = lib.root / "assets"
        asset_files = sorted(p for p in assets.rglob("*") if p.is_file()) if assets.is_dir() else []
        self.shared = key(tool_version(), lib.settings.model_dump_json(), files_hash(asset_files, lib.root))
        self.memo: dict[object, str] = {}

    def _templates(self, names: tuple[str, ...]) -> str:
        if names not in self.memo:
            found = [
                next(d / n for d in self.dirs if (d / n).is_file())
                for n in names
                if any((d / n).is_file() for d in self.dirs)
            ]
            self.memo[names] = files_hash(found)
        return self.memo[names]

    def _locale(self, language: str) -> str:
        if language not in self.memo:
            path = catalogue(language)
            self.memo[language] = files_hash([path], locale_dir()) if path is not None else ""
        return self.memo[language]

    def __call__(self, item: PlannedPdf) -> str:
        sheet = item.sheet
        kinds = sorted({section.type for section in sheet.sections}) if not item.variant.notes else []
        names = (*PRINT_TEMPLATES, *(f"print/sections/{kind}.html" for kind in kinds))
        words = item.edition.settings.model_dump_json() if item.edition.prefix else ""
        return key(
            self.shared,
            words,
            self._templates(names),
            self._locale(sheet.language),
            files_hash([self.lib.root / file for file in _files_of(self.lib, sheet)], self.lib.root),
            item.variant.suffix,
            str(item.previews),
        )


def _files_of(lib: Library, sheet: Worksheet) -> list[str]:
    """The files a sheet is made from: its own, and for a translation its source too."""
    if sheet.translation is None:
        return [sheet.file]
    return [sheet.file, lib.worksheets[sheet.id].file]


def refused_problem(lib: Library, sheet: Worksheet, url: str) -> Problem:
    """Where a refused address was written: the worksheet, the settings or a template."""
    candidates = [lib.root / sheet.file, lib.root / "library.yaml"]
    overrides = lib.root / "templates"
    if overrides.is_dir():
        candidates += sorted(p for p in overrides.rglob("*") if p.is_file())
    needles = [url]
    if url.startswith("file:"):
        local = url2pathname(unquote(urlsplit(url).path))
        needles.insert(0, Path(os.path.relpath(local, lib.root.resolve())).as_posix())
    message = (
        f"refused to load {needles[0]!r}: a sheet may use only files in the library's assets/ folder "
        "(no web addresses, no files elsewhere)"
    )
    for path in candidates:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        index = next((i for i in (text.find(n) for n in needles) if i >= 0), -1)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            return Problem(path.relative_to(lib.root).as_posix(), line, column, message)
    return Problem(sheet.file, 1, 1, message)


def budget(lib: Library, sheet: Worksheet, variant: Variant) -> int:
    """The most pages this PDF may take: the sheet's own budget or the library's, doubled for
    large print; the therapist's notes take one page."""
    if variant.notes:
        return 1
    pages = sheet.page_budget.pages if sheet.page_budget else lib.settings.page_budget
    return pages * 2 if variant.large else pages


def describe(variant: Variant) -> str:
    """A PDF as an author names it, e.g. "Letter fillable"."""
    paper = "A4" if variant.paper == "a4" else "Letter"
    kind = "therapist notes" if variant.notes else ("fillable" if variant.fillable else "printable")
    return f"{paper} {kind}{' large print' if variant.large else ''}"


def waste_problems(
    lib: Library, item: PlannedPdf, layout: list[dict[str, object]], docs: dict[str, Document]
) -> list[Problem]:
    """The waste warnings of one rendered PDF, each at the line of the section it is about (or of
    the sheet's page budget); ``docs`` keeps each file parsed once."""
    sheet = item.sheet
    found = waste(layout, budget(lib, sheet, item.variant), describe(item.variant))
    problems = []
    for finding in found:
        if sheet.file not in docs:
            docs[sheet.file] = parse((lib.root / sheet.file).read_bytes(), sheet.file)
        doc = docs[sheet.file]
        if finding.block and finding.block.startswith("section:"):
            path: tuple[str | int, ...] = ("sections", int(finding.block.split(":")[1]))
            where = f"sections[{path[1]}]: "
            problem = doc.problem(path, where + finding.message)
        elif sheet.page_budget:
            problem = doc.problem(("page_budget",), finding.message, key=True)
        else:
            problem = doc.problem(("sections",), finding.message, key=True)
        problems.append(Problem(problem.file, problem.line, problem.column, problem.message, "warning"))
    return problems
