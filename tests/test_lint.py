"""worksheets lint: located warnings for reading grade, missing elements, old reviews, long steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.lint import lint_library

from conftest import REPO, VALID, run

HARD = (
    "Cognitive restructuring systematically operationalises metacognitive appraisal processes, "
    "facilitating comprehensive reconceptualisation of dysfunctional interpretative schemata."
)
LONG_STEP = "Write down " + " ".join(["every"] * 25) + " thing."


def library(tmp_path: Path, sheet: str, settings: str = "") -> Path:
    (tmp_path / "worksheets").mkdir(parents=True)
    (tmp_path / "worksheets" / "w.yaml").write_text(sheet)
    if settings:
        (tmp_path / "library.yaml").write_text(settings)
    return tmp_path


def test_every_kind_of_warning_is_located(tmp_path: Path) -> None:
    sheet = VALID.replace("Worry feels urgent.", HARD).replace(
        "  - Pick a time and a place for worry time.", f"  - {LONG_STEP}"
    )
    lib = library(tmp_path, sheet + "reviewed: 2020-01-15\n")
    result = run("lint", "--library", lib)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "library.yaml:1:1: warning: support: no crisis line is set, so every sheet prints a general sentence; "
        'add the line your clients should call (e.g. support: "In a crisis, call ... or go to ...")',
        "worksheets/w.yaml:1:1: warning: guide: no therapist guide; add how to introduce, rehearse and review it",
        "worksheets/w.yaml:1:1: warning: references: none; cite the published sources the worksheet is grounded in",
        "worksheets/w.yaml:3:10: warning: purpose: reads at grade 19.0, above the library's 8; use shorter sentences and everyday words",
        "worksheets/w.yaml:6:5: warning: rehearsal[0]: 28 words, more than 20; split it into two steps",
        "worksheets/w.yaml:6:5: warning: rehearsal[0]: reads at grade 17.8, above the library's 8; use shorter sentences and everyday words",
        "worksheets/w.yaml:8:1: warning: sections: no plan section: add an if-then plan (type: plan)",
        "worksheets/w.yaml:8:1: warning: sections: no review section: add review questions (type: review)",
        "worksheets/w.yaml:12:11: warning: reviewed: 2020-01-15 is more than 2 years ago; review the content and update the date",
    ]
    assert result.stdout == "Linted the library: 9 warnings.\n"


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    lib = library(tmp_path, VALID)
    result = run("lint", "--strict", "--library", lib)
    assert result.exit_code == 1
    assert "worksheets/w.yaml:1:1: error: reviewed: no review date" in result.stderr
    assert result.stderr.splitlines()[-1] == "6 errors in 2 files"


def test_the_library_sets_the_rules(tmp_path: Path) -> None:
    sheet = VALID.replace("Worry feels urgent.", HARD).replace(
        "  - Pick a time and a place for worry time.", f"  - {LONG_STEP}"
    )
    lib = library(tmp_path, sheet, "lint:\n  reading_grade: 20\n  step_words: 30\n  review_years: 10\n")
    messages = [p.message for p in lint_library(lib, today=dt.date(2026, 11, 26))]
    assert not any("reads at grade" in m or "words, more than" in m for m in messages)


def test_the_bundled_library_passes_strict_lint() -> None:
    result = run("lint", "--strict", "--library", REPO)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Linted the library: no warnings.\n"


def test_a_record_with_one_row_per_practice_is_the_log(tmp_path: Path) -> None:
    without_log = VALID.replace("  - type: log\n", "  - type: table\n    columns: [Worry, What I did]\n")
    messages = [p.message for p in lint_library(library(tmp_path / "a", without_log))]
    assert any("no log section" in m for m in messages)
    record = without_log.replace(
        "columns: [Worry, What I did]\n", "columns: [Worry, What I did]\n    practice_log: true\n"
    )
    messages = [p.message for p in lint_library(library(tmp_path / "b", record))]
    assert not any("no log section" in m for m in messages), messages
