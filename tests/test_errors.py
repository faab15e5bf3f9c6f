"""Every bad input gets an exact, located message: ``file:line:col: error: message``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.format.model import Worksheet
from generator.format.sources import parse
from generator.format.validate import validate

from conftest import VALID, run


def problems(text: str | bytes, file: str = "worksheets/x.yaml") -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    try:
        validate(parse(raw, file), Worksheet)
    except ContentError as exc:
        return [str(p).removeprefix(file + ":") for p in exc.problems]
    return []


def test_the_valid_sheet_is_valid() -> None:
    assert problems(VALID) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            VALID.replace("title: Worry time\n", ""),
            [
                "1:1: error: missing required key 'title'",
            ],
            id="missing_title",
        ),
        pytest.param(
            VALID.split("purpose:")[0] + "sections:\n  - type: log\n",
            [
                "1:1: error: missing required key 'purpose'",
                "1:1: error: missing required key 'rehearsal'",
            ],
            id="missing_purpose_and_rehearsal",
        ),
        pytest.param(
            VALID.replace("purpose:", "purpse:"),
            [
                "1:1: error: missing required key 'purpose'",
                "3:1: error: purpse: unknown key 'purpse'; did you mean 'purpose'?",
            ],
            id="unknown_key_hint",
        ),
        pytest.param(
            VALID + "colour: blue\n",
            [
                "12:1: error: colour: unknown key 'colour'; the keys here are: format, title, summary, purpose, rehearsal, sections, technique, problems, tags, audience, minutes, frequency, language, version, reviewed, authors, references, licence, orientation, guide, page_budget",
            ],
            id="unknown_key_no_hint",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns: [Situation, Thought]\n    rows: four\n",
            [
                '14:11: error: sections[2].rows: expected a whole number from 1 to 30, got "four"',
            ],
            id="rows_word",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns: [A]\n    rows: 31\n",
            [
                "14:11: error: sections[2].rows: expected a whole number from 1 to 30, got 31",
            ],
            id="rows_too_many",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns: [A]\n    rows: 2.5\n",
            [
                "14:11: error: sections[2].rows: expected a whole number from 1 to 30, got 2.5",
            ],
            id="rows_float",
        ),
        pytest.param(
            VALID.replace("lines: 3", "lines: yes"),
            [
                "10:12: error: sections[0].lines: expected a whole number from 1 to 40, got true",
            ],
            id="lines_bool",
        ),
        pytest.param(
            VALID + "  - type: tabel\n    columns: [A]\n",
            [
                "12:5: error: sections[2]: unknown section type \"tabel\"; did you mean 'table'?",
            ],
            id="unknown_section_type",
        ),
        pytest.param(
            VALID + "  - lines: 4\n",
            [
                "12:5: error: sections[2]: each section needs a 'type', like 'type: lines'",
            ],
            id="section_without_type",
        ),
        pytest.param(
            VALID.replace(
                "rehearsal:\n  - Pick a time and a place for worry time.\n  - Practise noticing a worry and writing it down for later.\n",
                "rehearsal: Pick a time\n",
            ),
            [
                "5:12: error: rehearsal: expected a list (lines starting with '- '), got \"Pick a time\"",
            ],
            id="rehearsal_not_list",
        ),
        pytest.param(
            VALID.replace(
                "rehearsal:\n  - Pick a time and a place for worry time.\n  - Practise noticing a worry and writing it down for later.\n",
                "rehearsal: []\n",
            ),
            [
                "5:12: error: rehearsal: expected at least 1 entry, got 0",
            ],
            id="rehearsal_empty_list",
        ),
        pytest.param(
            VALID.replace("title: Worry time", "title: ''"),
            [
                "1:8: error: title: this text is empty; write something or remove the key",
            ],
            id="empty_title",
        ),
        pytest.param(
            VALID.replace("title: Worry time", "title: [a, b]"),
            [
                "1:8: error: title: expected text, got a list",
            ],
            id="title_list",
        ),
        pytest.param(
            VALID + "minutes: 500\n",
            [
                "12:10: error: minutes: expected a whole number from 1 to 240, got 500",
            ],
            id="minutes_out_of_range",
        ),
        pytest.param(
            VALID + "version: one\n",
            [
                '12:10: error: version: expected a version like "1", "1.2" or "1.2.3", got "one"',
            ],
            id="version_bad",
        ),
        pytest.param(
            VALID + "reviewed: 2025-02-30\n",
            [
                "12:11: error: reviewed: '2025-02-30' is not a real date; write it as YYYY-MM-DD",
            ],
            id="bad_date",
        ),
        pytest.param(
            VALID + "reviewed: last week\n",
            [
                '12:11: error: reviewed: expected a date written YYYY-MM-DD, got "last week"',
            ],
            id="date_text",
        ),
        pytest.param(
            VALID + "language: english language\n",
            [
                '12:11: error: language: expected a language tag like "en", "en-GB" or "pt-BR", got "english language"',
            ],
            id="language_bad",
        ),
        pytest.param(
            VALID + "title: Again\n",
            [
                "12:1: error: duplicate key 'title' (first written on line 1); keep one of them",
            ],
            id="duplicate_key",
        ),
        pytest.param(
            VALID + "tags: [sleep, sleep]\n",
            [
                '12:7: error: tags: "sleep" is listed twice',
            ],
            id="duplicate_tag",
        ),
        pytest.param(
            "format: 2\n" + VALID,
            [
                "1:9: error: format: this file is in format 2, but this version of the tool reads format 1; update the tool",
            ],
            id="future_format",
        ),
        pytest.param(
            VALID + "  - type: scale\n    question: How strong?\n    anchors: {0: None, 5: Some, 11: Most}\n",
            [
                "14:14: error: sections[2].anchors: the anchor at 11 is not one of the ticks from 0 to 10 in steps of 1",
            ],
            id="scale_anchor_off",
        ),
        pytest.param(
            VALID + "  - type: scale\n    question: How strong?\n    anchors: {0: None}\n",
            [
                "14:14: error: sections[2].anchors: label both ends of the scale: add anchors at 0 and 10",
            ],
            id="scale_ends",
        ),
        pytest.param(
            VALID
            + "  - type: scale\n    question: How strong?\n    min: 10\n    max: 0\n    anchors: {0: a, 10: b}\n",
            [
                "15:10: error: sections[2].max: max (0) must be more than min (10)",
            ],
            id="scale_range",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns: [A, B, C]\n    example: [x, y]\n",
            [
                "14:14: error: sections[2].example: the example row has 2 entries but the table has 3 columns",
            ],
            id="table_example_width",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns: [" + ", ".join(f"c{n}" for n in range(32)) + "]\n",
            [
                "13:14: error: sections[2].columns: expected at most 31 entries, got 32",
            ],
            id="too_many_columns",
        ),
        pytest.param(
            VALID.replace("  - type: log\n", "  - type: log\n    per: week\n"),
            [
                "12:10: error: sections[1].per: expected 'day' or 'practice', got \"week\"",
            ],
            id="log_per",
        ),
        pytest.param(
            VALID + "orientation: sideways\n",
            [
                "12:14: error: orientation: expected 'auto', 'portrait' or 'landscape', got \"sideways\"",
            ],
            id="orientation",
        ),
        pytest.param(
            VALID + "references:\n  - authors: Beck, J. S.\n    title: Cognitive Behavior Therapy\n",
            [
                "13:5: error: references[0]: missing required key 'year'",
            ],
            id="reference_missing_year",
        ),
        pytest.param(
            VALID
            + "references:\n  - authors: Beck, J. S.\n    year: twenty\n    title: Cognitive Behavior Therapy\n",
            [
                '14:11: error: references[0].year: expected a whole number from 1900 to 2100, got "twenty"',
            ],
            id="reference_year_text",
        ),
        pytest.param(
            VALID + "guide:\n  introduc: Say why.\n",
            [
                "13:3: error: guide.introduc: unknown key 'introduc'; did you mean 'introduce'?",
            ],
            id="guide_unknown_key",
        ),
        pytest.param(
            VALID.replace("  - type: log\n", "  - type: log\n    name: My Log\n"),
            [
                '12:11: error: sections[1].name: expected lowercase words joined by hyphens, like "thought-record", got "My Log"',
            ],
            id="name_slug",
        ),
        pytest.param(
            VALID + "tags: !!python/object/apply:os.system [echo]\n",
            [
                "12:7: error: tags: the tag !!python/object/apply:os.system is not allowed here",
            ],
            id="python_tag",
        ),
        pytest.param(
            VALID + "guide: &g\n  review: Ask.\nextra:\n  <<: *g\n",
            [
                "15:3: error: extra: merge keys (<<) are not supported; write the keys out in full",
            ],
            id="merge_key",
        ),
        pytest.param(
            "- title: x\n",
            [
                "1:1: error: expected a mapping of keys like 'title: ...', got a list",
            ],
            id="top_level_list",
        ),
        pytest.param(
            "just some words\n",
            [
                "1:1: error: expected a mapping of keys like 'title: ...', got \"just some words\"",
            ],
            id="top_level_text",
        ),
        pytest.param(
            VALID.replace("  - type: log", "\t- type: log"),
            [
                "11:1: error: YAML syntax: found a tab character that violates indentation; indent with spaces, not tabs (while scanning a plain scalar that starts at line 10, column 12)",
            ],
            id="tab_indent",
        ),
        pytest.param(
            VALID.replace("summary: Put", 'summary: "Put'),
            [
                "12:1: error: YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 10)",
            ],
            id="unclosed_quote",
        ),
        pytest.param(
            VALID + "  - type: checklist\n    items: [Walk, Walk]\n",
            [
                '13:12: error: sections[2].items: "Walk" is listed twice',
            ],
            id="checklist_dupe",
        ),
        pytest.param(
            VALID + "  - type: obstacles\n    common:\n      - obstacle: I forget\n",
            [
                "14:9: error: sections[2].common[0]: missing required key 'plan'",
            ],
            id="obstacle_missing_plan",
        ),
        pytest.param(
            VALID.split("sections:")[0] + "sections: []\n",
            [
                "8:11: error: sections: expected at least 1 entry, got 0",
            ],
            id="sections_empty",
        ),
        pytest.param(
            VALID.replace("summary: Put worries off until a set time each day.", "summary: yes"),
            [
                "2:10: error: summary: expected text, got true",
            ],
            id="bool_for_text",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns:\n" + "      - name: Thought\n        width: 6\n",
            [
                "15:16: error: sections[2].columns[0].width: expected a whole number from 1 to 5, got 6",
            ],
            id="column_width",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns:\n" + "      - Situation: what happened\n",
            [
                "14:9: error: sections[2].columns[0].Situation: unknown key 'Situation'; the keys here are: name, hint, width, boxes, boxes_under",
                "14:9: error: sections[2].columns[0]: missing required key 'name'",
            ],
            id="column_unknown_key",
        ),
        pytest.param(
            VALID + "  - type: table\n    columns:\n" + "      - " + "x" * 81 + "\n",
            [
                '14:9: error: sections[2].columns[0]: expected a short label of at most 80 characters on one line, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."',
            ],
            id="column_heading_too_long",
        ),
        pytest.param(
            VALID.replace("  - type: log\n", "  - type: log\n    name: " + "a" * 84 + "\n"),
            [
                "12:11: error: sections[1].name: expected at most 80 characters, got 84",
            ],
            id="name_too_long",
        ),
        pytest.param(
            VALID + "  - type: scale\n    question: How?\n    step: 3\n    anchors: {0: None, 9: Most}\n",
            [
                "14:11: error: sections[2].step: the step (3) must divide the range from 0 to 10 evenly",
            ],
            id="scale_step_uneven",
        ),
        pytest.param(
            VALID + "  - type:\n    lines: 2\n",
            [
                "12:5: error: sections[2]: each section needs a 'type', like 'type: lines'",
            ],
            id="empty_type",
        ),
        pytest.param(
            VALID.replace("  - type: log\n", "\t- type: log\n"),
            [
                "11:1: error: YAML syntax: found a tab character that violates indentation; indent with spaces, not tabs (while scanning a plain scalar that starts at line 10, column 12)",
            ],
            id="tab_line_start",
        ),
        pytest.param(
            VALID.replace("summary: Put", "summary: Note: put"),
            [
                "2:14: error: YAML syntax: mapping values are not allowed in this context; if this is text with ': ' in it, put the whole text in quotes",
            ],
            id="colon_in_text",
        ),
        pytest.param(
            VALID
            + "references:\n  - authors: A\n    year: 2010\n    title: T\n    doi: https://doi.org/10.1037/a0017851\n",
            [
                '16:10: error: references[0].doi: expected a DOI like "10.1037/a0017851" (without https://doi.org/), got "https://doi.org/10.1037/a0017851"',
            ],
            id="doi_url",
        ),
        pytest.param(
            VALID.replace("    lines: 3\n", "    lines: 3\n    name: notes\n").replace(
                "  - type: log\n", "  - type: log\n    name: notes\n"
            ),
            [
                "13:11: error: sections[1].name: another section is already named 'notes'; give each its own name",
            ],
            id="duplicate_section_names",
        ),
    ],
)
def test_bad_worksheet(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            VALID.encode().replace(b"each day", b"\xe9ach day"),
            [
                "2:43: error: the file is not UTF-8 text: byte 0xE9 here is not valid UTF-8; save the file with UTF-8 encoding"
            ],
            id="latin-1",
        ),
        pytest.param(
            "title: x\n".encode("utf-16"),
            ["1:1: error: the file is saved as UTF-16; save it as UTF-8 instead"],
            id="utf-16",
        ),
        pytest.param(b"", ["1:1: error: the file is empty"], id="empty"),
        pytest.param(b"# only a comment\n", ["1:1: error: the file is empty"], id="only-comment"),
        pytest.param(
            b"title: a\x01b\n",
            ["1:9: error: the file holds a control character (U+0001) that YAML does not allow; delete it"],
            id="control-character",
        ),
        pytest.param(
            b"title: x\n---\ntitle: y\n",
            [
                "2:1: error: YAML syntax: a second document starts here ('---'); a file holds one worksheet, "
                "so move it to a file of its own"
            ],
            id="two-documents",
        ),
        pytest.param(
            b"a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + b"".join(
                f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n".encode()
                for p, c in zip("abcdef", "bcdefg", strict=True)
            ),
            [
                "5:1: error: the file expands to more than 50,000 values (aliases repeat what they point to); "
                "write the values out or use fewer aliases"
            ],
            id="billion-laughs",
        ),
        pytest.param(
            b"a: " + b"[" * 60 + b"]" * 60 + b"\n",
            [
                "1:44: error: the file is nested more than 40 levels deep (or an alias points to itself); flatten it"
            ],
            id="too-deep",
        ),
        pytest.param(
            b"a: &x [*x]\n",
            [
                "1:4: error: the file is nested more than 40 levels deep (or an alias points to itself); flatten it"
            ],
            id="self-alias",
        ),
        pytest.param(
            b"title: " + b"x" * 1_000_001,
            [
                "1:1: error: the file is 1,000,008 bytes; the limit is 1,000,000: split it into smaller worksheets"
            ],
            id="too-big",
        ),
    ],
)
def test_bad_bytes(raw: bytes, expected: list[str]) -> None:
    assert problems(raw) == expected


def test_numbers_and_times_stay_as_written() -> None:
    rows = "  - type: table\n    columns: [A]\n    row_labels: [8:00, 9:30, 1.10]\n"
    text = VALID.replace("  - type: log\n", rows) + "version: 1.10\n"
    sheet = validate(parse(text.encode(), "x.yaml"), Worksheet)
    assert sheet.version == "1.10"
    assert sheet.sections[1].row_labels == ["8:00", "9:30", "1.10"]  # type: ignore[union-attr]


def test_a_repeated_section_name_is_reported_with_the_other_problems() -> None:
    both = VALID.replace("    lines: 3\n", "    lines: 3\n    name: notes\n").replace(
        "  - type: log\n", "  - type: log\n    name: notes\n"
    )
    assert problems(both + "minutes: 0\n") == [
        "13:11: error: sections[1].name: another section is already named 'notes'; give each its own name",
        "14:10: error: minutes: expected a whole number from 1 to 240, got 0",
    ]


def test_bom_and_crlf_are_accepted() -> None:
    raw = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()
    doc = parse(raw, "x.yaml")
    assert validate(doc, Worksheet).title == "Worry time"
    assert doc.mark(("summary",)).line == 2


def test_non_utf8_position_counts_characters_after_a_bom() -> None:
    raw = b"\xef\xbb\xbftitle: caf\xc3\xa9\nsummary: na\xefve\n"
    assert problems(raw) == [
        "2:12: error: the file is not UTF-8 text: byte 0xEF here is not valid UTF-8; save the file with UTF-8 encoding"
    ]


def test_check_prints_every_problem_in_every_file(
    write: Callable[[str, str | bytes], Path], library: Path
) -> None:
    write("worksheets/good.yaml", VALID)
    write("worksheets/a.yaml", VALID.replace("lines: 3", "lines: many"))
    write("worksheets/sub/b.yaml", VALID + "minutes: 0\nsummery: x\n")
    write("library.yaml", "papers: [a5]\nclinic: ''\n")
    result = run("check", "--library", library)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "library.yaml:1:10: error: papers[0]: expected 'a4' or 'letter', got \"a5\"",
        "library.yaml:2:9: error: clinic: this text is empty; write something or remove the key",
        'worksheets/a.yaml:10:12: error: sections[0].lines: expected a whole number from 1 to 40, got "many"',
        "worksheets/sub/b.yaml:12:10: error: minutes: expected a whole number from 1 to 240, got 0",
        "worksheets/sub/b.yaml:13:1: error: summery: unknown key 'summery'; did you mean 'summary'?",
        "5 errors in 3 files",
    ]
    assert "Traceback" not in result.output


def test_ids_are_file_names_unique_across_folders(
    write: Callable[[str, str | bytes], Path], library: Path
) -> None:
    write("worksheets/worry-time.yaml", VALID)
    write("worksheets/adults/worry-time.yaml", VALID)
    write("worksheets/Sleep Diary.yaml", VALID)
    result = run("check", "--library", library)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "worksheets/Sleep Diary.yaml:1:1: error: the file name 'Sleep Diary.yaml' can't be an id: "
        "use lowercase words joined by hyphens, like 'sleep-diary.yaml'",
        "worksheets/worry-time.yaml:1:1: error: the id 'worry-time' is also used by "
        "worksheets/adults/worry-time.yaml; each worksheet needs its own file name",
        "2 errors in 2 files",
    ]


def test_a_file_linked_from_outside_is_refused(
    write: Callable[[str, str | bytes], Path], library: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    outside.write_text(VALID, "utf-8")
    (library / "worksheets" / "linked.yaml").symlink_to(outside)
    result = run("check", "--library", library)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "worksheets/linked.yaml:1:1: error: this file links to a place outside the library; copy the file in instead"
    )


def test_logo_must_exist_in_assets(write: Callable[[str, str | bytes], Path], library: Path) -> None:
    write("worksheets/w.yaml", VALID)
    write("library.yaml", "clinic: Calm Clinic\nlogo: logo.png\n")
    result = run("check", "--library", library)
    assert result.stderr.splitlines()[0] == "library.yaml:2:7: error: logo: there is no file assets/logo.png"
    write("assets/logo.png", b"\x89PNG")
    assert run("check", "--library", library).exit_code == 0


def test_not_a_library(tmp_path: Path) -> None:
    result = run("check", "--library", tmp_path)
    assert result.exit_code == 1
    assert "has no worksheets/ folder" in result.stderr
    assert "Traceback" not in result.output


def test_a_large_library_is_read_in_parallel_with_the_same_messages(library: Path) -> None:
    for i in range(320):
        (library / "worksheets" / f"sheet-{i:03d}.yaml").write_text(VALID, "utf-8")
    (library / "worksheets" / "sheet-200.yaml").write_text(VALID + "minutes: 0\n", "utf-8")
    result = run("check", "--library", library)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "worksheets/sheet-200.yaml:12:10: error: minutes: expected a whole number from 1 to 240, got 0",
        "1 error in 1 file",
    ]
    (library / "worksheets" / "sheet-200.yaml").write_text(VALID, "utf-8")
    assert run("check", "--library", library).stdout == "Checked 320 worksheets: 1 warning.\n"
