"""Writing the built site whole or not at all, one build at a time.

Files go into a fresh folder beside the target; only when everything is written is the folder
swapped in for the old site, in one atomic exchange of the two folders (Linux's
``renameat2(RENAME_EXCHANGE)``), so a failed, interrupted or killed build leaves the previous site as
it was. Where the exchange is not available the swap is two renames, and the next build puts the
old site back if a crash fell between them. Two builds into the same folder are serialised by a
lock. A path written twice is a bug in the plan and stops the build.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .errors import UsageProblem

MARKER = ".worksheets-site"
"""A file in every built site: the build only ever replaces a folder that has it (or is empty)."""


class SiteWriter:
    """Collects the files of a new site in a staging folder and swaps it in on success."""

    def __init__(self, target: Path, on_wait: Callable[[str], None] | None = None) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.lock = _lock(target, on_wait)
        try:
            _recover(target)
            if target.exists() and not _replaceable(target):
                raise UsageProblem(
                    f"{target.as_posix()} is not empty and was not made by 'worksheets build'; "
                    "choose another --out folder"
                )
            self.stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        except BaseException:
            self.lock.close()
            raise
        self.written: set[str] = set()
        self.fingerprint = ""
        """What the site is built from; set once everything is written, recorded on commit."""

    def _claim(self, relative: str) -> Path:
        """The staged path for ``relative``; a path planned twice is a bug and stops the build."""
        if relative in self.written:
            raise RuntimeError(f"the build plan writes {relative} twice")
        self.written.add(relative)
        path = self.stage / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, relative: str, data: bytes) -> None:
        self._claim(relative).write_bytes(data)

    def link(self, relative: str, source: Path) -> None:
        """Put an unchanging file (from the cache) into the site: a hard link where possible."""
        path = self._claim(relative)
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)

    def commit(self) -> None:
        """Swap the staged site in for the old one, recording what it was built from."""
        (self.stage / MARKER).write_text(
            f"Built by 'worksheets build'; replaced whole on every build.\n{self.fingerprint}\n"
        )
        if not self.target.exists():
            os.replace(self.stage, self.target)
        elif _exchange(self.stage, self.target):
            shutil.rmtree(self.stage, ignore_errors=True)  # it now holds the old site
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.replace(self.target, old / "site")
            os.replace(self.stage, self.target)
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self.commit()
            else:
                self.abandon()
        finally:
            self.lock.close()


def _lock(target: Path, on_wait: Callable[[str], None] | None) -> TextIO:
    """Hold the lock of ``target``'s builds (released by the system if the process dies)."""
    handle = (target.parent / f".{target.name}.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if on_wait:
            on_wait(f"Another build of {target.as_posix()} is running; waiting for it to finish.")
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _exchange(new: Path, old: Path) -> bool:
    """Swap two folders in one step, where the system can (Linux 3.15+, glibc 2.28+)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(old), rename_exchange)) == 0


def _recover(target: Path) -> None:
    """Under the lock: put back an old site a crash left aside, and clear a killed build's leftovers."""
    leftovers = sorted(target.parent.glob(f".{target.name}.old-*"))
    if not target.exists():
        for folder in reversed(leftovers):
            if (folder / "site" / MARKER).is_file():
                os.replace(folder / "site", target)
                break
    for folder in [*leftovers, *target.parent.glob(f".{target.name}.new-*")]:
        shutil.rmtree(folder, ignore_errors=True)


def built_from(folder: Path) -> str | None:
    """The fingerprint the site in ``folder`` was built from, if it is a built site."""
    try:
        lines = (folder / MARKER).read_text().splitlines()
    except OSError:
        return None
    return lines[1] if len(lines) > 1 else None


def _replaceable(folder: Path) -> bool:
    return folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir()))
