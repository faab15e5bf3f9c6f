"""worksheets serve: builds, serves on 127.0.0.1, rebuilds on change, keeps the last good site."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import VALID


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    (lib / "worksheets" / "worry-time.yaml").write_text(VALID)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0", "--no-pdf", "--library", str(lib)],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    assert first.startswith("Serving "), first
    base = first.split(" at ")[1].split(" ")[0].removesuffix("index.html")
    assert base.startswith("http://127.0.0.1:")
    wait_for(lambda: json.loads(get(base + "__build"))["version"] >= 1)
    yield lib, base, process
    process.terminate()
    process.wait(timeout=10)


def settled(base: str) -> int:
    """The build version once no rebuild has followed for a second (one save can be two events)."""
    version = json.loads(get(base + "__build"))["version"]
    while True:
        time.sleep(1.0)
        now = json.loads(get(base + "__build"))["version"]
        if now == version:
            return int(version)
        version = now


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(
    served: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    lib, base, _ = served
    page = base + "worksheets/worry-time.html"
    assert "<h1>Worry time</h1>" in get(page)
    assert 'src="../static/reload.js"' in get(page)
    (lib / "worksheets" / "worry-time.yaml").write_text(VALID.replace("Worry time", "Worry window"))
    wait_for(lambda: "<h1>Worry window</h1>" in get(page))
    version = settled(base)
    (lib / "worksheets" / "worry-time.yaml").write_text(
        VALID.replace("Worry time", "Broken") + "minutes: lots\n"
    )
    wait_for(lambda: json.loads(get(base + "__build"))["error"] is not None)
    state = json.loads(get(base + "__build"))
    assert state["error"].startswith("worksheets/worry-time.yaml:12:10: error: minutes:")
    assert state["version"] == version
    assert "<h1>Worry window</h1>" in get(page), "the last good site is still served"
