"""Assignments: one client's homework, agreed in session. Validated with located errors, like
worksheets, and checked against the library (worksheet ids, section names, dates).

An assignment names a client, so it is never part of a library build: ``build`` does not read it,
and nothing of it is written anywhere but the PDF the therapist asks for.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..errors import Problem
from .fields import Date, Language, Model, Slug, Text, _whole
from .model import Obstacle, PlanDetails, Worksheet
from .sources import Document

Rating10 = Annotated[int, _whole(0, 10), Field(ge=0, le=10)]


class Adjust(Model):
    """Changes to one named section of a worksheet, for this client."""

    include: bool = True
    """False leaves the section out (only sections the worksheet marks `optional`)."""
    rows: Annotated[int, _whole(1, 30), Field(ge=1, le=30)] | None = None
    """Rows of a table (or empty rows of an obstacles table)."""
    lines: Annotated[int, _whole(1, 40), Field(ge=1, le=40)] | None = None
    """Ruled lines of a lines section."""
    entries: Annotated[int, _whole(1, 31), Field(ge=1, le=31)] | None = None
    """Rows of a practice log."""
    steps: Annotated[int, _whole(3, 20), Field(ge=3, le=20)] | None = None
    """Rungs of a ladder."""


class Assignment(Model):
    """One client's homework: which worksheet(s), the goal, the plan and what might get in the way."""

    worksheet: Slug | None = None
    """The id of the worksheet to give (or use `worksheets` for a packet)."""
    worksheets: Annotated[list[Slug], Field(min_length=1, max_length=10)] | None = None
    """The ids of the worksheets in a packet, in order."""
    client: Annotated[Text, Field(max_length=80)]
    """The client's name as it should appear on the sheet: a first name or initials are enough."""
    therapist: Annotated[Text, Field(max_length=80)] | None = None
    """The therapist's name."""
    contact: Text | None = None
    """How to reach the therapist between sessions (printed on a packet's cover)."""
    assigned: Date | None = None
    """The date it was agreed, YYYY-MM-DD."""
    review_on: Date | None = None
    """The date of the session where it will be reviewed."""
    goal: Text | None = None
    """The client's goal this practice serves, in their words."""
    plan: PlanDetails | None = None
    """The if-then plan agreed in session: situation, action, when, where, how often, how long."""
    obstacles: Annotated[list[Obstacle], Field(max_length=8)] = []
    """What might get in the way, each with the plan agreed for it."""
    rehearsed: Annotated[list[Text], Field(max_length=20)] = []
    """What was rehearsed together today."""
    readiness: Rating10 | None = None
    """How ready the client felt to do it, 0 to 10."""
    confidence: Rating10 | None = None
    """How sure the client felt that they could do it, 0 to 10."""
    days: Annotated[int, _whole(1, 31), Field(ge=1, le=31)] | None = None
    """How many days or practices the log has room for."""
    paper: Literal["a4", "letter"] | None = None
    """Paper size (default: the library's first)."""
    fillable: bool = False
    """Make a fillable PDF to type into, instead of one to print."""
    large_print: bool = False
    """Large print: 16 pt text and more room to write."""
    therapist_notes: bool = False
    """Add the therapist's notes (guide, rehearsal script, sources) after each worksheet: a copy
    for the therapist, not the client."""
    language: Language | None = None
    """The language of the sheet: its translation into this language where the library has one
    (`worksheets/ID.es.yaml`), and the interface in it (default: each worksheet's own)."""
    sections: dict[Slug, dict[Slug, Adjust]] = {}
    """Per worksheet id, per section name: changes for this client, e.g. `{thought-record: {record: {rows: 3}}}`."""

    @model_validator(mode="after")
    def _one_way_to_name_worksheets(self) -> Assignment:
        if (self.worksheet is None) == (self.worksheets is None):
            raise PydanticCustomError(
                "worksheet_or_worksheets",
                "name the worksheet with 'worksheet: ID', or a packet with 'worksheets: [ID, ...]' (one of the two)",
            )
        if self.assigned and self.review_on and self.review_on < self.assigned:
            raise PydanticCustomError(
                "review_before_assigned",
                "the review date {review} is before the date it was assigned ({assigned})",
                {
                    "review": self.review_on.isoformat(),
                    "assigned": self.assigned.isoformat(),
                    "field": "review_on",
                },
            )
        return self

    @property
    def ids(self) -> list[str]:
        return self.worksheets or ([self.worksheet] if self.worksheet else [])


def check_against(
    assignment: Assignment, doc: Document, sheets: dict[str, Worksheet], known: list[str], today: dt.date
) -> list[Problem]:
    """Problems that need the library: unknown ids (with the closest), unknown or non-optional
    sections; and a warning for a review date already past."""
    problems = []
    key = "worksheets" if assignment.worksheets else "worksheet"
    for index, ident in enumerate(assignment.ids):
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=3, cutoff=0.5)
            hint = (
                f"; did you mean {', '.join(repr(c) for c in close)}?"
                if close
                else "; 'worksheets list' shows them all"
            )
            path: tuple[str | int, ...] = (key, index) if assignment.worksheets else (key,)
            problems.append(doc.problem(path, f"{key}: there is no worksheet '{ident}'{hint}"))
    for ident, adjustments in assignment.sections.items():
        if ident not in assignment.ids:
            problems.append(
                doc.problem(
                    ("sections", ident),
                    f"sections.{ident}: this assignment does not give '{ident}'",
                    key=True,
                )
            )
            continue
        sheet = sheets.get(ident)
        if sheet is None:
            continue
        named = {s.name: s for s in sheet.sections if s.name}
        for name, adjust in adjustments.items():
            where = ("sections", ident, name)
            if name not in named:
                names = ", ".join(sorted(named)) or "none"
                problems.append(
                    doc.problem(
                        where,
                        f"sections.{ident}.{name}: '{ident}' has no section named '{name}' (its named sections: {names})",
                        key=True,
                    )
                )
            elif not adjust.include and not named[name].optional:
                problems.append(
                    doc.problem(
                        (*where, "include"),
                        f"sections.{ident}.{name}.include: this section is not optional in '{ident}'",
                    )
                )
    if assignment.review_on and assignment.review_on < today:
        mark = doc.mark(("review_on",))
        problems.append(
            Problem(
                doc.file,
                mark.line,
                mark.column,
                f"review_on: {assignment.review_on.isoformat()} is in the past",
                "warning",
            )
        )
    return problems
