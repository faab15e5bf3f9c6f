"""Content quality, beyond validity: is every sheet readable, complete, reviewed and short enough?

Each finding is a located warning (``--strict`` makes them errors):
- client-facing text above the library's reading grade (Flesch-Kincaid; English text only);
- a missing evidence-based element: an if-then plan, a practice log, review questions,
  references, the therapist guide;
- a review date older than the library's review interval, or none at all;
- a rehearsal step longer than the library's word limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Problem
from .format.library import Library, load_library
from .format.model import Worksheet
from .format.sources import Document, Path_, dotted, parse

GRADED_FROM_WORDS = 12
"""Shorter texts (a heading, a checklist item) are too short for a reading grade to mean anything."""
CLIENT_KEYS = ("intro", "text", "example", "question", "ask", "do", "hint", "caption")
CLIENT_LISTS = ("items", "questions")


def client_texts(sheet: Worksheet) -> Iterator[tuple[Path_, str]]:
    """Every text the client reads, with where it is written."""
    yield ("summary",), sheet.summary
    yield ("purpose",), sheet.purpose
    for index, step in enumerate(sheet.rehearsal):
        yield ("rehearsal", index), step
    for index, section in enumerate(sheet.sections):
        yield from _texts(("sections", index), section.model_dump())


def _texts(path: Path_, data: Any) -> Iterator[tuple[Path_, str]]:
    """The client's texts in a section, at any depth (a tree's questions, a card's text)."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _texts((*path, index), item)
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key in CLIENT_KEYS and isinstance(value, str):
            yield (*path, key), value
        elif key in CLIENT_LISTS and isinstance(value, list):
            for item_index, item in enumerate(value):
                if isinstance(item, str):
                    yield (*path, key, item_index), item
        elif key == "plan" and isinstance(value, str) and path[-2:-1] == ("common",):
            yield (*path, key), value
        elif isinstance(value, dict | list):
            yield from _texts((*path, key), value)


def reading_grade(text: str) -> float:
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def lint_sheet(sheet: Worksheet, doc: Document, lib: Library, today: dt.date) -> list[Problem]:
    rules = lib.settings.lint
    found: list[Problem] = []

    def warn(path: Path_, message: str, key: bool = False) -> None:
        problem = doc.problem(path, message, key=key)
        found.append(Problem(problem.file, problem.line, problem.column, problem.message, "warning"))

    if sheet.language.split("-")[0].lower() == "en":
        for path, text in client_texts(sheet):
            if len(text.split()) >= GRADED_FROM_WORDS:
                grade = reading_grade(text)
                if grade > rules.reading_grade:
                    where = dotted(path)
                    warn(
                        path,
                        f"{where}: reads at grade {grade:.1f}, above the library's {rules.reading_grade}; "
                        "use shorter sentences and everyday words",
                    )
    for index, step in enumerate(sheet.rehearsal):
        words = len(step.split())
        if words > rules.step_words:
            warn(
                ("rehearsal", index),
                f"rehearsal[{index}]: {words} words, more than {rules.step_words}; split it into two steps",
            )
    kinds = {section.type for section in sheet.sections} | ({"log"} if sheet.has_log else set())
    for kind, what in (
        ("plan", "an if-then plan"),
        ("log", "a practice log"),
        ("review", "review questions"),
    ):
        if kind not in kinds:
            warn(("sections",), f"sections: no {kind} section: add {what} (type: {kind})", key=True)
    if not sheet.references:
        warn((), "references: none; cite the published sources the worksheet is grounded in")
    if sheet.guide is None:
        warn((), "guide: no therapist guide; add how to introduce, rehearse and review it")
    if sheet.reviewed is None:
        warn((), "reviewed: no review date; add the date the content was last reviewed")
    else:
        limit = (
            today.replace(year=today.year - rules.review_years)
            if not (today.month == 2 and today.day == 29)
            else today - dt.timedelta(days=365 * rules.review_years)
        )
        if sheet.reviewed < limit:
            warn(
                ("reviewed",),
                f"reviewed: {sheet.reviewed.isoformat()} is more than {rules.review_years} years ago; "
                "review the content and update the date",
            )
    return found


def settings_problems(lib: Library) -> list[Problem]:
    """What the library's settings lack that every sheet needs: its own crisis line."""
    if lib.settings.support:
        return []
    path = lib.root / "library.yaml"
    message = (
        "support: no crisis line is set, so every sheet prints a general sentence; add the line your "
        'clients should call (e.g. support: "In a crisis, call ... or go to ...")'
    )
    if path.is_file():
        doc = parse(path.read_bytes(), "library.yaml")
        problem = doc.problem((), message)
        return [Problem(problem.file, problem.line, problem.column, message, "warning")]
    return [Problem("library.yaml", 1, 1, message, "warning")]


def lint_library(root: Path | str = ".", today: dt.date | None = None) -> list[Problem]:
    """Lint every worksheet of a valid library (load errors are raised as usual)."""
    lib = load_library(root)
    today = today or dt.date.today()
    problems: list[Problem] = settings_problems(lib)
    for sheet in lib.worksheets.values():
        doc = parse((lib.root / sheet.file).read_bytes(), sheet.file)
        problems += lint_sheet(sheet, doc, lib, today)
    for language, sheets in lib.translations.items():
        for sheet in sheets.values():
            doc = parse((lib.root / sheet.file).read_bytes(), sheet.file)
            problems += lint_translation(sheet, lib.worksheets[sheet.id], doc, lib, language)
    return sorted(problems)


SHOWN_PATHS = 5
"""How many untranslated texts a warning names."""


def lint_translation(
    sheet: Worksheet, source: Worksheet, doc: Document, lib: Library, language: str
) -> list[Problem]:
    """A translation that leaves text in the source language, is older than its source, or is in a
    language the library does not publish."""
    found: list[Problem] = []

    def warn(path: Path_, message: str) -> None:
        problem = doc.problem(path, message)
        found.append(Problem(problem.file, problem.line, problem.column, message, "warning"))

    details = sheet.translation
    missing = details.untranslated
    if missing:
        names = ", ".join(dotted(path) for path in missing[:SHOWN_PATHS])
        more = f" and {len(missing) - SHOWN_PATHS} more" if len(missing) > SHOWN_PATHS else ""
        warn(
            (),
            f"{len(missing)} text{'s' if len(missing) != 1 else ''} not translated, shown in "
            f"'{source.language}' instead: {names}{more}",
        )
    if details.info.source_version != source.version:
        warn(
            ("translation", "source_version"),
            f"translation.source_version: made from version {details.info.source_version}, but "
            f"{source.file} is now version {source.version}; bring the translation up to date and "
            "change source_version",
        )
    if language not in lib.settings.languages:
        warn(
            ("translation", "language"),
            f"translation.language: '{language}' is not one of the library's languages, so this "
            f"translation is not published; add it to `languages` in library.yaml",
        )
    return found
