"""Writing the built site whole or not at all.

Files go into a fresh folder beside the target; only when everything is written is the folder
swapped in for the old site, so a failed or interrupted build leaves the previous site as it was.
A path written twice is a bug in the plan and stops the build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from .errors import UsageProblem

MARKER = ".worksheets-site"
"""A file in every built site: the build only ever replaces a folder that has it (or is empty)."""


class SiteWriter:
    """Collects the files of a new site in a staging folder and swaps it in on success."""

    def __init__(self, target: Path) -> None:
        self.target = target
        if target.exists() and not _replaceable(target):
            raise UsageProblem(
                f"{target.as_posix()} is not empty and was not made by 'worksheets build'; "
                "choose another --out folder"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        self.stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        self.written: set[str] = set()
        self.fingerprint = ""
        """What the site is built from; set once everything is written, recorded on commit."""

    def write(self, relative: str, data: bytes) -> None:
        if relative in self.written:
            raise RuntimeError(f"the build plan writes {relative} twice")
        self.written.add(relative)
        path = self.stage / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def link(self, relative: str, source: Path) -> None:
        """Put an unchanging file (from the cache) into the site: a hard link where possible."""
        if relative in self.written:
            raise RuntimeError(f"the build plan writes {relative} twice")
        self.written.add(relative)
        path = self.stage / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)

    def commit(self) -> None:
        """Swap the staged site in for the old one, recording what it was built from."""
        (self.stage / MARKER).write_text(
            f"Built by 'worksheets build'; replaced whole on every build.\n{self.fingerprint}\n"
        )
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.replace(self.target, old / "site")
        os.replace(self.stage, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.abandon()


def built_from(folder: Path) -> str | None:
    """The fingerprint the site in ``folder`` was built from, if it is a built site."""
    try:
        lines = (folder / MARKER).read_text().splitlines()
    except OSError:
        return None
    return lines[1] if len(lines) > 1 else None


def _replaceable(folder: Path) -> bool:
    return folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir()))
