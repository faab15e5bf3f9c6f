"""One exception hierarchy for everything the tool reports to a person.

Every content problem carries its place (file, line, column) and, where it has one, the path of the
field inside the file. The command line catches :class:`WorksheetsError` and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a content file."""

    file: str
    """The file as the author knows it: relative to the library when it lies inside it."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    message: str
    """What is wrong, in words a content author understands, with a hint where one exists."""
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


class WorksheetsError(click.ClickException):
    """Base of every error the tool reports; the CLI turns it into a message and exit code 1."""

    exit_code = 1


class ContentError(WorksheetsError):
    """One or more located problems in worksheets, settings or assignments."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        errors = sum(1 for p in self.problems if p.severity == "error")
        files = len({p.file for p in self.problems})
        noun = "error" if errors == 1 else "errors"
        where = "file" if files == 1 else "files"
        super().__init__(f"{errors} {noun} in {files} {where}")

    def format_message(self) -> str:
        return "\n".join([*map(str, self.problems), self.message])

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)


class UsageProblem(WorksheetsError):
    """A command was asked for something it cannot do (a missing folder, an existing file)."""
