"""The paper a client takes home: the page budget and the waste warnings, the crisis footer on
every page, the therapist's notes beside the sheet, and fillable fields every reader keeps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from generator.build import build_site
from generator.paper.pagination import waste

from conftest import REPO, run
from pdfcheck import text

SUPPORT = "In a crisis, ring the Harbour night line on 0100 111 222."
CONTACT = "Harbour Clinic, 0100 000 000."

SHEET = """\
title: Worry time
summary: Put worries off until a set time each day.
purpose: |
  Worry feels urgent. Putting it off to a set time shows you it can wait.
rehearsal:
  - Pick a time and a place for worry time.
  - Practise noticing a worry and writing it down for later.
references:
  - authors: Borkovec, T. D., Wilkinson, L., Folensbee, R., & Lerman, C.
    year: 1983
    title: Stimulus control applications to the treatment of worry
    source: Behaviour Research and Therapy, 21(3), 247-251
guide:
  introduce: Explain that worry can wait for its own time.
sections:
  - type: lines
    title: Worries I put off
    lines: {lines}
  - type: plan
  - type: log
    entries: 7
"""


def library(root: Path, lines: int = 5, settings: str = "", extra: str = "") -> Path:
    (root / "worksheets").mkdir(parents=True, exist_ok=True)
    (root / "worksheets" / "worry-time.yaml").write_text(SHEET.format(lines=lines) + extra, "utf-8")
    (root / "library.yaml").write_text(
        settings or f"papers: [a4, letter]\nsupport: {SUPPORT}\ncontact: {CONTACT}\n", "utf-8"
    )
    return root


@pytest.fixture(scope="module")
def wasteful(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A sheet whose lines run two pages and spill a little onto a third."""
    root = library(tmp_path_factory.mktemp("wasteful"), lines=20)
    (root / "worksheets" / "worry-time.yaml").write_text(
        SHEET.format(lines=20).replace(
            "  - type: plan\n", "  - type: lines\n    title: More worries\n    lines: 20\n  - type: plan\n"
        ),
        "utf-8",
    )
    return root, run("build", "--library", root, "--jobs", "1")


def test_a_sheet_over_its_budget_is_reported_on_each_paper_with_its_line(
    wasteful: tuple[Path, object],
) -> None:
    _, result = wasteful
    assert result.exit_code == 0  # type: ignore[attr-defined]
    warnings = result.stderr.splitlines()  # type: ignore[attr-defined]
    for paper in ("A4", "Letter"):
        for kind in ("printable", "fillable"):
            over = [w for w in warnings if f"{paper} {kind} PDF has 3 pages, over the budget of 2" in w]
            assert over and over[0].startswith("worksheets/worry-time.yaml:15:1: warning: "), warnings
    for kind in ("printable", "fillable"):
        sparse = [w for w in warnings if f"A4 {kind} PDF, page 3 of 3 is " in w]
        assert sparse and "% full; trim the sheet so it ends on the page before" in sparse[0], warnings
        # located at the section that spills over: the log, sections[3], written on line 23
        assert sparse[0].startswith("worksheets/worry-time.yaml:23:5: warning: sections[3]: "), sparse


def test_strict_build_stops_on_waste_and_leaves_no_site(
    wasteful: tuple[Path, object], tmp_path: Path
) -> None:
    root, _ = wasteful
    out = tmp_path / "strict-site"
    result = run("build", "--strict", "--library", root, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "error: A4 printable PDF has 3 pages, over the budget of 2" in result.stderr
    assert not out.exists()


def test_a_sheet_may_ask_for_more_pages_with_a_reason(tmp_path: Path) -> None:
    root = library(tmp_path, lines=20)
    sheet = root / "worksheets" / "worry-time.yaml"
    sheet.write_text(
        sheet.read_text().replace(
            "  - type: plan\n", "  - type: lines\n    title: More worries\n    lines: 20\n  - type: plan\n"
        )
        + "page_budget:\n  pages: 3\n  reason: a long list of worries\n",
        "utf-8",
    )
    report = build_site(root, jobs=1, pdf=True)
    assert not [w for w in report.warnings if "over the budget" in w.message], report.warnings
    assert run("check", "--library", root).exit_code == 0
    sheet.write_text(sheet.read_text().replace("  reason: a long list of worries\n", ""), "utf-8")
    result = run("check", "--library", root)
    assert result.exit_code == 1 and "page_budget: missing required key 'reason'" in result.stderr, (
        result.stderr
    )


def test_the_library_sets_the_budget(tmp_path: Path) -> None:
    root = library(tmp_path, lines=5, settings=f"papers: [a4]\npage_budget: 1\nsupport: {SUPPORT}\n")
    report = build_site(root, jobs=1)
    assert report.warnings == []
    (root / "worksheets" / "worry-time.yaml").write_text(SHEET.format(lines=30), "utf-8")
    report = build_site(root, jobs=1)
    assert [w.message for w in report.warnings if "budget" in w.message] == [
        "A4 printable PDF has 2 pages, over the budget of 1; shorten the sheet",
        "A4 fillable PDF has 2 pages, over the budget of 1; shorten the sheet",
    ]


def test_waste_rules_on_measured_pages() -> None:
    """Each rule, on measures as the worker makes them."""
    full = {"fill": 0.9, "blocks": ["head", "opening", "section:0"], "foot_heading": None, "rows": {}}
    lone_heading = {**full, "foot_heading": "section:1", "blocks": ["section:0", "section:1"]}
    row_split = {**full, "rows": {"section:2": 1}}
    row_rest = {"fill": 0.6, "blocks": ["section:2"], "foot_heading": None, "rows": {"section:2": 9}}
    only_end = {"fill": 0.1, "blocks": ["end"], "foot_heading": None, "rows": {}}
    found = waste([lone_heading, row_split, row_rest, only_end], 2, "A4 printable")
    assert [(w.block, w.message) for w in found] == [
        (None, "A4 printable PDF has 4 pages, over the budget of 2; shorten the sheet"),
        ("section:1", "A4 printable PDF, page 1 of 4 ends with this section's heading alone"),
        (None, "A4 printable PDF, page 4 of 4 holds only the sources and the footer"),
        (
            "section:2",
            "A4 printable PDF, page 2 of 4: a single row of this table is alone at the foot of the page",
        ),
    ]
    assert waste([full, {**full, "fill": 0.2}], 2, "Letter fillable")[0].message == (
        "Letter fillable PDF, page 2 of 2 is 20% full; trim the sheet so it ends on the page before"
    )
    assert waste([{**full, "fill": 0.1}], 2, "A4 printable") == [], "a short one-page sheet wastes nothing"
    stub = {**full, "blocks": ["section:0", "section:4"], "heights": {"section:0": 90.0, "section:4": 9.5}}
    rest = {**full, "blocks": ["section:4"], "heights": {"section:4": 60.0}}
    assert [(w.block, w.message) for w in waste([stub, rest], 2, "Letter printable")] == [
        ("section:4", "Letter printable PDF, page 1 of 2 ends with this section's heading alone")
    ], "a heading and an example label, with the rest of the section overleaf"
    tall = {**stub, "heights": {"section:0": 90.0, "section:4": 40.0}}
    assert waste([tall, rest], 2, "Letter printable") == []


def test_rows_are_counted_on_the_pages_they_fall_on(tmp_path: Path) -> None:
    from generator.format.library import load_library
    from generator.paper.pdf import render
    from generator.paper.pdfplan import pdf_job
    from generator.paper.printing import sheet_html
    from generator.render import Templates
    from generator.web.site import Variant

    root = library(tmp_path)
    sheet = root / "worksheets" / "worry-time.yaml"
    table = "  - type: table\n    columns: [Worry, What I did]\n    rows: 30\n"
    sheet.write_text(sheet.read_text().replace("sections:\n", "sections:\n" + table), "utf-8")
    lib = load_library(root)
    html = sheet_html(Templates(lib.root), lib.settings, lib.worksheets["worry-time"], Variant("a4"))
    result = render(pdf_job(lib, html, False))
    counts = [page["rows"].get("section:0", 0) for page in result.layout]
    assert sum(counts) == 30 and len([c for c in counts if c]) >= 2, counts


def test_every_page_says_where_to_get_help(tmp_path: Path) -> None:
    root = library(tmp_path, lines=18)
    build_site(root, jobs=1)
    pdf = root / "site" / "pdf" / "worry-time-letter.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages == 2
    for page in range(pages):
        words = " ".join(text(pdf, page).split())
        assert "Need help now? " + SUPPORT in words, words
        assert CONTACT in words


def test_without_a_support_line_the_sheet_says_it_is_not_a_crisis_service(tmp_path: Path) -> None:
    root = library(tmp_path, settings="papers: [a4]\n")
    build_site(root, jobs=1)
    words = " ".join(text(root / "site" / "pdf" / "worry-time-a4.pdf").split())
    assert (
        "These sheets are not a crisis service; if you might hurt yourself, call your local emergency "
        "number now." in words
    )
    result = run("check", "--library", root)
    assert result.exit_code == 0
    assert "library.yaml:1:1: warning: support: no crisis line is set" in result.stderr


def test_references_and_the_guide_go_to_the_therapist_notes(tmp_path: Path) -> None:
    root = library(tmp_path)
    build_site(root, jobs=1)
    sheet = " ".join(text(root / "site" / "pdf" / "worry-time-a4.pdf").split())
    notes_pdf = root / "site" / "pdf" / "worry-time-a4-therapist-notes.pdf"
    notes = " ".join(text(notes_pdf).split())
    assert "Borkovec" not in sheet and "Explain that worry can wait" not in sheet
    assert "Sources: in the therapist notes" in sheet
    assert "Borkovec" in notes and "Explain that worry can wait for its own time." in notes
    assert "Pick a time and a place for worry time." in notes, "the rehearsal script"
    assert len(PdfReader(notes_pdf).pages) == 1
    page = (root / "site" / "worksheets" / "worry-time.html").read_text()
    assert "worry-time-a4-therapist-notes.pdf" in page and "therapist notes" in page


def test_the_task_starts_on_page_one_and_the_plan_is_one_block(tmp_path: Path) -> None:
    root = library(tmp_path)
    build_site(root, jobs=1)
    first = " ".join(text(root / "site" / "pdf" / "worry-time-a4.pdf", 0).split())
    assert first.index("Why this helps") < first.index("Worries I put off") < first.index("My plan this week")
    assert "How sure am I that I can do it?" in first


def test_wide_sheets_are_landscape_throughout() -> None:
    from generator.format.library import load_library
    from generator.paper.printing import is_landscape

    lib = load_library(REPO)
    assert is_landscape(lib.worksheets["thought-record"])
    assert not is_landscape(lib.worksheets["paced-breathing"])


def _fields(path: Path) -> dict[str, object]:
    return PdfReader(path).get_fields() or {}


@pytest.fixture(scope="module")
def fillable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fillable sheet with every kind of field: lines, a table, a scale, ticks, the plan."""
    root = library(tmp_path_factory.mktemp("fillable"), settings=f"papers: [a4]\nsupport: {SUPPORT}\n")
    sheet = root / "worksheets" / "worry-time.yaml"
    sheet.write_text(
        sheet.read_text()
        + "  - type: scale\n    question: How strong was the worry?\n"
        + "    anchors: {0: Not at all, 10: The most ever}\n"
        + "  - type: table\n    columns: [Worry, What I did]\n    rows: 2\n"
        + "  - type: checklist\n    items: [Wrote it down]\n"
        + "  - type: review\n",
        "utf-8",
    )
    build_site(root, jobs=1)
    return root / "site" / "pdf" / "worry-time-a4-fillable.pdf"


def test_fillable_pdfs_have_no_radio_buttons(fillable: Path) -> None:
    """Apple Preview and the iOS Files app lose radio-button values on save."""
    fields = _fields(fillable)
    assert any(name.startswith("scale-") for name in fields), sorted(fields)
    for name, field in fields.items():
        flags = int(field.get("/Ff", 0))  # type: ignore[attr-defined]
        assert not flags & (1 << 15), f"{name} is a radio button"


def test_every_field_can_be_set_and_read_back_after_a_save(fillable: Path, tmp_path: Path) -> None:
    reader = PdfReader(fillable)
    writer = PdfWriter(clone_from=reader)
    fields = _fields(fillable)
    values = {}
    for name, field in fields.items():
        if field.get("/FT") == "/Tx":  # type: ignore[attr-defined]
            values[name] = f"v {name}"
    ticks = [n for n, f in fields.items() if f.get("/FT") == "/Btn"]  # type: ignore[attr-defined]
    assert values and ticks
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            if widget.get("/T") in ticks:
                on = next(k for k in widget["/AP"]["/N"] if k != "/Off")
                widget[NameObject("/V")] = NameObject(on)
                widget[NameObject("/AS")] = NameObject(on)
    saved = tmp_path / "saved.pdf"
    with saved.open("wb") as stream:
        writer.write(stream)
    again = _fields(saved)
    for name, value in values.items():
        assert again[name].get("/V") == value, name  # type: ignore[attr-defined]
    for name in ticks:
        assert again[name].get("/V") not in (None, "/Off"), name  # type: ignore[attr-defined]


PDFJS = REPO / "tests" / "node"


def _pdfjs(*args: Path) -> dict[str, dict[str, object]]:
    if not shutil.which("node") or not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        message = "PDF.js is not installed: run 'npm ci --prefix tests/node'"
        if os.environ.get("WORKSHEETS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        ["node", str(PDFJS / "fields.mjs"), *map(str, args)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_pdfjs_reads_every_field_and_keeps_values_through_its_save(fillable: Path, tmp_path: Path) -> None:
    seen = _pdfjs(fillable)
    assert set(seen) == set(_fields(fillable)), "PDF.js sees the same fields as pypdf"
    assert {f["type"] for f in seen.values()} == {"text", "checkbox"}
    values: dict[str, object] = {
        name: (True if field["type"] == "checkbox" else f"answer {name}") for name, field in seen.items()
    }
    (tmp_path / "values.json").write_text(json.dumps(values))
    saved = tmp_path / "pdfjs-saved.pdf"
    _pdfjs(fillable, tmp_path / "values.json", saved)
    again = _pdfjs(saved)
    for name, value in values.items():
        if value is True:
            assert again[name]["value"] not in ("Off", None, ""), name
        else:
            assert again[name]["value"] == value, name
    by_pypdf = _fields(saved)
    for name, value in values.items():
        got = by_pypdf[name].get("/V")  # type: ignore[attr-defined]
        assert (got not in (None, "/Off")) if value is True else got == value, name


def test_a_tailored_copy_can_carry_the_therapist_notes(tmp_path: Path) -> None:
    root = library(tmp_path)
    plain, with_notes = tmp_path / "plain.pdf", tmp_path / "notes.pdf"
    assert run("tailor", "worry-time", "--client", "J. R.", "-o", plain, "--library", root).exit_code == 0
    result = run(
        "tailor", "worry-time", "--client", "J. R.", "--therapist-notes", "-o", with_notes, "--library", root
    )
    assert result.exit_code == 0, result.output
    assert "Rehearsal script" not in text(plain) and "Borkovec" not in text(plain)
    pages = len(PdfReader(with_notes).pages)
    assert pages == len(PdfReader(plain).pages) + 1, "the notes start on a page of their own"
    last = " ".join(text(with_notes, pages - 1).split())
    assert "Rehearsal script" in last and "Borkovec" in last


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_logo_prints_in_the_header(tmp_path: Path) -> None:
    root = library(tmp_path, settings=f"papers: [a4]\nlogo: logo.png\nsupport: {SUPPORT}\n")
    (root / "assets").mkdir()
    (root / "assets" / "logo.png").write_bytes(PNG)
    report = build_site(root, jobs=1)
    assert report.warnings == []
    page = PdfReader(root / "site" / "pdf" / "worry-time-a4.pdf").pages[0]
    assert len(page.images) == 1, "the logo, on page 1"


def test_ranges_and_percentages_never_break_in_narrow_column_heads(tmp_path: Path) -> None:
    root = library(tmp_path, settings=f"papers: [a4]\nsupport: {SUPPORT}\n")
    sheet = root / "worksheets" / "worry-time.yaml"
    narrow = "[Situation, Feeling 0-100%, Belief 0-100%, At 10:30, Rating (0-10), A, B, C, D, E, F, G]"
    table = f"  - type: table\n    columns: {narrow}\n    rows: 2\n"
    sheet.write_text(
        sheet.read_text().replace("sections:\n", "orientation: portrait\nsections:\n" + table), "utf-8"
    )
    build_site(root, jobs=1)
    lines = text(root / "site" / "pdf" / "worry-time-a4.pdf", 0).splitlines()
    for whole in ("0-100%", "10:30", "(0-10)"):
        assert any(whole in line for line in lines), (whole, lines)
    assert not any(line.rstrip().endswith(("0-", "(0-", "10:")) for line in lines), lines
