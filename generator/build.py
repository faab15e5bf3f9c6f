"""The orchestrator: load -> plan -> render -> write, with PDFs rendered in worker processes.

Nothing is written until everything has loaded and validated; the new site is staged and swapped
in whole (see :mod:`generator.output`), and only when every internal link leads to a file the build
made. A PDF whose inputs are unchanged comes from the cache (:mod:`generator.paper.cache`); when nothing
at all changed, the build stops before loading anything. Progress is reported through a callback.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from .errors import ContentError, Problem
from .format.library import load_library
from .format.sources import Document
from .output import SiteWriter
from .paper.cache import CachedPdf, PdfCache, build_options, up_to_date
from .paper.glyphs import glyph_problems
from .paper.pdfjob import SLOW_FONTS, PdfJob, PdfResult, render_job
from .paper.pdfplan import PdfKeys, PlannedPdf, pdf_job, plan_pdfs, refused_problem, waste_problems
from .paper.printing import sheet_html
from .render import Templates
from .web.feeds import feed, sitemap
from .web.pages import broken_links, draw_pages, static_files
from .web.site import (
    Download,
    Preview,
    alternates,
    editions,
    human_size,
    plan_pages,
    preview_path,
    thumbnail_path,
)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``."""


@dataclass
class BuildReport:
    """What a build made."""

    worksheets: int = 0
    pages: int = 0
    """HTML pages written."""
    pdfs: int = 0
    rendered: int = 0
    """PDFs rendered by this build (the rest came from the cache)."""
    pdf_pages: int = 0
    """Pages across all PDFs."""
    seconds: float = 0.0
    up_to_date: bool = False
    """Nothing had changed since the last build: nothing was done."""
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """What the user should know about this machine, each said once (a missing system library)."""


def grouped_warnings(said: dict[str, list[tuple[str, str, str]]]) -> list[Problem]:
    """The renderer's warnings, one line per distinct message, however many PDFs gave it.

    ``said`` maps a message to the (file, sheet id, variant) of each PDF that gave it."""
    found = []
    for message, where in said.items():
        file, _, variant = where[0]
        if len(where) == 1:
            found.append(Problem(file, 1, 1, f"{variant} PDF: {message}", "warning"))
            continue
        sheets = list(dict.fromkeys(ident for _, ident, _ in where))
        shown = ", ".join(sheets[:5]) + (f" and {len(sheets) - 5} more" if len(sheets) > 5 else "")
        count = f"{len(where)} PDFs of {len(sheets)} sheet{'s' if len(sheets) != 1 else ''}"
        found.append(Problem(file, 1, 1, f"{message} (in {count}: {shown})", "warning"))
    return found


def render_in_workers(jobs: Iterable[PdfJob], workers: int) -> Iterator[PdfResult]:
    """Render in order in ``workers`` processes, with a few jobs in flight per worker, so that the
    HTML of a large library is never all in memory at once."""
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("fork")) as pool:
        window: deque[Future[PdfResult]] = deque()
        try:
            for job in jobs:
                window.append(pool.submit(render_job, job))
                if len(window) >= 2 * workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            for future in window:
                future.cancel()


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def build_site(
    root: Path | str = ".",
    out: Path | str | None = None,
    *,
    jobs: int | None = None,
    pdf: bool = True,
    dev: bool = False,
    clean: bool = False,
    print_html: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the library at ``root`` into ``out`` (default ``root/site``); all or nothing.

    ``dev`` adds the development server's reload script to every page; ``clean`` ignores the
    cache; ``print_html`` also writes the HTML fed to the PDF renderer next to each PDF; ``strict``
    makes every warning (a sheet over its page budget, a wasted page) an error that stops the build;
    ``on_wait`` is told when another build of the same folder has to finish first.
    """
    started = time.perf_counter()
    root = Path(root)
    target = Path(out) if out is not None else root / "site"
    unchanged, fingerprint = up_to_date(root, target, build_options(pdf, dev, print_html, strict))
    if unchanged and not clean:
        return BuildReport(up_to_date=True, seconds=time.perf_counter() - started)

    lib = load_library(root, known=not clean)
    cache = PdfCache(lib.root, read=not clean)
    planned = plan_pdfs(lib) if pdf else []
    pdf_key = PdfKeys(lib)
    keys = [pdf_key(item) for item in planned]
    cached = [cache.get(k) for k in keys]
    report = BuildReport(worksheets=len(lib.worksheets))
    problems: list[Problem] = []
    found = editions(lib)
    downloads: dict[str, dict[str, list[Download]]] = {e.prefix: {} for e in found}
    previews: dict[str, dict[str, list[Preview]]] = {e.prefix: {} for e in found}
    thumbs: dict[str, dict[str, str]] = {e.prefix: {} for e in found}
    templates: dict[str, Templates] = {}
    for edition in found:
        for sheet in edition.sheets.values():
            report.warnings += glyph_problems(sheet, lib.root)
    workers = jobs or os.cpu_count() or 1
    docs: dict[str, Document] = {}
    said: dict[str, list[tuple[str, str, str]]] = {}
    """Each renderer warning, with the PDFs that gave it (fresh or from the cache)."""
    slow_fonts = False

    def heard(item: PlannedPdf, messages: list[str]) -> None:
        for message in messages:
            said.setdefault(message, []).append((item.sheet.file, item.sheet.id, item.variant.suffix))

    with SiteWriter(target, on_wait) as writer:

        def html_of(item: PlannedPdf) -> str:
            language = item.sheet.language
            templates.setdefault(language, Templates(lib.root.resolve(), language))
            html = sheet_html(
                templates[language], item.edition.settings, item.sheet, item.variant, item.edition.prefix
            )
            if print_html:
                writer.write(item.path.removesuffix(".pdf") + ".html", html.encode())
            return html

        def fresh_jobs() -> Iterator[PdfJob]:
            for item, hit in zip(planned, cached, strict=True):
                if hit is None:
                    yield pdf_job(lib, html_of(item), item.variant.fillable, item.previews)
                elif print_html:
                    html_of(item)

        fresh = render_in_workers(fresh_jobs(), workers) if any(hit is None for hit in cached) else iter(())
        for done, (item, digest, hit) in enumerate(zip(planned, keys, cached, strict=True), 1):
            if hit is None:
                result = next(fresh)
                report.rendered += 1
                problems += [refused_problem(lib, item.sheet, url) for url in result.refused]
                slow_fonts = slow_fonts or result.slow_fonts
                if result.refused:
                    heard(item, result.warnings)
                    continue
                hit = cache.put(digest, result)
            heard(item, hit.warnings)
            report.warnings += waste_problems(lib, item, hit.layout, docs)
            _link_cached(writer, item, hit, downloads, previews, thumbs)
            report.pdf_pages += hit.pages
            report.pdfs += 1
            if progress:
                progress("pdf", done, len(planned))
        report.warnings[:0] = grouped_warnings(said)
        if slow_fonts:
            report.notices.append(SLOW_FONTS)
        if strict and report.warnings:
            problems += [Problem(p.file, p.line, p.column, p.message) for p in report.warnings]
        if problems:
            raise ContentError(problems)

        site_templates = templates.setdefault(
            lib.settings.language, Templates(lib.root.resolve(), lib.settings.language)
        )
        planned_pages = {
            e.prefix: plan_pages(e, downloads[e.prefix], previews[e.prefix], thumbs[e.prefix]) for e in found
        }
        other = alternates(
            found, {prefix: {p.path for p in pages} for prefix, pages in planned_pages.items()}
        )
        html: dict[str, bytes] = {}
        for edition in found:
            words = templates.setdefault(edition.language, Templates(lib.root.resolve(), edition.language))
            html |= draw_pages(
                edition, planned_pages[edition.prefix], words, dev, workers, other[edition.prefix]
            )
        for path, data in html.items():
            writer.write(path, data)
        for path, data in static_files(lib, site_templates, found, dev):
            writer.write(path, data)
        if lib.settings.base_url:
            every = [
                replace(p, path=prefix + p.path) for prefix, pages in planned_pages.items() for p in pages
            ]
            writer.write("sitemap.xml", sitemap(lib, every))
            writer.write("feed.xml", feed(lib))
        problems = broken_links(html, writer.written)
        if problems:
            raise ContentError(problems)
        report.pages = len(html)
        writer.fingerprint = fingerprint
    if pdf:
        cache.keep_only(set(keys))
    report.seconds = time.perf_counter() - started
    return report


def _link_cached(
    writer: SiteWriter,
    item: PlannedPdf,
    hit: CachedPdf,
    downloads: dict[str, dict[str, list[Download]]],
    previews: dict[str, dict[str, list[Preview]]],
    thumbs: dict[str, dict[str, str]],
) -> None:
    """Put a PDF and its page images in the site; note them for the pages of its language, by their
    paths inside that language's folder."""
    ident = item.sheet.id
    prefix = item.edition.prefix
    writer.link(item.path, hit.pdf)
    downloads[prefix].setdefault(ident, []).append(
        Download(item.variant, item.path.removeprefix(prefix), hit.pages, human_size(hit.pdf.stat().st_size))
    )
    for number, image in enumerate(hit.previews, 1):
        writer.link(prefix + preview_path(ident, number), image)
        with image.open("rb") as stream:
            previews[prefix].setdefault(ident, []).append(
                Preview(preview_path(ident, number), *_png_size(stream.read(24)))
            )
    if hit.thumbnail is not None:
        writer.link(prefix + thumbnail_path(ident), hit.thumbnail)
        thumbs[prefix][ident] = thumbnail_path(ident)
