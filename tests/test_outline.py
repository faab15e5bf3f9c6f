"""The site read the strictest ways: every page through the W3C Nu HTML Checker with zero errors,
and a heading outline a screen-reader user can move through (one h1, no level skipped), on the
bundled build. A deliberately broken heading fails both checks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import BuildReport

from conftest import REPO, run

VNU = REPO / "tests" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[tuple[int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append((int(tag[1]), self.getpos()[0]))


def outline_problems(site: Path) -> list[str]:
    """Every page with no h1 or more than one, and every heading that skips a level."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = Headings()
        parser.feed(page.read_text("utf-8"))
        name = page.relative_to(site).as_posix()
        ones = [line for level, line in parser.levels if level == 1]
        if len(ones) != 1:
            problems.append(f"{name}: {len(ones)} h1 headings; a page has exactly one")
        previous = 0
        for level, line in parser.levels:
            if level > previous + 1:
                problems.append(f"{name}:{line}: h{level} follows h{previous}, skipping a level")
            previous = level
    return problems


def nu_errors(site: Path) -> list[str]:
    """The Nu HTML Checker's errors on every page, as page:line: message."""
    if not shutil.which("java") or not VNU.is_file():
        message = "the Nu HTML Checker needs Java and 'npm ci --prefix tests/node'"
        if os.environ.get("WORKSHEETS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--skip-non-html",
            str(site),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    prefix = site.resolve().as_uri().removeprefix("file://")
    return [
        f"{m.get('url', '').removeprefix('file:').removeprefix(prefix).lstrip('/')}:{m.get('lastLine', 0)}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_has_one_h1_and_never_skips_a_heading_level(bundled: tuple[Path, BuildReport]) -> None:
    assert outline_problems(bundled[0]) == []


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(bundled: tuple[Path, BuildReport]) -> None:
    site = bundled[0]
    assert len(list(site.rglob("*.html"))) > 200
    assert nu_errors(site) == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled worksheets with a card template whose title skips from h1 to h3's child h4."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(REPO / "worksheets", root / "worksheets")
    shutil.copy(REPO / "library.yaml", root / "library.yaml")
    card = (REPO / "templates" / "site" / "card.html").read_text("utf-8")
    (root / "templates" / "site").mkdir(parents=True)
    (root / "templates" / "site" / "card.html").write_text(
        card.replace("<h3>", "<h4>").replace("</h3>", "</h4>"), "utf-8"
    )
    assert run("build", "--library", root, "--no-pdf").exit_code == 0
    return root / "site"


def test_a_broken_heading_fails_the_outline_check(broken: Path) -> None:
    problems = outline_problems(broken)
    assert any(p.startswith("library.html:") and "h4 follows h2" in p for p in problems), problems[:5]
    assert any(p.startswith("index.html:") and "h4 follows h2" in p for p in problems)


@pytest.mark.slow
def test_a_broken_heading_fails_the_nu_html_checker(broken: Path) -> None:
    errors = nu_errors(broken)
    assert any(e.startswith("library.html:") and "skipping 1 heading level" in e for e in errors), errors[:5]


def _home_cards(site: Path) -> list[str]:
    import re

    home = (site / "index.html").read_text("utf-8")
    start = home.split('id="start-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-id="([^"]+)"', start)


def test_the_home_page_shows_worksheets_one_per_common_problem(library: Path, write: object) -> None:
    from conftest import VALID

    for ident, problems in [
        ("a", "[anxiety]"),
        ("b", "[anxiety]"),
        ("c", "[anxiety, sleep]"),
        ("d", "[sleep]"),
        ("e", "[anger]"),
    ]:
        write(f"worksheets/{ident}.yaml", VALID + f"problems: {problems}\n")  # type: ignore[operator]
    assert run("build", "--library", library, "--no-pdf").exit_code == 0
    # anxiety (3 sheets) first, then sleep (2), then anger (1): each with its first sheet not shown yet.
    assert _home_cards(library / "site") == ["a", "c", "e"]


def test_the_library_chooses_what_the_home_page_shows(library: Path, write: object) -> None:
    from conftest import VALID

    for ident in ("a", "b", "c"):
        write(f"worksheets/{ident}.yaml", VALID)  # type: ignore[operator]
    write("library.yaml", "featured: [c, a]\n")  # type: ignore[operator]
    assert run("build", "--library", library, "--no-pdf").exit_code == 0
    assert _home_cards(library / "site") == ["c", "a"]
    write("library.yaml", "featured:\n  - c\n  - nope\n")  # type: ignore[operator]
    result = run("check", "--library", library)
    assert result.exit_code == 1
    assert (
        "library.yaml:3:5: error: featured[1]: there is no worksheet 'nope' in worksheets/" in result.output
    )
