"""Shared fixtures: scratch libraries in tmp_path and a way to run the command line."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.build import BuildReport, build_site
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


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The library in this repository, built once for the whole session (site and PDFs)."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    return out, build_site(REPO, out)


def run(*args: str | Path) -> Result:
    """Run the ``worksheets`` command in-process and return its result."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need a whole built library (the bundled one or the stress cases) are slow."""
    for item in items:
        if {"bundled", "stress"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
