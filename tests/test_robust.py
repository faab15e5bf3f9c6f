"""Interrupted, concurrent and repeated builds: kill -9 at any moment leaves the previous site and the
cache usable; two builds at once are serialised, never mixed; different time zones, folders and
times give byte-identical trees."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow
SHEETS = ("paced-breathing", "worry-time", "sleep-diary")


def make_library(root: Path) -> Path:
    (root / "worksheets").mkdir(parents=True)
    for ident in SHEETS:
        shutil.copyfile(REPO / "worksheets" / f"{ident}.yaml", root / "worksheets" / f"{ident}.yaml")
    (root / "library.yaml").write_text("papers: [a4]\nbase_url: https://clinic.example/\n")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def build(lib: Path, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--library", str(lib), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,  # type: ignore[call-overload]
    )


def test_kill_9_at_any_moment_leaves_a_whole_site_and_a_usable_cache(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib")
    assert build(lib).wait() == 0
    old = tree(lib / "site")
    sheet = lib / "worksheets" / "worry-time.yaml"
    sheet.write_text(sheet.read_text().replace("title: Worry time", "title: Worry window"))
    reference = tmp_path / "reference"
    assert build(lib, "--clean", "--out", str(reference)).wait() == 0
    new = tree(reference)
    outcomes = set()
    for delay in (0.2, 0.5, 0.9, 1.4, 2.0, 2.8, 3.6):
        process = build(lib, "--clean")
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = tree(lib / "site")
        assert now in (old, new), f"killed after {delay} s: a mixed site"
        outcomes.add("old" if now == old else "new")
        if now == new:
            break  # it finished before the kill; longer waits would too
    assert "old" in outcomes
    final = build(lib)
    assert final.wait() == 0, final.stderr.read() if final.stderr else ""
    assert tree(lib / "site") == new, "after the kills the cache still gives the right site"
    leftovers = [p.name for p in lib.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]
    assert leftovers == []


def test_two_builds_at_once_are_serialised(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib")
    first = build(lib, "--clean")
    lock = lib / ".site.lock"
    deadline = time.monotonic() + 30
    while True:  # wait until the first build holds the lock
        assert time.monotonic() < deadline
        if lock.exists():
            with lock.open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    break
        time.sleep(0.05)
    second = build(lib, "--clean", "--no-pdf")
    _, second_err = second.communicate(timeout=300)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert f"Another build of {(lib / 'site').as_posix()} is running; waiting for it to finish." in second_err
    site = tree(lib / "site")
    assert not any(name.startswith("pdf/") for name in site), (
        "the second build (no PDFs) replaced the first whole"
    )
    reference = tmp_path / "reference"
    assert build(lib, "--clean", "--no-pdf", "--out", str(reference)).wait() == 0
    assert site == tree(reference)


def test_time_zones_folders_and_times_do_not_change_the_output(tmp_path: Path) -> None:
    one = make_library(tmp_path / "one" / "lib")
    two = make_library(tmp_path / "somewhere" / "else" / "lib")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    first = build(one, cwd=tmp_path, env={**env, "TZ": "UTC", "LC_ALL": "C.UTF-8"})
    assert first.wait() == 0
    time.sleep(1.1)  # a later clock time
    second = build(two, cwd=two / "worksheets", env={**env, "TZ": "Pacific/Auckland", "LANG": "de_DE.UTF-8"})
    assert second.wait() == 0
    a, b = tree(one / "site"), tree(two / "site")
    assert sorted(a) == sorted(b) and len(a) > 30
    assert [name for name in a if a[name] != b[name]] == []
