"""The staple layouts a clinic's own sheets use, drawn rather than described: cells with boxes for
numbers, grids that fit a page, a graph to plot, a space to draw in, a decision tree and a cycle,
record blocks and cards to cut out. The sheet under test is made of the examples in
docs/worksheet-format.md, so every example there is checked and built as written."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from generator.errors import ContentError
from generator.format.model import Worksheet
from generator.format.sources import parse
from generator.format.validate import validate

from conftest import REPO, run
from pdfcheck import strays

DOCS = REPO / "docs" / "worksheet-format.md"
NEW_TYPES = ("table", "graph", "drawing", "diagram", "record", "cards")


def doc_examples() -> dict[str, list[str]]:
    """The YAML examples (the lines under `sections:`) of each section type's part of the reference."""
    text = DOCS.read_text("utf-8")
    found: dict[str, list[str]] = {}
    for kind in NEW_TYPES:
        part = text.split(f"\n### {kind}\n", 1)[1].split("\n### ", 1)[0]
        for block in re.findall(r"```yaml\n(.*?)```", part, re.S):
            body = block.split("sections:\n", 1)[1]
            found.setdefault(kind, []).extend(e for e in re.split(r"(?m)^(?=  - )", body) if e.strip())
    return found


HEAD = """\
title: Staples
summary: Every drawn layout of the format reference.
purpose: To check that the examples of the format reference print.
rehearsal: [Look at every page.]
page_budget: {pages: 10, reason: every example of the reference on one sheet}
sections:
"""


@pytest.fixture(scope="module")
def staples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of one sheet holding every example, built on A4 and Letter with large print."""
    root = tmp_path_factory.mktemp("staples")
    (root / "worksheets").mkdir()
    sections = [s for examples in doc_examples().values() for s in examples]
    (root / "worksheets" / "staples.yaml").write_text(
        HEAD + "".join(s.rstrip() + "\n" for s in sections), "utf-8"
    )
    (root / "library.yaml").write_text(
        "papers: [a4, letter]\nlarge_print: true\n"
        "crisis_lines: [{name: Harbour night line, contact: call 0100 111 222 any time}]\n",
        "utf-8",
    )
    checked = run("check", "--library", root)
    assert checked.exit_code == 0, checked.output
    built = run("build", "--library", root)
    assert built.exit_code == 0, built.output
    return root / "site"


def test_every_example_of_the_reference_is_a_valid_section() -> None:
    examples = doc_examples()
    assert set(examples) == set(NEW_TYPES)
    assert sum(len(v) for v in examples.values()) == 11
    for kind, entries in examples.items():
        for entry in entries:
            assert problems(entry) == [], (kind, entry)


def pages_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text(x_tolerance=1) or "" for page in pdf.pages]


def page_of(pages: list[str], *needles: str) -> int:
    """The one page that holds every needle (fails when they are split across pages). Spaces are
    left out of the comparison: letter-spaced headings come out of the PDF as "A T T A C K"."""
    found = [
        i for i, text in enumerate(pages) if all(n.replace(" ", "") in "".join(text.split()) for n in needles)
    ]
    assert found, f"no page holds all of {needles}"
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "staples-a4",
        "staples-letter",
        "staples-a4-large-print",
        "staples-letter-large-print",
        "staples-a4-fillable",
    ],
)
def test_drawn_layouts_print_whole_and_inside_the_page(staples: Path, name: str) -> None:
    pdf = staples / "pdf" / f"{name}.pdf"
    pages = pages_text(pdf)
    assert strays(pdf) == []
    # The tree: the start box, every question and action with its branch words, on one page.
    page_of(
        pages,
        "What am I worrying about?",
        "Can I do something about it now?",
        "Do it now.",
        "Let the worry go. Turn",
    )
    # The cycle: every box and its hint, with the situation, on one page.
    page_of(
        pages, "Situation", "Thoughts", "Feelings", "What I did", "My body", "What did I notice in my body?"
    )
    # The graphs: every point of the axis, the axis label and the anchors, kept whole (the y
    # axis label is turned on its side, which text extraction reads backwards).
    page_of(
        pages,
        "My mood this fortnight",
        "Very low",
        "Very good",
        "Day",
        " ".join(str(n) for n in range(1, 15)),
    )
    page_of(pages, "How strong the fear was", "Minutes", "0 5 10 15 20 25 30 35 40 45 50 55 60")
    # The week fits one page, from its first hour to its last (in large print its rows would be
    # too short to write in, so it runs on to a second page with its column heads repeated).
    if "large" not in name:
        page_of(pages, "My week", "6-7", "11-12 pm", "Sun")
    # Given rows print as given; a month has 31 day columns.
    page_of(pages, "Who I can contact", "Harbour night line", "call 0100 111 222 any time", "999 (UK)")
    page_of(pages, "My month", "29 30 31", *(["What happened"] if "large" not in name else []))
    # A record block is never split: its first and last field share a page.
    for n in (1, 2):
        page_of(pages, f"ATTACK {n}", "Racing heart", "How strong was the fear?")
    # The responsibility pie and its list.
    page_of(pages, "My responsibility pie", "Who or what played a part")
    # The cards start a new page: their page has nothing of the task before them.
    cards = page_of(pages, "My coping cards", "When my heart races", "Cut along the dashed lines")
    assert "My responsibility pie" not in pages[cards]


@pytest.mark.slow
def test_every_place_to_write_or_rate_is_a_field(staples: Path) -> None:
    fields = PdfReader(staples / "pdf" / "staples-a4-fillable.pdf").get_fields() or {}
    titles = [str(f.get("/TU", "")) for f in fields.values()]  # type: ignore[attr-defined]
    # Mastery and pleasure in every cell of the week: 18 hours x 7 days x 2 boxes.
    assert sum(t.endswith((", M", ", P")) for t in titles) == 18 * 7 * 2
    # The belief boxes of the thought record: 4 rows x 2 columns with "%", and the feeling's box.
    assert sum(t.endswith(", %") and t.startswith(("Thought", "Another view")) for t in titles) == 8
    # The graphs: a box per point.
    assert sum(t.startswith("Mood (0-10), Day ") for t in titles) == 14
    assert sum(t.startswith("Fear (0-100), Minutes ") for t in titles) == 13
    # Writing space inside the boxes of the tree and the cycle.
    for label in ("Notice the worry. What am I worrying about?", "Situation", "Thoughts", "My body"):
        assert label in titles, label
    # The record: a tick and a 0-10 box per sensation, per attack; the pie's list with its % boxes.
    assert sum(t.startswith("Attack 1: What I felt in my body: ") for t in titles) == 12
    assert sum(t.startswith("Who or what played a part") and t.endswith(", %") for t in titles) == 6
    # The cards' backs, to write on.
    assert sum(t.endswith(", back") for t in titles) == 4


def test_the_worksheet_page_draws_them_with_a_text_alternative(staples: Path) -> None:
    html = (staples / "worksheets" / "staples.html").read_text("utf-8")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="drawn-svg"') == 5
    assert 'aria-hidden="true"' in html
    hidden = " ".join(re.findall(r'<figcaption class="visually-hidden">(.*?)</figcaption>', html, re.S))
    text = " ".join(re.sub(r"<[^>]+>", " ", hidden).split())
    assert "A decision tree. Start at the top" in text
    assert "Yes: Can I do something about it now? Yes: Do it now." in text
    assert "each linked to every other" in text and "Thoughts: What went through my mind?" in text
    assert "Mood (0-10) from 0 to 10 up the side, Day from 1 to 14 along the bottom" in text
    assert "with a circle to divide" in text
    assert (
        "When my heart races" in html
        and "Each cell of Mon, Tue, Wed, Thu, Fri, Sat, Sun has a box for M and P." in html
    )


SHEET = """\
title: T
summary: S.
purpose: P.
rehearsal: [R]
sections:
{}"""


def problems(sections: str) -> list[str]:
    try:
        validate(parse(SHEET.format(sections).encode(), "worksheets/t.yaml"), Worksheet)
    except ContentError as error:
        return [str(p) for p in error.problems]
    return []


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (
            "  - type: diagram\n    kind: tree\n    tree:\n      ask: Now?\n      yes: {do: Act}\n",
            "worksheets/t.yaml:9:7: error: sections[0].tree: missing required key 'no'",
        ),
        (
            "  - type: diagram\n    kind: cycle\n    boxes: [A, B, C]\n    start: {text: Go}\n",
            "worksheets/t.yaml:9:12: error: sections[0].start: `start` belongs to a tree, not a cycle",
        ),
        (
            "  - type: diagram\n    kind: cycle\n    boxes: [A, B, A]\n",
            "worksheets/t.yaml:8:19: error: sections[0].boxes[2]: another box is already called 'A'; give each box its own heading",
        ),
        (
            "  - type: diagram\n    kind: tree\n    tree:\n      ask: 1?\n      yes: {ask: 2?, yes: {ask: 3?, yes: {ask: 4?, yes: {ask: 5?, yes: {do: a}, no: {do: b}}, no: {do: c}}, no: {do: d}}, no: {do: e}}\n      no: {do: f}\n",
            "worksheets/t.yaml:9:7: error: sections[0].tree: the tree is 5 questions deep; a page holds at most 4 (split it into two trees)",
        ),
        (
            "  - type: table\n    columns: [{name: Thought, boxes: [Belief %]}]\n",
            'worksheets/t.yaml:7:39: error: sections[0].columns[0].boxes[0]: a box\'s label is printed beside it: keep it to 6 characters, like "%" or "0-10"',
        ),
        (
            "  - type: table\n    columns: [A, B]\n    given: [[x]]\n",
            "worksheets/t.yaml:8:13: error: sections[0].given[0]: this given row has 1 entries but the table has 2 columns (use ~ for a cell to fill in)",
        ),
        (
            "  - type: table\n    columns: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, {name: 13, hint: h}]\n",
            "worksheets/t.yaml:7:71: error: sections[0].columns[12].hint: with 13 columns the cells are small: a column takes no `hint` and no `width` past 12 columns",
        ),
        (
            "  - type: table\n    columns: [A]\n    row_labels: [x, {label: y, cells: [a, b]}]\n",
            "worksheets/t.yaml:8:39: error: sections[0].row_labels[1].cells: this row's cells have 2 entries but the table has 1 columns (use ~ for a cell to fill in)",
        ),
        (
            "  - type: graph\n    x: {label: Day, points: 7, labels: [a, b]}\n    y: {label: Mood}\n",
            "worksheets/t.yaml:7:29: error: sections[0].x.points: give the axis either `points` (how many) or `labels` (one per point), not both or neither",
        ),
        (
            "  - type: graph\n    x: {label: Day, points: 7}\n    y: {label: Mood, max: 100}\n",
            "worksheets/t.yaml:8:8: error: sections[0].y.step: the axis from 0 to 100 in steps of 1 has 100 squares; use 2 to 20",
        ),
        (
            "  - type: drawing\n    x_label: Time\n",
            "worksheets/t.yaml:7:14: error: sections[0].x_label: axis labels need `shape: axes`",
        ),
        (
            "  - type: record\n    fields: [{label: When}, {label: When}]\n",
            "worksheets/t.yaml:7:37: error: sections[0].fields[1].label: another field is already headed 'When'; give each field its own heading",
        ),
        (
            "  - type: cards\n    cards: [{front: {text: a}}, {front: {text: b}, back: {lines: 2}}]\n",
            "worksheets/t.yaml:7:33: error: sections[0].cards[1]: some cards have a back and some do not; give every card a `back`, or none",
        ),
        (
            "  - type: cards\n    count: 5\n    cards: [{front: {text: a}}]\n",
            "worksheets/t.yaml:7:12: error: sections[0].count: expected 4, 6 or 8, got 5",
        ),
    ],
)
def test_misuse_is_located(sections: str, expected: str) -> None:
    assert expected in problems(sections), problems(sections)


def test_yes_and_no_keys_are_words() -> None:
    text = SHEET.format(
        "  - type: diagram\n    kind: tree\n    tree: {ask: Now?, yes: {do: Act}, no: {do: Plan}}\n"
    )
    sheet = validate(parse(text.encode(), "worksheets/t.yaml"), Worksheet)
    assert sheet.sections[0].tree.no.do == "Plan"  # type: ignore[union-attr]
