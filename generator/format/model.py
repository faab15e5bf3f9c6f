"""The worksheet format, version 1: typed models whose docstrings are the format's reference.

A worksheet is a YAML file. ``title``, ``summary``, ``purpose`` and ``rehearsal`` come first: what it
is, why it helps, and the steps practised together in session. ``sections`` is the body, a list of
typed sections where the client writes. The rest is metadata for the library and the therapist.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .blocks import CardsSection, RecordSection
from .drawn import DiagramSection, DrawingSection, GraphSection
from .fields import (
    Date,
    Label,
    Language,
    Lines,
    Markdown,
    Minutes,
    Model,
    Rating,
    Text,
    UniqueLabels,
    UniqueTexts,
    Version,
    Year,
    _pattern,
    _whole,
)
from .section import Section
from .tables import TableSection

FORMAT = 1
"""The newest worksheet format this tool reads."""


class ProseSection(Section):
    """Explanation or a worked example, in Markdown; nothing to fill in."""

    type: Literal["prose"]
    """The kind of section: `prose`."""
    text: Markdown
    """The text."""
    example: bool = False
    """True for a worked example: it is set apart (tinted, in italics) from the client's writing."""


class LinesSection(Section):
    """Ruled lines for free writing."""

    type: Literal["lines"]
    """The kind of section: `lines`."""
    lines: Lines = 5
    """How many ruled lines, 1 to 40."""
    example: Text | None = None
    """An example answer, printed tinted above the lines."""


class LadderStep(Model):
    """One rung of an example ladder."""

    step: Text
    """The situation."""
    rating: Rating
    """Expected distress, 0 to 100."""


class LadderSection(Section):
    """A fear ladder: situations ranked from least to most distressing, each rated 0-100."""

    type: Literal["ladder"]
    """The kind of section: `ladder`."""
    steps: Annotated[int, _whole(3, 20), Field(ge=3, le=20)] = 10
    """How many rungs, 3 to 20."""
    rating: Label = "Distress (0-100)"
    """The heading of the rating column."""
    example: list[LadderStep] | None = None
    """A few example rungs, printed tinted."""


class ScaleSection(Section):
    """A rating scale with numbered ticks and labelled anchors."""

    type: Literal["scale"]
    """The kind of section: `scale`."""
    question: Text
    """What is rated, e.g. "How strong was the feeling?"."""
    min: Rating = 0
    """The lowest value."""
    max: Rating = 10
    """The highest value."""
    step: Annotated[int, _whole(1, 50), Field(ge=1, le=50)] = 1
    """The distance between numbered ticks (10 for a 0-100 scale)."""
    anchors: dict[int, Label]
    """Words at some values, at least at both ends, e.g. `{0: Not at all, 10: The most ever}`."""
    times: Annotated[UniqueLabels, Field(max_length=6)] | None = None
    """Rate more than once, e.g. `[Before, After]`: one scale per entry."""

    @model_validator(mode="after")
    def _anchors_fit(self) -> ScaleSection:
        if self.max <= self.min:
            raise PydanticCustomError(
                "scale_range",
                "max ({max}) must be more than min ({min})",
                {"max": self.max, "min": self.min, "field": "max"},
            )
        if (self.max - self.min) % self.step:
            raise PydanticCustomError(
                "scale_step",
                "the step ({step}) must divide the range from {min} to {max} evenly",
                {"step": self.step, "min": self.min, "max": self.max, "field": "step"},
            )
        if (self.max - self.min) // self.step > 20:
            raise PydanticCustomError(
                "scale_ticks",
                "{n} ticks are too many to print; use a step of at least {step}",
                {
                    "n": (self.max - self.min) // self.step + 1,
                    "step": -(-(self.max - self.min) // 20),
                    "field": "step",
                },
            )
        for value in self.anchors:
            if not self.min <= value <= self.max or (value - self.min) % self.step:
                raise PydanticCustomError(
                    "scale_anchor",
                    "the anchor at {value} is not one of the ticks from {min} to {max} in steps of {step}",
                    {"value": value, "min": self.min, "max": self.max, "step": self.step, "field": "anchors"},
                )
        if self.min not in self.anchors or self.max not in self.anchors:
            raise PydanticCustomError(
                "scale_ends",
                "label both ends of the scale: add anchors at {min} and {max}",
                {"min": self.min, "max": self.max, "field": "anchors"},
            )
        return self

    @property
    def ticks(self) -> list[int]:
        return list(range(self.min, self.max + 1, self.step))


class ChecklistSection(Section):
    """Items to tick."""

    type: Literal["checklist"]
    """The kind of section: `checklist`."""
    items: Annotated[UniqueTexts, Field(min_length=1, max_length=40)]
    """The items, 1 to 40."""
    blank: Annotated[int, _whole(0, 10), Field(ge=0, le=10)] = 0
    """Empty items the client can write their own into."""


class LogSection(Section):
    """A practice log: one row per day or per practice with date, done, quality 0-10 and a note."""

    type: Literal["log"]
    """The kind of section: `log`."""
    entries: Annotated[int, _whole(1, 31), Field(ge=1, le=31)] = 7
    """How many rows, 1 to 31."""
    per: Literal["day", "practice"] = "day"
    """One row per day, or one row per practice."""
    extra: Annotated[UniqueLabels, Field(max_length=4)] | None = None
    """Extra columns before the note, e.g. `[Distress before, Distress after]`."""
    quality: bool = True
    """A column to rate how well the practice went, 0 to 10."""
    therapist_rating: bool = True
    """Room for the therapist's rating of the practice at review."""


class PlanDetails(Model):
    """An if-then plan: the situation, the action, and when, where, how often, how long."""

    situation: Text | None = None
    """If ... (the cue), e.g. "I have finished breakfast"."""
    action: Text | None = None
    """then I will ... (the action), e.g. "do ten minutes of breathing practice"."""
    when: Text | None = None
    """When: a time of day or a moment."""
    where: Text | None = None
    """Where."""
    how_often: Text | None = None
    """How often, e.g. "every day"."""
    how_long: Text | None = None
    """How long, e.g. "10 minutes"."""


class PlanSection(Section):
    """An if-then plan the client and therapist fill in together."""

    type: Literal["plan"]
    """The kind of section: `plan`."""
    example: PlanDetails | None = None
    """A worked example, printed tinted."""


class Obstacle(Model):
    """Something that may get in the way, and the plan for it."""

    obstacle: Text
    """What might get in the way."""
    plan: Text
    """What I will do if it does."""


class ObstaclesSection(Section):
    """Obstacles with a coping plan for each."""

    type: Literal["obstacles"]
    """The kind of section: `obstacles`."""
    common: Annotated[list[Obstacle], Field(max_length=10)] | None = None
    """Common obstacles with plans, printed filled in for the client to read."""
    rows: Annotated[int, _whole(0, 10), Field(ge=0, le=10)] = 3
    """Empty rows for the client's own obstacles."""


class ReadinessSection(Section):
    """Readiness and confidence ratings (0-10), so the task can be made smaller if they are low."""

    type: Literal["readiness"]
    """The kind of section: `readiness`."""
    questions: Annotated[UniqueTexts, Field(min_length=1, max_length=4)] | None = None
    """The questions; by default "How ready am I to do this?" and "How sure am I that I can do it?"."""
    threshold: Annotated[int, _whole(1, 10), Field(ge=1, le=10)] = 7
    """Below this, the sheet suggests making the task smaller together."""
    if_low: Text | None = None
    """What the sheet says to do when a rating is below the threshold (default: "make the task
    smaller together until it feels doable"), e.g. "change the steps together until it is higher"."""


class ReviewSection(Section):
    """Questions for the next session."""

    type: Literal["review"]
    """The kind of section: `review`."""
    questions: Annotated[UniqueTexts, Field(min_length=1, max_length=10)] | None = None
    """The questions; by default: what I did, what happened, what I learned, what got in the way."""
    lines: Annotated[int, _whole(1, 10), Field(ge=1, le=10)] = 2
    """Ruled lines under each question."""


class AgreementSection(Section):
    """ "We agreed this together": a line each for the client and the therapist, with the date."""

    type: Literal["agreement"]
    """The kind of section: `agreement`."""
    text: Markdown | None = None
    """What is agreed; by default a sentence naming the task."""


AnySection = Annotated[
    ProseSection
    | LinesSection
    | TableSection
    | LadderSection
    | ScaleSection
    | ChecklistSection
    | LogSection
    | PlanSection
    | ObstaclesSection
    | ReadinessSection
    | ReviewSection
    | AgreementSection
    | GraphSection
    | DrawingSection
    | DiagramSection
    | RecordSection
    | CardsSection,
    Field(discriminator="type"),
]

SECTION_TYPES: dict[str, type[Section]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls
    for cls in AnySection.__origin__.__args__  # type: ignore[attr-defined]
}


class Reference(Model):
    """A published source the worksheet is grounded in."""

    authors: Text
    """The authors, e.g. "Beck, J. S."."""
    year: Year
    """Year of publication."""
    title: Text
    """Title of the book or article."""
    source: Text | None = None
    """The journal or publisher."""
    doi: (
        Annotated[
            str,
            _pattern(r"10\.\d{4,9}/\S+", 'a DOI like "10.1037/a0017851" (without https://doi.org/)'),
            Field(pattern=r"^10\.\d{4,9}/\S+$"),
        ]
        | None
    ) = None
    """The DOI, e.g. 10.1037/a0017851."""


class Guide(Model):
    """Notes for the therapist; shown on the site and never printed on the client's sheet."""

    introduce: Markdown | None = None
    """How to introduce the worksheet and link it to the client's goal."""
    rehearse: Markdown | None = None
    """How to rehearse it together in session."""
    obstacles: Markdown | None = None
    """Common obstacles and how to plan for them."""
    review: Markdown | None = None
    """How to review it at the next session."""


class PageBudget(Model):
    """More pages than the library's budget, for a sheet that needs them."""

    pages: Annotated[int, _whole(1, 10), Field(ge=1, le=10)]
    """The most pages this sheet may take on each paper size."""
    reason: Text
    """Why it needs them, e.g. "a week of hourly rows on a landscape grid"."""


class Worksheet(Model):
    """One worksheet. The file's name (without .yaml) is its id."""

    format: Literal[1] = 1
    """The format version of this file; this tool reads format 1."""
    title: Text
    """The worksheet's title."""
    summary: Text
    """One sentence: what this worksheet is."""
    purpose: Markdown
    """Why this helps: the purpose, linked to the kind of goal it serves ("Why this helps")."""
    rehearsal: Annotated[list[Text], Field(min_length=1, max_length=100)]
    """Steps practised together in session, each printed with a tick box."""
    sections: Annotated[list[AnySection], Field(min_length=1, max_length=60)]
    """The body: the sections where the client writes, in order."""
    technique: Label | None = None
    """The CBT technique, e.g. "cognitive restructuring"."""
    problems: UniqueLabels = []
    """The problems it helps with, e.g. `[depression, anxiety]`."""
    tags: UniqueLabels = []
    """Other keywords for search."""
    audience: UniqueLabels = []
    """Who it is written for, e.g. `[adults, adolescents]`."""
    minutes: Minutes | None = None
    """About how many minutes one practice takes."""
    frequency: Text | None = None
    """How often to practise, e.g. "every day" or "three times a week"."""
    language: Language = "en"
    """The language of the text, as a BCP 47 tag."""
    version: Version = "1"
    """The worksheet's version, e.g. "1.2"; printed on the sheet."""
    reviewed: Date | None = None
    """When the content was last reviewed, YYYY-MM-DD."""
    authors: UniqueTexts = []
    """Who wrote it."""
    references: list[Reference] = []
    """Published sources it is grounded in."""
    licence: Text | None = None
    """The licence, e.g. "CC BY-SA 4.0"."""
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    """Paper orientation; "auto" turns wide tables (six columns or more) to landscape."""
    guide: Guide | None = None
    """The therapist guide."""
    page_budget: PageBudget | None = None
    """More pages than the library's budget allows, with the reason (the build warns past it)."""

    @field_validator("sections", mode="after")
    @classmethod
    def _names_unique(cls, sections: list[Section]) -> list[Section]:
        """Assignments pick sections by name, so a name may be used once (checked with the rest)."""
        seen: set[str] = set()
        for index, section in enumerate(sections):
            if section.name is not None:
                if section.name in seen:
                    raise PydanticCustomError(
                        "duplicate_name",
                        "another section is already named '{name}'; give each its own name",
                        {"name": section.name, "field": [index, "name"]},
                    )
                seen.add(section.name)
        return sections

    _id: str = PrivateAttr(default="")
    _file: str = PrivateAttr(default="")
    _translation: Any = PrivateAttr(default=None)

    @property
    def translation(self) -> Any:
        """For a translated sheet, its :class:`~generator.format.translation.Translated` details."""
        return self._translation

    @property
    def id(self) -> str:
        """The id: the file's name without .yaml."""
        return self._id

    @property
    def file(self) -> str:
        """The file it was read from, relative to the library."""
        return self._file

    @property
    def for_children(self) -> bool:
        """Written only for children: the plan block words itself for a child."""
        return self.audience == ["children"]

    @property
    def has_log(self) -> bool:
        """A practice log: a `log` section, or a table whose rows are the practices."""
        return any(
            isinstance(s, LogSection) or (isinstance(s, TableSection | RecordSection) and s.practice_log)
            for s in self.sections
        )
