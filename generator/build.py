"""The orchestrator: load -> plan -> render -> write, with PDFs rendered in worker processes.

Nothing is written until everything has loaded and validated; the new site is staged and swapped
in whole (see :mod:`generator.output`), and only when every internal link leads to a file the build
made. Progress is reported through a callback, never printed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .errors import ContentError, Problem
from .feeds import feed, sitemap
from .library import load_library
from .output import SiteWriter
from .pages import broken_links, render_pages, static_files
from .pdfjob import PdfJob, PdfResult
from .pdfplan import plan_pdfs, refused_problem
from .render import Templates
from .site import Download, Preview, human_size, plan_pages, preview_path, thumbnail_path

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``."""


@dataclass
class BuildReport:
    """What a build made."""

    worksheets: int = 0
    pages: int = 0
    """HTML pages written."""
    pdfs: int = 0
    pdf_pages: int = 0
    """Pages across all PDFs."""
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)


def _render(job: PdfJob) -> PdfResult:
    from .pdf import render

    return render(job)


def render_pdfs(
    jobs: list[PdfJob], workers: int, cache: MutableMapping[str, PdfResult] | None = None
) -> Iterator[PdfResult]:
    """Render in order, in ``workers`` processes when there is more than one; a job already in
    ``cache`` (by the digest of everything it depends on) is not rendered again."""
    cache = {} if cache is None else cache
    todo = [job for job in jobs if job.digest not in cache]
    if workers <= 1 or len(todo) <= 1:
        fresh: Iterator[PdfResult] = map(_render, todo)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
        fresh = pool.map(_render, todo, chunksize=1)
    try:
        for job in jobs:
            if job.digest not in cache:
                cache[job.digest] = next(fresh)
            yield cache[job.digest]
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def build_site(
    root: Path | str = ".",
    out: Path | str | None = None,
    *,
    jobs: int | None = None,
    pdf: bool = True,
    dev: bool = False,
    progress: Progress | None = None,
    cache: MutableMapping[str, PdfResult] | None = None,
) -> BuildReport:
    """Build the library at ``root`` into ``out`` (default ``root/site``); all or nothing.

    ``dev`` adds the development server's reload script to every page; ``cache`` keeps rendered
    PDFs between builds, so that only what changed is rendered again.
    """
    started = time.perf_counter()
    lib = load_library(root)
    target = Path(out) if out is not None else lib.root / "site"
    planned = plan_pdfs(lib) if pdf else []
    report = BuildReport(worksheets=len(lib.worksheets))
    problems: list[Problem] = []
    downloads: dict[str, list[Download]] = {}
    previews: dict[str, list[Preview]] = {}
    thumbs: dict[str, str] = {}
    workers = jobs or os.cpu_count() or 1

    with SiteWriter(target) as writer:
        results = render_pdfs([p.job for p in planned], workers, cache)
        for done, (item, result) in enumerate(zip(planned, results, strict=True), 1):
            ident = item.sheet.id
            problems += [refused_problem(lib, item.sheet, url) for url in result.refused]
            report.warnings += [
                Problem(item.sheet.file, 1, 1, f"{item.variant.suffix} PDF: {message}", "warning")
                for message in result.warnings
            ]
            writer.write(item.path, result.pdf)
            size = human_size(len(result.pdf))
            downloads.setdefault(ident, []).append(Download(item.variant, item.path, result.pages, size))
            for number, image in enumerate(result.previews, 1):
                writer.write(preview_path(ident, number), image)
                previews.setdefault(ident, []).append(Preview(preview_path(ident, number), *_png_size(image)))
            if result.thumbnail:
                writer.write(thumbnail_path(ident), result.thumbnail)
                thumbs[ident] = thumbnail_path(ident)
            report.pdfs += 1
            report.pdf_pages += result.pages
            if progress:
                progress("pdf", done, len(planned))
        if problems:
            raise ContentError(problems)

        templates = Templates(lib.root.resolve(), lib.settings.language)
        pages = plan_pages(lib, downloads, previews, thumbs)
        html = dict(render_pages(lib, pages, templates, dev))
        for path, data in html.items():
            writer.write(path, data)
        for path, data in static_files(lib, templates, dev):
            writer.write(path, data)
        if lib.settings.base_url:
            writer.write("sitemap.xml", sitemap(lib, pages))
            writer.write("feed.xml", feed(lib))
        problems = broken_links(html, writer.written)
        if problems:
            raise ContentError(problems)
        report.pages = len(html)
    report.seconds = time.perf_counter() - started
    return report
