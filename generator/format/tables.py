"""Tables: named columns and rows to fill in, with small boxes for numbers in cells, labelled,
pre-filled or taller rows, and grids that fit a page."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .fields import Label, Model, Rows, Text, UniqueLabels, _whole, shown
from .section import Section


class Column(Model):
    """A table column with a hint of what goes in it, and small boxes for numbers in each cell."""

    name: Label
    """The column heading."""
    hint: Text | None = None
    """A short hint under the heading, e.g. "What went through my mind?"."""
    width: Annotated[int, _whole(1, 5), Field(ge=1, le=5)] = 1
    """Relative width, 1 to 5 (a column of 2 is twice as wide as a column of 1)."""
    boxes: Annotated[UniqueLabels, Field(min_length=1, max_length=3)] | None = None
    """Small labelled boxes for a number in every cell of the column, 1 to 3, e.g. `["%"]` for how
    much I believe it, or `[M, P]` for mastery and pleasure out of 10 (labels of 6 characters at most)."""
    boxes_under: bool = False
    """Put the boxes in a row under the writing space instead of beside it."""

    @field_validator("boxes", mode="after")
    @classmethod
    def _boxes_short(cls, boxes: list[str] | None) -> list[str] | None:
        for index, label in enumerate(boxes or []):
            if len(label) > 6:
                raise PydanticCustomError(
                    "box_label",
                    'a box\'s label is printed beside it: keep it to 6 characters, like "%" or "0-10"',
                    {"field": index},
                )
        return boxes


ColumnEntry = Annotated[
    Annotated[Label, Tag("heading")] | Annotated[Column, Tag("column")],
    Discriminator(lambda v: "column" if isinstance(v, dict | Column) else "heading"),
]
"""A column: its heading alone, or a mapping with `name`, `hint`, `width` and `boxes`."""

Cells = list[Text | None]
"""One entry per column: text printed as given, or nothing (`~`) for a cell left to fill in."""


class Row(Model):
    """A labelled row of a grid, when it needs more than its label: its own height or given cells."""

    label: Text
    """The label down the left side."""
    lines: Annotated[int, _whole(1, 8), Field(ge=1, le=8)] | None = None
    """How many handwritten lines this row holds, 1 to 8 (a taller "comments" row)."""
    cells: Cells | None = None
    """Pre-filled cells, one entry per column: text printed as given, or `~` to leave a cell to fill in."""


RowEntry = Annotated[
    Annotated[Text, Tag("label")] | Annotated[Row, Tag("row")],
    Discriminator(lambda v: "row" if isinstance(v, dict | Row) else "label"),
]
"""A row label, or a mapping with `label`, `lines` and `cells`."""

SMALL_CELLS = 12
"""Past this many columns the cells are small: a table may have up to 31 (a month of days), but then
its columns take no hint and a width of 1."""


class TableSection(Section):
    """A table with named columns and rows to fill in: a thought record, an activity schedule, a
    month of days. Cells can carry small boxes for numbers; rows can be labelled, given, or taller."""

    type: Literal["table"]
    """The kind of section: `table`."""
    columns: Annotated[list[ColumnEntry], Field(min_length=1, max_length=31)]
    """The columns, 1 to 31: a heading, or a mapping with `name`, `hint`, `width` and `boxes`.
    Past 12 columns the cells are small: no hints, and every width is 1."""
    rows: Rows | None = None
    """How many empty rows, 1 to 30 (default: 5, or none after `given` rows or `crisis_lines`;
    ignored when `row_labels` is given)."""
    row_labels: Annotated[list[RowEntry], Field(min_length=1, max_length=31)] | None = None
    """Labels down the left side, one per row: hours of the day, days of the week, questions. A
    row can be a mapping with `label`, `lines` (its own height) and `cells` (given text)."""
    label_header: Label | None = None
    """The heading above the row labels, e.g. "Time"."""
    label_width: Annotated[int, _whole(5, 50), Field(ge=5, le=50)] | None = None
    """The width of the row-label column, as a percentage of the table, 5 to 50 (default: by the
    longest label)."""
    row_lines: Annotated[int, _whole(1, 6), Field(ge=1, le=6)] | None = None
    """How many handwritten lines each row holds, 1 to 6 (default: 2, or 1 when rows are labelled)."""
    fit_page: bool = False
    """Size the rows so the whole table fits on one page (with its heading), e.g. a week of hourly
    rows on one landscape page. The table starts a new page when the rest of the page is too short."""
    given: Annotated[list[Cells], Field(min_length=1, max_length=30)] | None = None
    """Pre-filled rows printed as given before the empty rows, one entry per column (`~` leaves a
    cell to fill in), e.g. the crisis lines in a safety plan. Not a worked example: see `example`."""
    crisis_lines: bool = False
    """Print the library's `crisis_lines` (from `library.yaml`) first, as given rows: the name in
    the first column, how to reach them in the second. Needs two columns or more."""
    example: list[Text] | None = None
    """A worked example row, one entry per column, printed tinted before the empty rows."""
    practice_log: bool = False
    """True when each row is one practice (a thought record): the table is then the sheet's
    practice log, and the sheet needs no separate `log` section."""

    @property
    def column_list(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(name=c) for c in self.columns]

    @property
    def row_list(self) -> list[Row]:
        """The labelled rows, each as a :class:`Row`."""
        return [r if isinstance(r, Row) else Row(label=r) for r in self.row_labels or []]

    @property
    def empty_rows(self) -> int:
        """The rows to fill in after any given rows."""
        if self.rows is not None:
            return self.rows
        return 0 if self.given or self.crisis_lines else 5

    @property
    def row_count(self) -> int:
        return len(self.row_labels) if self.row_labels else self.empty_rows

    @property
    def has_boxes(self) -> bool:
        return any(c.boxes for c in self.column_list)

    @property
    def box_groups(self) -> list[tuple[list[str], list[str]]]:
        """(box labels, the columns that have them), for columns with boxes, in order."""
        groups: list[tuple[list[str], list[str]]] = []
        for column in self.column_list:
            if not column.boxes:
                continue
            if groups and groups[-1][0] == column.boxes:
                groups[-1][1].append(column.name)
            else:
                groups.append((column.boxes, [column.name]))
        return groups

    @model_validator(mode="after")
    def _example_fits(self) -> TableSection:
        want = len(self.columns)
        if self.example is not None and len(self.example) != want:
            raise PydanticCustomError(
                "example_columns",
                "the example row has {got} entries but the table has {want} columns",
                {"got": len(self.example), "want": want, "field": "example"},
            )
        for index, cells in enumerate(self.given or []):
            if len(cells) != want:
                raise PydanticCustomError(
                    "given_columns",
                    "this given row has {got} entries but the table has {want} columns (use ~ for a cell to fill in)",
                    {"got": len(cells), "want": want, "field": ["given", index]},
                )
        labels: list[str] = []
        for index, row in enumerate(self.row_list):
            if row.cells is not None and len(row.cells) != want:
                raise PydanticCustomError(
                    "given_columns",
                    "this row's cells have {got} entries but the table has {want} columns (use ~ for a cell to fill in)",
                    {"got": len(row.cells), "want": want, "field": ["row_labels", index, "cells"]},
                )
            if row.label in labels:
                raise PydanticCustomError(
                    "duplicate_item",
                    "{item} is listed twice",
                    {"item": shown(row.label), "field": ["row_labels", index]},
                )
            labels.append(row.label)
        if self.given is not None and self.row_labels is not None:
            raise PydanticCustomError(
                "given_labelled",
                "a labelled grid gives its cells row by row: use `cells` on a row of `row_labels` instead of `given`",
                {"field": "given"},
            )
        if self.crisis_lines and (want < 2 or self.row_labels is not None):
            raise PydanticCustomError(
                "crisis_columns",
                "the crisis lines need a table of two columns or more (who, how to reach them), without row labels",
                {"field": "crisis_lines"},
            )
        if want > SMALL_CELLS:
            for index, column in enumerate(self.column_list):
                if column.hint is not None or column.width != 1:
                    raise PydanticCustomError(
                        "small_cells",
                        "with {n} columns the cells are small: a column takes no `hint` and no `width` past {most} columns",
                        {
                            "n": want,
                            "most": SMALL_CELLS,
                            "field": ["columns", index, "hint" if column.hint else "width"],
                        },
                    )
                if column.boxes and len(column.boxes) > 1:
                    raise PydanticCustomError(
                        "small_cells",
                        "with {n} columns the cells are small: one box per cell at most",
                        {"n": want, "field": ["columns", index, "boxes"]},
                    )
        return self
