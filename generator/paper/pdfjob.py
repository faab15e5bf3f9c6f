"""What goes to a PDF worker and what comes back: plain, picklable data, no WeasyPrint; and the one
place the renderer (which imports WeasyPrint) is loaded from."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import import_module
from multiprocessing import get_context
from types import TracebackType
from typing import Any

from ..errors import UsageProblem

SLOW_FONTS = (
    "Note: HarfBuzz's font subsetter is not installed, so fonts are subset with fontTools and PDFs "
    "render about twice as slowly. Install it: Debian or Ubuntu `sudo apt-get install libharfbuzz-subset0`, "
    "Fedora `sudo dnf install harfbuzz`, macOS `brew install harfbuzz`."
)
"""Said once by a build (or a tailored PDF) that rendered with WeasyPrint's fontTools fallback."""


NO_PANGO = (
    "PDFs can't be made on this machine: the PDF renderer (WeasyPrint) needs the Pango library, "
    "which is not installed ({reason}). Install it: Debian or Ubuntu `sudo apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`, Fedora `sudo dnf install pango`, "
    "macOS `brew install pango`. Meanwhile `worksheets build --no-pdf` builds the pages without PDFs."
)


def load_renderer() -> Callable[[PdfJob], PdfResult]:
    """The PDF renderer (:func:`generator.paper.pdf.render`), imported here and only where PDFs are
    made; a machine without the system libraries it needs gets one plain message, not a traceback
    (and not WeasyPrint's own banner, which it prints on stdout as the import fails)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            module = import_module(".pdf", __package__)
    except OSError as exc:
        reason = str(exc).split(".  ", 1)[0]
        raise UsageProblem(NO_PANGO.format(reason=reason)) from None
    render: Callable[[PdfJob], PdfResult] = module.render
    return render


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render: picklable, so it can go to a worker process."""

    html: str
    base_url: str
    """Where relative addresses in the HTML start (the library folder, as a file: URL)."""
    allowed: tuple[str, ...]
    """Folders whose files may be read."""
    forms: bool = False
    """Make the writing spaces into form fields (the fillable variant)."""
    identifier: bytes = b""
    """The PDF's file identifier, derived from its content."""
    previews: bool = False
    """Also draw every page as a PNG for the site (and page 1 as a thumbnail)."""

    @property
    def digest(self) -> str:
        """Everything the result depends on (the HTML names every file it uses, fonts included)."""
        parts = [self.html, self.base_url, *self.allowed, str(self.forms), str(self.previews)]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class PdfResult:
    """A rendered PDF, its page count, its page images when asked for, and what went wrong."""

    pdf: bytes
    pages: int
    previews: list[bytes] = field(default_factory=list)
    """One PNG per page, for the worksheet's page on the site."""
    thumbnail: bytes = b""
    """Page 1 as a small PNG, for the index cards."""
    refused: list[str] = field(default_factory=list)
    """Addresses the document asked for and did not get."""
    warnings: list[str] = field(default_factory=list)
    """What WeasyPrint warned about (an unsupported CSS property, a broken image)."""
    layout: list[dict[str, Any]] = field(default_factory=list)
    """Where the content fell on each page (see :func:`generator.paper.pagination.measure`)."""
    slow_fonts: bool = False
    """Fonts were subset with fontTools, because HarfBuzz's subsetter is not installed (slower)."""


def _warm() -> None:
    load_renderer()


def render_job(job: PdfJob) -> PdfResult:
    """Render ``job`` (in a worker: WeasyPrint is imported there, on the first job, and nowhere else)."""
    return load_renderer()(job)


class Renderer:
    """The renderer in a process of its own, started at once: it imports WeasyPrint (the larger part
    of a cold start) while this process reads the library and writes the HTML, so that one PDF
    from a cold shell (``tailor``) costs little more than WeasyPrint rendering it alone. The HTML
    goes to it through a pipe, never through a file."""

    def __enter__(self) -> Renderer:
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))
        self.pool.submit(_warm)
        return self

    def __call__(self, job: PdfJob) -> PdfResult:
        return self.pool.submit(render_job, job).result()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
