"""Sections the tool draws: a graph to plot by hand, a space to draw in, and diagrams (a decision
tree, a cycle of linked boxes) laid out from the YAML, with writing space inside their boxes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from .fields import Label, Model, Text, UniqueLabels, _whole
from .section import Section

Height = Annotated[int, _whole(20, 200), Field(ge=20, le=200)]
"""A height in millimetres, 20 to 200."""
Write = Annotated[int, _whole(0, 6), Field(ge=0, le=6)]
"""Ruled lines for writing, 0 to 6."""


class XAxis(Model):
    """The axis along the bottom of a graph: what is counted, and its points."""

    label: Label
    """What runs along the axis, e.g. "Day" or "Minutes"."""
    points: Annotated[int, _whole(2, 31), Field(ge=2, le=31)] | None = None
    """How many points, numbered from `start`, 2 to 31 (or give `labels`)."""
    start: Annotated[int, _whole(0, 1000), Field(ge=0, le=1000)] = 1
    """The number of the first point when `points` is given."""
    every: Annotated[int, _whole(1, 100), Field(ge=1, le=100)] = 1
    """The distance between numbered points, e.g. 5 for minutes 0, 5, 10."""
    labels: Annotated[UniqueLabels, Field(min_length=2, max_length=31)] | None = None
    """A label for each point instead, e.g. `[Mon, Tue, Wed]` or `[Start, Peak, End]`."""

    @model_validator(mode="after")
    def _points_or_labels(self) -> XAxis:
        if (self.points is None) == (self.labels is None):
            raise PydanticCustomError(
                "axis_points",
                "give the axis either `points` (how many) or `labels` (one per point), not both or neither",
                {"field": "points" if self.points is not None else "labels"},
            )
        if self.labels is not None:
            for index, text in enumerate(self.labels):
                if len(text) > 12:
                    raise PydanticCustomError(
                        "axis_label",
                        "an axis label has {length} characters; keep it to 12 so it fits under its point",
                        {"length": len(text), "field": ["labels", index]},
                    )
        return self

    @property
    def names(self) -> list[str]:
        """The label under each point."""
        if self.labels is not None:
            return list(self.labels)
        assert self.points is not None
        return [str(self.start + i * self.every) for i in range(self.points)]


class YAxis(Model):
    """The axis up the side of a graph: what is rated, from `min` to `max`."""

    label: Label
    """What is rated, e.g. "Mood (0-10)"."""
    min: Annotated[int, _whole(0, 1000), Field(ge=0, le=1000)] = 0
    """The lowest value, at the bottom."""
    max: Annotated[int, _whole(1, 1000), Field(ge=1, le=1000)] = 10
    """The highest value, at the top."""
    step: Annotated[int, _whole(1, 500), Field(ge=1, le=500)] = 1
    """The distance between lines of the grid, e.g. 10 for 0-100."""
    anchors: dict[int, Label] | None = None
    """Words beside some values, e.g. `{0: Calm, 10: Worst ever}`."""

    @model_validator(mode="after")
    def _range(self) -> YAxis:
        if self.max <= self.min:
            raise PydanticCustomError(
                "axis_range",
                "max ({max}) must be more than min ({min})",
                {"max": self.max, "min": self.min, "field": "max"},
            )
        if (self.max - self.min) % self.step:
            raise PydanticCustomError(
                "axis_step",
                "the step ({step}) must divide the range from {min} to {max} evenly",
                {"step": self.step, "min": self.min, "max": self.max, "field": "step"},
            )
        if not 2 <= (self.max - self.min) // self.step <= 20:
            raise PydanticCustomError(
                "axis_lines",
                "the axis from {min} to {max} in steps of {step} has {n} squares; use 2 to 20",
                {
                    "min": self.min,
                    "max": self.max,
                    "step": self.step,
                    "n": (self.max - self.min) // self.step,
                    "field": "step",
                },
            )
        for value in self.anchors or {}:
            if not self.min <= value <= self.max or (value - self.min) % self.step:
                raise PydanticCustomError(
                    "axis_anchor",
                    "the anchor at {value} is not on a line of the grid from {min} to {max} in steps of {step}",
                    {"value": value, "min": self.min, "max": self.max, "step": self.step, "field": "anchors"},
                )
        return self

    @property
    def values(self) -> list[int]:
        """The value at each line of the grid, from the bottom."""
        return list(range(self.min, self.max + 1, self.step))


class GraphSection(Section):
    """A graph to fill in by hand: light squares over a labelled x and y axis, kept whole on one page.
    Under each point is a small box for the number, so the graph can be plotted from it later."""

    type: Literal["graph"]
    """The kind of section: `graph`."""
    x: XAxis
    """The axis along the bottom: `label` and `points` (or `labels`)."""
    y: YAxis
    """The axis up the side: `label`, `min`, `max`, `step` and optional `anchors`."""
    lines: Annotated[UniqueLabels, Field(min_length=1, max_length=3)] | None = None
    """What is plotted, when more than one thing is, e.g. `[Mood, Energy]`: a key shows a different
    line for each (solid, dashed, dotted) and each gets its own row of number boxes."""
    height: Height | None = None
    """The height of the grid in millimetres (default: squares, up to 90 mm)."""
    numbers: bool = True
    """A row of small boxes under the points for the numbers (one row per line plotted)."""


class DrawingSection(Section):
    """A blank space to draw in, optionally with a printed circle (a responsibility pie) or axes,
    and optionally a list beside it with a box for a number on each line (who or what played a part, %)."""

    type: Literal["drawing"]
    """The kind of section: `drawing`."""
    height: Height = 80
    """The height of the space in millimetres."""
    shape: Literal["none", "circle", "axes"] = "none"
    """What is printed in the space: nothing, a circle to divide, or two axes."""
    x_label: Label | None = None
    """With `shape: axes`: the label of the axis along the bottom."""
    y_label: Label | None = None
    """With `shape: axes`: the label of the axis up the side."""
    caption: Text | None = None
    """A line printed under the space, e.g. "Draw a slice for each part, sized by how much it played"."""
    list: Annotated[int, _whole(1, 12), Field(ge=1, le=12)] | None = None
    """Lines beside the space for a list, 1 to 12 (e.g. everyone and everything that played a part)."""
    list_heading: Label | None = None
    """The heading of the list, e.g. "Who or what played a part"."""
    list_box: Label | None = None
    """A small box at the end of each line of the list for a number, e.g. "%"."""

    @model_validator(mode="after")
    def _fits(self) -> DrawingSection:
        if (self.x_label or self.y_label) and self.shape != "axes":
            raise PydanticCustomError(
                "axis_labels",
                "axis labels need `shape: axes`",
                {"field": "x_label" if self.x_label else "y_label"},
            )
        if self.list is None and (self.list_heading or self.list_box):
            raise PydanticCustomError(
                "list_lines",
                "say how many lines the list has with `list`",
                {"field": "list_heading" if self.list_heading else "list_box"},
            )
        if self.list_box is not None and len(self.list_box) > 6:
            raise PydanticCustomError(
                "box_label",
                "a box's label is printed inside it: keep it to 6 characters",
                {"field": "list_box"},
            )
        return self


class Action(Model):
    """An end of a decision tree: what to do, with room to write."""

    do: Text
    """What to do, e.g. "Make a plan: what, when and how"."""
    write: Write = 0
    """Ruled lines inside the box for the client's own words."""


class Question(Model):
    """A question of a decision tree, with a branch for each answer."""

    ask: Text
    """The question, e.g. "Can I do something about it now?"."""
    yes: Node
    """Where "yes" leads: another question (`ask`) or an action (`do`)."""
    no: Node
    """Where "no" leads: another question (`ask`) or an action (`do`)."""
    write: Write = 0
    """Ruled lines inside the box, when the client answers in words too."""
    yes_label: Label = "Yes"
    """The word on the "yes" branch."""
    no_label: Label = "No"
    """The word on the "no" branch."""


def _node_kind(value: Any) -> str:
    if isinstance(value, Question) or (isinstance(value, dict) and "ask" in value):
        return "question"
    return "action"


Node = Annotated[
    Annotated[Question, Tag("question")] | Annotated[Action, Tag("action")],
    Discriminator(_node_kind),
]
"""A step of a decision tree: a question (`ask`, `yes`, `no`) or an action (`do`)."""
Question.model_rebuild()


class Start(Model):
    """The box a decision tree starts from, before its first question."""

    text: Text
    """What to do first, e.g. "Notice the worry. What am I worrying about?"."""
    write: Write = 2
    """Ruled lines inside the box."""


class CycleBox(Model):
    """One box of a cycle, with room to write."""

    label: Label
    """The box's heading, e.g. "Thoughts"."""
    hint: Text | None = None
    """A short question under the heading, e.g. "What went through my mind?"."""
    write: Write = 3
    """Ruled lines inside the box."""


CycleEntry = Annotated[
    Annotated[Label, Tag("label")] | Annotated[CycleBox, Tag("box")],
    Discriminator(lambda v: "box" if isinstance(v, dict | CycleBox) else "label"),
]


class DiagramSection(Section):
    """A diagram laid out by the tool: a decision tree (`tree`) of questions with yes and no branches
    that end in actions, or a cycle (`cycle`) of linked boxes with writing space inside each."""

    type: Literal["diagram"]
    """The kind of section: `diagram`."""
    kind: Literal["tree", "cycle"]
    """`tree` (a decision tree) or `cycle` (linked boxes)."""
    start: Start | None = None
    """A tree: a box before the first question, e.g. "What am I worrying about?" with lines."""
    tree: Question | None = None
    """A tree: the first question, with `ask`, `yes` and `no`; each branch is another question or an action (`do`)."""
    boxes: Annotated[list[CycleEntry], Field(min_length=3, max_length=6)] | None = None
    """A cycle: the boxes, 3 to 6, clockwise from the top: a heading, or a mapping with `label`, `hint` and `write`."""
    links: Literal["around", "all"] = "around"
    """A cycle: arrows from each box to the next (`around`), or between every pair (`all`: the
    four-part model, where each part affects every other)."""
    context: CycleBox | None = None
    """A cycle: a box across the top for the situation that set it off, with an arrow into the cycle."""
    context_into: Label | None = None
    """A cycle: the box the situation's arrow leads into, by its heading (default: the box or boxes
    at the top)."""

    @model_validator(mode="after")
    def _kind_fits(self) -> DiagramSection:
        tree_keys = [k for k in ("start", "tree") if getattr(self, k) is not None]
        cycle_keys = [k for k in ("boxes", "context") if getattr(self, k) is not None]
        if self.kind == "tree":
            if self.tree is None:
                raise PydanticCustomError(
                    "tree_missing",
                    "a tree needs `tree`: its first question, with `ask`, `yes` and `no`",
                    {"field": "kind"},
                )
            if cycle_keys:
                raise PydanticCustomError(
                    "tree_keys",
                    "`{key}` belongs to a cycle, not a tree",
                    {"key": cycle_keys[0], "field": cycle_keys[0]},
                )
            depth, ends = _shape(self.tree)
            if depth > 4:
                raise PydanticCustomError(
                    "tree_depth",
                    "the tree is {depth} questions deep; a page holds at most 4 (split it into two trees)",
                    {"depth": depth, "field": "tree"},
                )
            if ends > 6:
                raise PydanticCustomError(
                    "tree_ends",
                    "the tree has {ends} ends; a page holds at most 6 side by side",
                    {"ends": ends, "field": "tree"},
                )
        else:
            if self.boxes is None:
                raise PydanticCustomError(
                    "cycle_missing",
                    "a cycle needs `boxes`: 3 to 6 headings, clockwise from the top",
                    {"field": "kind"},
                )
            if tree_keys:
                raise PydanticCustomError(
                    "cycle_keys",
                    "`{key}` belongs to a tree, not a cycle",
                    {"key": tree_keys[0], "field": tree_keys[0]},
                )
            labels = [b.label for b in self.box_list]
            if self.context_into is not None and (self.context is None or self.context_into not in labels):
                raise PydanticCustomError(
                    "context_into",
                    "`context_into` names the box the situation leads into: one of {labels}, with a `context`",
                    {"labels": ", ".join(labels), "field": "context_into"},
                )
            for index, label in enumerate(labels):
                if label in labels[:index]:
                    raise PydanticCustomError(
                        "cycle_duplicate",
                        "another box is already called '{label}'; give each box its own heading",
                        {"label": label, "field": ["boxes", index]},
                    )
        return self

    @property
    def box_list(self) -> list[CycleBox]:
        return [b if isinstance(b, CycleBox) else CycleBox(label=b) for b in self.boxes or []]


def _shape(node: Question | Action) -> tuple[int, int]:
    """(questions deep, ends) of a tree."""
    if isinstance(node, Action):
        return 0, 1
    yes, no = _shape(node.yes), _shape(node.no)
    return 1 + max(yes[0], no[0]), yes[1] + no[1]
