"""Fast rebuilds: a no-op rebuild does nothing, one edit re-renders only that sheet's PDFs, a
template re-renders only the sheets that use it, --clean renders everything; WeasyPrint is never
imported by check, list or --help."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_site
from generator.errors import ContentError
from generator.format.known import CACHE_FILE
from generator.format.library import load_library

from conftest import REPO, VALID, run

pytestmark = pytest.mark.slow


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "worksheets").mkdir()
    for ident in ("paced-breathing", "worry-time"):
        (tmp_path / "worksheets" / f"{ident}.yaml").write_bytes(
            (REPO / "worksheets" / f"{ident}.yaml").read_bytes()
        )
    (tmp_path / "library.yaml").write_text("papers: [a4]\n")
    return tmp_path


def test_rebuilds_do_only_what_changed(library: Path) -> None:
    first = build_site(library, jobs=2)
    assert (first.pdfs, first.rendered) == (6, 6)
    before = (library / "site" / "pdf" / "worry-time-a4.pdf").read_bytes()

    again = run("build", "--library", library)
    assert again.exit_code == 0 and again.stdout.startswith("Nothing changed since the last build")

    sheet = library / "worksheets" / "worry-time.yaml"
    sheet.write_text(sheet.read_text().replace("title: Worry time", "title: Worry window"))
    edit = build_site(library)
    assert (edit.pdfs, edit.rendered) == (6, 3), "only the edited sheet's printable, fillable and notes PDFs"
    assert (library / "site" / "pdf" / "worry-time-a4.pdf").read_bytes() != before
    assert "Worry window" in (library / "site" / "library.html").read_text(), "the pages that list it"

    override = library / "templates" / "print" / "sections" / "agreement.html"  # only paced-breathing has one
    override.parent.mkdir(parents=True)
    override.write_text("<section><h2>We agreed</h2></section>\n")
    template = build_site(library)
    assert template.rendered == 2, "only the sheet that uses the changed template (not its notes)"

    clean = build_site(library, clean=True)
    assert clean.rendered == 6


def test_the_cache_serves_a_build_named_from_anywhere(library: Path) -> None:
    """The library named by an absolute path, then as "." from inside it, into another folder:
    the second build renders nothing (the tests build the bundled library one way, CI the other)."""
    first = build_site(library.resolve(), library / "one", jobs=1)
    assert first.rendered == 6
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", "two"],
        cwd=library,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 rendered, 6 unchanged;" in result.stdout, result.stdout


def test_the_cache_survives_and_is_trimmed(library: Path) -> None:
    build_site(library)
    cache = library / ".worksheets-cache" / "pdf"
    entries = {p.name.split(".")[0].split("-")[0] for p in cache.iterdir()}
    assert len(entries) == 6
    sheet = library / "worksheets" / "worry-time.yaml"
    sheet.write_text(sheet.read_text().replace("title: Worry time", "title: Worry window"))
    build_site(library)
    assert len({p.name.split(".")[0].split("-")[0] for p in cache.iterdir()}) == 6, "old entries are removed"
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "no half-written files"


def test_print_html_writes_what_weasyprint_reads(library: Path) -> None:
    build_site(library, print_html=True, pdf=True)
    html = (library / "site" / "pdf" / "worry-time-a4.html").read_text()
    assert html.startswith("<!doctype html>") and "Worry time" in html


def test_check_list_and_help_never_import_weasyprint(library: Path) -> None:
    for args in (["check"], ["list"], ["--help"], ["build", "--help"]):
        code = (
            "import sys; from generator.cli import main\n"
            "try:\n    main([*sys.argv[1:]], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print('weasyprint' in sys.modules)"
        )
        extra = ["--library", str(library)] if args[0] in ("check", "list") else []
        result = subprocess.run(
            [sys.executable, "-c", code, *args, *extra], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip().splitlines()[-1] == "False", args


def test_a_build_with_nothing_to_do_answers_before_loading_the_models(library: Path) -> None:
    """A no-op build compares fingerprints only: no models, templates or renderer are imported."""
    (library / "worksheets" / "worry-time.yaml").write_text(VALID, "utf-8")
    assert run("build", "--library", library, "--no-pdf").exit_code == 0
    code = (
        "import sys; from generator.cli import main\n"
        "main([*sys.argv[1:]], standalone_mode=False)\n"
        "print(sorted(m for m in ('generator.format.model', 'jinja2', 'weasyprint') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "build", "--no-pdf", "--library", str(library)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == [
        f"Nothing changed since the last build of {(library / 'site').as_posix()}.",
        "[]",
    ]


def test_a_load_reuses_the_worksheets_it_found_valid_and_trusts_nothing_else(tmp_path: Path) -> None:
    """The second load of an unchanged library gives the same worksheets from the known ones; an
    edit, a mistake, a damaged or a doctored cache each give what reading the YAML gives."""
    library = tmp_path / "lib"
    shutil.copytree(REPO / "worksheets", library / "worksheets")
    shutil.copyfile(REPO / "library.yaml", library / "library.yaml")
    fresh = load_library(library, known=False)
    assert not (library / CACHE_FILE).exists(), "known=False neither reads nor writes"
    first = load_library(library)
    stored = json.loads((library / CACHE_FILE).read_text())
    assert len(stored["sheets"]) == len(fresh.worksheets)
    again = load_library(library)
    assert again.worksheets == first.worksheets == fresh.worksheets
    marked = json.loads((library / CACHE_FILE).read_text())
    for data in marked["sheets"].values():
        data["title"] = "Read from the known worksheets"
    (library / CACHE_FILE).write_text(json.dumps(marked))
    assert {s.title for s in load_library(library).worksheets.values()} == {"Read from the known worksheets"}
    load_library(library, known=False)
    (library / CACHE_FILE).unlink()
    load_library(library)
    assert [s.file for s in again.worksheets.values()] == [s.file for s in fresh.worksheets.values()]

    sheet = library / "worksheets" / "worry-time.yaml"
    sheet.write_text(sheet.read_text().replace("title: Worry time", "title: Worry window"))
    assert load_library(library).worksheets["worry-time"].title == "Worry window"
    sheet.write_text(sheet.read_text().replace("title: Worry window", "title: [unclosed"))
    with pytest.raises(ContentError) as found:
        load_library(library)
    assert found.value.problems[0].file == "worksheets/worry-time.yaml"

    sheet.write_text((REPO / "worksheets" / "worry-time.yaml").read_text())
    doctored = json.loads((library / CACHE_FILE).read_text())
    for data in doctored["sheets"].values():
        data["sections"] = "not a list"  # what no worksheet file could hold
    (library / CACHE_FILE).write_text(json.dumps(doctored))
    assert load_library(library).worksheets == fresh.worksheets
    (library / CACHE_FILE).write_bytes(b"\xff{ not json")
    assert load_library(library).worksheets == fresh.worksheets
