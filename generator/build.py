"""The orchestrator: load -> plan -> render -> write, with PDFs rendered in worker processes.

Nothing is written until everything has loaded and validated; the new site is staged and swapped
in whole (see :mod:`generator.output`). Progress is reported through a callback, never printed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import ContentError, Problem
from .library import Library, load_library
from .model import Worksheet
from .printing import font_dirs, sheet_html
from .render import Templates, builtin_templates
from .site import Variant, pdf_path, variants

if TYPE_CHECKING:
    from .pdf import PdfJob, PdfResult

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``."""


@dataclass
class BuildReport:
    """What a build made."""

    worksheets: int = 0
    pdfs: int = 0
    pages: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)


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


def pdf_job(
    lib: Library,
    templates: Templates,
    sheet: Worksheet,
    variant: Variant,
    tailored: dict[str, Any] | None = None,
) -> PdfJob:
    """The render job of one PDF; ``tailored`` fills in one client's copy."""
    from .pdf import PdfJob

    html = sheet_html(templates, lib.settings, sheet, variant, tailored)
    return PdfJob(
        html=html,
        base_url=lib.root.resolve().as_uri() + "/",
        allowed=allowed_folders(lib),
        forms=variant.fillable,
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
            job = pdf_job(lib, templates[sheet.language], sheet, variant)
            planned.append(PlannedPdf(pdf_path(ident, variant), sheet, variant, job))
    return planned


def _render(job: PdfJob) -> PdfResult:
    from .pdf import render

    return render(job)


def render_pdfs(jobs: list[PdfJob], workers: int) -> Iterator[PdfResult]:
    """Render in order; in ``workers`` processes when there is more than one."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_render, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(_render, jobs, chunksize=1)


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


def build_site(
    root: Path | str = ".",
    out: Path | str | None = None,
    *,
    jobs: int | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the library at ``root`` into ``out`` (default ``root/site``); all or nothing."""
    started = time.perf_counter()
    lib = load_library(root)
    target = Path(out) if out is not None else lib.root / "site"
    planned = plan_pdfs(lib) if pdf else []
    report = BuildReport(worksheets=len(lib.worksheets))
    problems: list[Problem] = []
    workers = jobs or os.cpu_count() or 1
    from .output import SiteWriter

    with SiteWriter(target) as writer:
        for done, (item, result) in enumerate(
            zip(planned, render_pdfs([p.job for p in planned], workers), strict=True), 1
        ):
            problems += [refused_problem(lib, item.sheet, url) for url in result.refused]
            report.warnings += [
                Problem(item.sheet.file, 1, 1, f"{item.variant.suffix} PDF: {message}", "warning")
                for message in result.warnings
            ]
            writer.write(item.path, result.pdf)
            report.pdfs += 1
            report.pages += result.pages
            if progress:
                progress("pdf", done, len(planned))
        if problems:
            raise ContentError(sorted(set(problems)))
    report.seconds = time.perf_counter() - started
    return report
