"""HTML -> PDF with WeasyPrint: the only module that imports it, and where its file access is fenced.

WeasyPrint may read only ``data:`` URIs and files inside the folders it is given (the library's
``assets/``, the built-in templates, the font packages). Every other address (http, https, a file
elsewhere, a link that leads out of those folders) is refused and reported back, never fetched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import os
import re
from collections import OrderedDict
from collections.abc import Iterator
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pypdfium2 as pdfium
from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pagination import measure
from .pdfjob import PdfJob, PdfResult

LOGGER = logging.getLogger("weasyprint")
FONTTOOLS_FALLBACK = "Using fontTools instead of HarfBuzz-Subset"
"""How WeasyPrint's warning begins, per font per PDF, when HarfBuzz's subsetter is missing; the
build says it once instead (see ``PdfResult.slow_fonts``)."""


class FencedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URIs and files inside the allowed folders; refuses and records the rest."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=False)
        self.allowed = tuple(Path(p).resolve() for p in allowed)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if any(path.is_relative_to(root) for root in self.allowed) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
        self.refused.append(url)
        raise ValueError(f"refused: {url}")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _fixed_font_clock() -> Iterator[None]:
    """fontTools stamps the fonts it rewrites (variable fonts made static) with the time, unless
    SOURCE_DATE_EPOCH is set: fix it while rendering, so the same input gives the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(FONT_EPOCH)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]


FONT_EPOCH = 1_577_836_800
"""2020-01-01, the date written into rewritten fonts when SOURCE_DATE_EPOCH is not set."""


STYLE = re.compile(r"<style>(.*?)</style>", re.S)
"""A plain style element, as the built-in templates write them (in the document's head)."""
OTHER_STYLES = re.compile(r"<style\s|<link[^>]*stylesheet", re.I)


class _Shared:
    """What WeasyPrint lets documents rendered one after another in a process share: the font
    configuration (each font file loaded once) and parsed stylesheets. Every sheet of a library
    carries the same two style elements (the fonts, and the print stylesheet with the page box), so
    a worker parses them once instead of once per PDF; the PDFs come out byte for byte the same."""

    LIMIT = 16

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.font_config = FontConfiguration()
        self.sheets: OrderedDict[str, tuple[CSS, list[str], list[str]]] = OrderedDict()
        # WeasyPrint keeps the fonts of @font-face rules in a temporary folder that the font
        # configuration removes when it is collected; a worker process ends without collecting it,
        # so remove it as the process exits (multiprocessing runs these in its workers too).
        Finalize(self, self.close, exitpriority=0)

    def close(self) -> None:
        self.font_config.__del__()

    def stylesheet(self, css: str, base_url: str, fetcher: FencedFetcher) -> tuple[CSS, list[str], list[str]]:
        """The parsed ``css``, with the addresses refused and the warnings given while parsing it
        (said again for every document that uses it, as if it had been parsed there)."""
        key = hashlib.sha256(f"{base_url}\0{css}".encode()).hexdigest()
        if key in self.sheets:
            self.sheets.move_to_end(key)
            return self.sheets[key]
        collect = _Collect()
        LOGGER.addHandler(collect)
        before = len(fetcher.refused)
        try:
            sheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=self.font_config)
        finally:
            LOGGER.removeHandler(collect)
        entry = (sheet, fetcher.refused[before:], collect.messages)
        self.sheets[key] = entry
        if len(self.sheets) > self.LIMIT:
            self.sheets.popitem(last=False)
        return entry


_shared: list[_Shared] = []
"""This process's shared state, last; one inherited through a fork is kept alive but not used (its
font folder belongs to the parent, which removes it)."""


def _document(job: PdfJob, fetcher: FencedFetcher, collect: _Collect) -> Any:
    """WeasyPrint's laid-out document. A document whose only stylesheets are plain style elements
    (every built-in template) uses the process's shared fonts and parsed stylesheets; any other
    (a library's own template that links a stylesheet) is rendered on its own, as it always was."""
    head, _, body = job.html.partition("</head>")
    if not body or OTHER_STYLES.search(head) or not STYLE.search(head):
        return HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            font_config=FontConfiguration(), pdf_forms=job.forms
        )
    if not _shared or _shared[-1].pid != os.getpid():
        _shared.append(_Shared())
    shared = _shared[-1]
    sheets = []
    for css in STYLE.findall(head):
        sheet, refused, said = shared.stylesheet(css, job.base_url, fetcher)
        sheets.append(sheet)
        fetcher.refused += refused
        collect.messages += said
    html = STYLE.sub("", head) + "</head>" + body
    return HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=shared.font_config, pdf_forms=job.forms
    )


def render(job: PdfJob) -> PdfResult:
    """Render one PDF (tagged PDF/UA-1, fonts embedded and subset)."""
    fetcher = FencedFetcher(job.allowed)
    collect = _Collect()
    LOGGER.addHandler(collect)
    LOGGER.propagate = False
    try:
        document = _document(job, fetcher, collect)
        with _fixed_font_clock():
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=job.identifier or False)
    finally:
        LOGGER.removeHandler(collect)
    refused = sorted(set(fetcher.refused))
    slow_fonts = any(m.startswith(FONTTOOLS_FALLBACK) for m in collect.messages)
    warnings = [
        m
        for m in collect.messages
        if not m.startswith(FONTTOOLS_FALLBACK) and not any(url in m for url in refused)
    ]
    result = PdfResult(
        pdf,
        len(document.pages),
        refused=refused,
        warnings=warnings,
        layout=measure(document.pages),
        slow_fonts=slow_fonts,
    )
    if job.previews:
        result.previews, result.thumbnail = page_images(pdf)
    return result


PREVIEW_WIDTH = 760
THUMBNAIL_WIDTH = 300


def _png(page: pdfium.PdfPage, width: int) -> bytes:
    image = page.render(scale=width / page.get_width()).to_pil()
    out = io.BytesIO()
    # A page is mostly white with a few inks: a small palette keeps the file small and exact enough.
    image.convert("RGB").quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, "PNG", compress_level=6
    )
    return out.getvalue()


def page_images(pdf: bytes) -> tuple[list[bytes], bytes]:
    """Every page as a preview PNG, and page 1 as a thumbnail, drawn from the PDF itself."""
    document = pdfium.PdfDocument(pdf)
    try:
        previews = [_png(page, PREVIEW_WIDTH) for page in document]
        thumbnail = _png(document[0], THUMBNAIL_WIDTH)
    finally:
        document.close()
    return previews, thumbnail
