"""Sections made of repeated blocks: a record block filled in once per entry (each panic attack), and
a sheet of cards to cut out (coping cards)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .fields import Label, Markdown, Model, Text, UniqueTexts, _whole
from .section import Section


def _box_fits(value: str | None, field: str) -> None:
    if value is not None and len(value) > 6:
        raise PydanticCustomError(
            "box_label",
            'a box\'s label is printed beside it: keep it to 6 characters, like "0-10" or "%"',
            {"field": field},
        )


class RecordField(Model):
    """One field of a record block: a heading with lines to write on, a box for a number, or a
    checklist (each item a tick box, with a box for a number beside it when `box` is given)."""

    label: Text
    """The field's heading, e.g. "Where was I?"."""
    lines: Annotated[int, _whole(0, 6), Field(ge=0, le=6)] | None = None
    """Ruled lines to write on, 0 to 6 (default: 1, or 0 for a checklist or a lone box)."""
    box: Label | None = None
    """A small box for a number, labelled e.g. "0-10": beside the heading, or beside each item of
    a checklist."""
    items: Annotated[UniqueTexts, Field(min_length=1, max_length=16)] | None = None
    """A checklist: the items to tick, 1 to 16."""
    short: bool = False
    """A short answer (a date, a time, a number): two short fields share a line."""

    @model_validator(mode="after")
    def _fits(self) -> RecordField:
        _box_fits(self.box, "box")
        if self.items is not None and self.short:
            raise PydanticCustomError(
                "short_checklist", "a checklist takes the whole width: remove `short`", {"field": "short"}
            )
        return self

    @property
    def line_count(self) -> int:
        if self.lines is not None:
            return self.lines
        return 0 if self.items is not None or self.box is not None else 1


class RecordSection(Section):
    """A block of fields repeated once per entry (each panic attack, each night), never split
    across pages."""

    type: Literal["record"]
    """The kind of section: `record`."""
    fields: Annotated[list[RecordField], Field(min_length=1, max_length=12)]
    """The fields of one entry, 1 to 12, in order."""
    entries: Annotated[int, _whole(1, 10), Field(ge=1, le=10)] = 2
    """How many blocks, 1 to 10."""
    entry_label: Label = "Entry"
    """What one block is called, numbered on each block, e.g. "Attack" gives "Attack 1"."""
    practice_log: bool = False
    """True when each block is one practice: the blocks are then the sheet's practice log, and the
    sheet needs no separate `log` section."""

    @model_validator(mode="after")
    def _labels_unique(self) -> RecordSection:
        seen: set[str] = set()
        for index, field in enumerate(self.fields):
            if field.label in seen:
                raise PydanticCustomError(
                    "duplicate_field",
                    "another field is already headed '{label}'; give each field its own heading",
                    {"label": field.label, "field": ["fields", index, "label"]},
                )
            seen.add(field.label)
        return self


class CardFace(Model):
    """One side of a card: given text to read, or lines to write on (or a heading with both)."""

    title: Label | None = None
    """A heading at the top of the side, e.g. "When I feel panic"."""
    text: Markdown | None = None
    """Text printed on the card, to read when it is needed."""
    lines: Annotated[int, _whole(0, 8), Field(ge=0, le=8)] | None = None
    """Ruled lines to write on (default: none under given text, else as many as fit)."""

    @model_validator(mode="after")
    def _not_empty(self) -> CardFace:
        if self.title is None and self.text is None and self.lines is None:
            raise PydanticCustomError(
                "empty_face",
                "give this side a `title`, some `text` or `lines` to write on",
                {"field": "title"},
            )
        return self


class Card(Model):
    """A card: its front and, optionally, its back (the sheet then folds each card in half)."""

    front: CardFace
    """The front: `title`, `text` and `lines`."""
    back: CardFace | None = None
    """The back, printed beside the front with a fold line between."""


CARD_SIZES: dict[str, tuple[float, float]] = {"wallet": (85.0, 54.0), "phone": (62.0, 112.0)}
"""Width and height in millimetres: a bank card's size fits a wallet; a phone's fits most phone cases."""


class CardsSection(Section):
    """A sheet of cards to cut out (and fold, when they have backs), always from a new page: 4, 6 or 8
    cards, each with given text or a blank to write on."""

    type: Literal["cards"]
    """The kind of section: `cards`."""
    cards: Annotated[list[Card], Field(min_length=1, max_length=8)]
    """The cards, in order; when there are fewer than `count`, the rest are copies of `blank`."""
    count: Literal[4, 6, 8] = 4
    """How many cards the sheet has: 4, 6 or 8."""
    size: Literal["wallet", "phone"] = "wallet"
    """`wallet` (85 x 54 mm, a bank card's size) or `phone` (62 x 112 mm, to slip inside a phone case)."""
    blank: Card | None = None
    """The card that fills the places after `cards` (default: lines to write your own on, with a
    back of lines when the cards have backs)."""

    @model_validator(mode="after")
    def _count_fits(self) -> CardsSection:
        if len(self.cards) > self.count:
            raise PydanticCustomError(
                "cards_count",
                "{given} cards are given but the sheet has {count}; set `count` to 6 or 8, or remove some",
                {"given": len(self.cards), "count": self.count, "field": "count"},
            )
        folded = self.cards[0].back is not None
        odd: list[str | int] | None = None
        for index, card in enumerate(self.cards):
            if (card.back is not None) != folded:
                odd = ["cards", index]
                break
        if odd is None and self.blank is not None and (self.blank.back is not None) != folded:
            odd = ["blank"]
        if odd is not None:
            raise PydanticCustomError(
                "cards_backs",
                "some cards have a back and some do not; give every card a `back`, or none",
                {"field": odd},
            )
        return self

    @property
    def folded(self) -> bool:
        """Each card is printed front and back side by side, to fold in half."""
        return self.cards[0].back is not None

    @property
    def card_list(self) -> list[Card]:
        """All `count` cards: the given ones, then blanks."""
        blank = self.blank or _blank_like(self.cards[-1])
        return [*self.cards, *[blank] * (self.count - len(self.cards))]


def _blank_like(card: Card) -> Card:
    return Card(front=CardFace(lines=5), back=CardFace(lines=5) if card.back else None)
