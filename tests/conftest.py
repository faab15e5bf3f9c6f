"""Shared fixtures: scratch libraries in tmp_path and a way to run the command line."""

from __future__ import annotations

import ctypes
import fcntl
import http.server
import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.build import BuildReport
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

VALID = """\
title: Worry time
summary: Put worries off until a set time each day.
purpose: |
  Worry feels urgent. Putting it off to a set time shows you it can wait.
rehearsal:
  - Pick a time and a place for worry time.
  - Practise noticing a worry and writing it down for later.
sections:
  - type: lines
    lines: 3
  - type: log
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """An empty library: a worksheets/ folder and nothing else."""
    (tmp_path / "worksheets").mkdir()
    return tmp_path


@pytest.fixture
def write(library: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file into the scratch library; text is dedented."""

    def _write(name: str, content: str | bytes) -> Path:
        path = library / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(dedent(content), "utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder all the test processes of this run share (pytest-xdist gives each its own)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


class BundledBuild:
    """The library in this repository, built once per run (site and all its PDFs), in a process of
    its own that starts as soon as the tests are collected, so the other tests run while it builds.
    The first test process to get there starts it; every test process waits for the same result."""

    SCRIPT = textwrap.dedent("""
        import os, pickle, sys, traceback
        from generator.build import build_site
        out, result = sys.argv[1], sys.argv[2]
        try:
            data = pickle.dumps(build_site(sys.argv[3], out))
        except BaseException:
            data, result = traceback.format_exc().encode(), result + ".error"
        with open(result + ".part", "wb") as stream:
            stream.write(data)
        os.replace(result + ".part", result)
    """)

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "bundled"
        self.out = self.folder / "site"
        self.result = self.folder / "report.pickle"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.folder.mkdir(exist_ok=True)
        with (self.folder / "lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            started = self.folder / "pid"
            if started.exists():
                return
            log = (self.folder / "build.log").open("wb")
            self.process = subprocess.Popen(
                [sys.executable, "-c", self.SCRIPT, str(self.out), str(self.result), str(REPO)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                preexec_fn=_end_with_parent,
            )
            started.write_text(str(self.process.pid))

    def report(self, timeout: float = 1800) -> tuple[Path, BuildReport]:
        self.start()
        error = self.result.with_name(self.result.name + ".error")
        deadline = time.monotonic() + timeout
        pid = int((self.folder / "pid").read_text())
        while not self.result.exists():
            if error.exists():
                pytest.fail(f"building the bundled library failed:\n{error.read_text()}")
            if not _alive(pid) and not self.result.exists() and not error.exists():
                log = (self.folder / "build.log").read_text(errors="replace")
                pytest.fail(f"the bundled build (pid {pid}) ended without a result:\n{log[-4000:]}")
            assert time.monotonic() < deadline, "the bundled build took longer than 30 minutes"
            time.sleep(0.2)
        return self.out, pickle.loads(self.result.read_bytes())

    def finish(self) -> None:
        """Wait for a build this process started (another process may still need it)."""
        if self.process is not None:
            self.process.wait()


def _end_with_parent() -> None:
    """In the child: be stopped if the test process that started it ends (an interrupted run)."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.fixture(scope="session", autouse=True)
def _bundled_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BundledBuild]:
    build = BundledBuild(shared_folder(tmp_path_factory))
    if any("bundled" in getattr(item, "fixturenames", ()) for item in request.session.items):
        build.start()
    yield build
    build.finish()


@pytest.fixture(scope="session")
def bundled(_bundled_build: BundledBuild) -> tuple[Path, BuildReport]:
    """The library in this repository, built once for the whole run (site and PDFs)."""
    return _bundled_build.report()


def run(*args: str | Path) -> Result:
    """Run the ``worksheets`` command in-process and return its result."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need a whole built library (the bundled one or the stress cases) are slow; those
    that need the bundled one run last, so the rest run while it builds."""
    for item in items:
        if {"bundled", "stress"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: "bundled" in getattr(item, "fixturenames", ()))


# -- the browser -----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("WORKSHEETS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def until(check: Callable[[], bool], seconds: float = 20) -> None:
    """Poll from Python: the site's CSP (rightly) forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
