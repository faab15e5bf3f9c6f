"""What a build can skip: rendered PDFs kept by the hash of everything they depend on, and a
fingerprint of the whole library that says when nothing at all has changed.

The cache lives in the library (``.worksheets-cache/``, which ``init`` puts in ``.gitignore``). Every
file is written beside its final name and renamed into place, so a build killed at any moment leaves
a cache that is still usable; ``--clean`` ignores it. Only library worksheets are cached: tailored
PDFs name a client and are never written here.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..folders import template_dirs
from ..output import built_from
from .pdfjob import PdfResult

CACHE_DIR = ".worksheets-cache"
PACKAGES = (
    "therapy-worksheets",
    "weasyprint",
    "pydyf",
    "fontpkg-atkinson-hyperlegible",
    "fontpkg-noto-sans",
    "pypdfium2",
)


def _hash(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def files_hash(paths: Iterable[Path], root: Path | None = None) -> str:
    """The hash of files' names (relative to ``root``) and contents."""
    parts: list[bytes] = []
    for path in paths:
        name = (
            path.relative_to(root).as_posix()
            if root is not None and path.is_relative_to(root)
            else path.as_posix()
        )
        parts += [name.encode(), path.read_bytes()]
    return _hash(parts)


@cache
def tool_version() -> str:
    """The tool and the libraries that shape its output: their versions and the tool's own code."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            versions.append(name.encode())
    package = Path(__file__).parent.parent
    code = sorted(
        p for p in package.rglob("*") if p.suffix in (".py", ".po") and "__pycache__" not in p.parts
    )
    return _hash([*versions, files_hash(code, package).encode()])


def key(*parts: str) -> str:
    return _hash(part.encode() for part in parts)


@dataclass
class CachedPdf:
    """A rendered PDF in the cache: where its files are, and what it was."""

    pdf: Path
    previews: list[Path]
    thumbnail: Path | None
    pages: int
    layout: list[dict[str, Any]]
    """Where the content fell on each page, for the waste warnings."""
    warnings: list[str] = field(default_factory=list)
    """What the renderer warned about, said again whenever the PDF is used (a --strict build too)."""


class PdfCache:
    """Rendered PDFs (and their page images) by key. With ``read`` False (``--clean``) nothing is
    taken from it, but what is rendered is still stored, so the next build can use it."""

    def __init__(self, root: Path, read: bool = True) -> None:
        self.folder = root / CACHE_DIR / "pdf"
        self.read = read

    def get(self, digest: str) -> CachedPdf | None:
        if not self.read:
            return None
        meta = self.folder / f"{digest}.json"
        try:
            info = json.loads(meta.read_text())
        except (OSError, ValueError):
            return None
        pdf = self.folder / f"{digest}.pdf"
        previews = [self.folder / f"{digest}-{n}.png" for n in range(1, info["previews"] + 1)]
        thumbnail = self.folder / f"{digest}-thumb.png" if info["thumbnail"] else None
        if not all(p.is_file() for p in [pdf, *previews, *([thumbnail] if thumbnail else [])]):
            return None
        return CachedPdf(
            pdf, previews, thumbnail, info["pages"], info.get("layout", []), info.get("warnings", [])
        )

    def put(self, digest: str, result: PdfResult) -> CachedPdf:
        """Store a clean result (one with refused addresses is never cached); the metadata file is
        written last, so a half-written entry is never read."""
        self.folder.mkdir(parents=True, exist_ok=True)
        pdf = self.folder / f"{digest}.pdf"
        _write(pdf, result.pdf)
        previews = []
        for number, image in enumerate(result.previews, 1):
            previews.append(self.folder / f"{digest}-{number}.png")
            _write(previews[-1], image)
        thumbnail = None
        if result.thumbnail:
            thumbnail = self.folder / f"{digest}-thumb.png"
            _write(thumbnail, result.thumbnail)
        meta = {
            "pages": result.pages,
            "previews": len(previews),
            "thumbnail": thumbnail is not None,
            "layout": result.layout,
            "warnings": result.warnings,
        }
        _write(self.folder / f"{digest}.json", json.dumps(meta).encode())
        return CachedPdf(pdf, previews, thumbnail, result.pages, result.layout, result.warnings)

    def keep_only(self, digests: set[str]) -> None:
        """Forget every entry but ``digests`` (after a full build: what it no longer uses)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name.split(".")[0].split("-")[0] not in digests:
                path.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def library_fingerprint(root: Path, options: str) -> str:
    """Everything a build reads, in one hash: when it matches the last build's, there is nothing to do."""
    root = root.resolve()
    folders = [root / "worksheets", root / "assets", *template_dirs(root)]
    files = sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    settings = root / "library.yaml"
    if settings.is_file():
        files.insert(0, settings)
    return key(tool_version(), options, files_hash(files, root))


def build_options(pdf: bool, dev: bool, print_html: bool, strict: bool) -> str:
    """The build options that change what a build writes, as part of its fingerprint."""
    return f"pdf={pdf} dev={dev} html={print_html} strict={strict}"


def up_to_date(root: Path, target: Path, options: str) -> tuple[bool, str]:
    """Whether the site in ``target`` was built from exactly what the library at ``root`` holds now
    (with the same ``options``), and the library's fingerprint. Needs neither the format's models nor
    the templates, so a build with nothing to do answers in a fraction of a second."""
    fingerprint = library_fingerprint(root, options)
    return target.is_dir() and built_from(target) == fingerprint, fingerprint
