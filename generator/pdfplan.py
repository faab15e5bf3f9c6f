"""The plan of every PDF: which sheets, in which variants, fed what HTML, allowed to read what.

Also where a refused address was written, so that the author is pointed at the right line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import Problem
from .library import Library
from .model import Worksheet
from .pdfjob import PdfJob
from .printing import font_dirs, sheet_html
from .render import Templates, builtin_templates
from .site import Variant, pdf_path, variants


@dataclass(frozen=True)
class PlannedPdf:
    path: str
    sheet: Worksheet
    variant: Variant
    job: PdfJob


def allowed_folders(lib: Library) -> tuple[str, ...]:
    """The only folders a PDF may read from: the library's assets, the templates, the fonts."""
    folders = [lib.root.resolve() / "assets", builtin_templates().resolve(), *font_dirs()]
    return tuple(str(p) for p in folders)


def pdf_job(lib: Library, html: str, forms: bool) -> PdfJob:
    """The render job of one PDF from its HTML."""
    return PdfJob(
        html=html,
        base_url=lib.root.resolve().as_uri() + "/",
        allowed=allowed_folders(lib),
        forms=forms,
        identifier=hashlib.sha256(html.encode()).digest()[:16],
    )


def plan_pdfs(lib: Library) -> list[PlannedPdf]:
    """Every PDF of the library; each sheet's interface words in the sheet's own language."""
    templates: dict[str, Templates] = {}
    planned = []
    for ident, sheet in lib.worksheets.items():
        if sheet.language not in templates:
            templates[sheet.language] = Templates(lib.root.resolve(), sheet.language)
        for variant in variants(lib.settings.papers, lib.settings.large_print):
            html = sheet_html(templates[sheet.language], lib.settings, sheet, variant)
            job = pdf_job(lib, html, variant.fillable)
            if variant == Variant(lib.settings.papers[0]):  # the site shows this one's pages
                job = dataclasses.replace(job, previews=True)
            planned.append(PlannedPdf(pdf_path(ident, variant), sheet, variant, job))
    return planned


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
