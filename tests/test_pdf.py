"""The PDFs a client holds: right size, nothing off the page, described, tagged, small, repeatable."""

from __future__ import annotations

import itertools
import statistics
import textwrap
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from generator.build import BuildReport, build_site
from generator.format.library import load_library
from generator.paper.printing import is_landscape

from conftest import REPO
from pdfcheck import page_count, strays, text
from pdfcheck import page_sizes as sizes

A4 = (595, 842)
LETTER = (612, 792)
WORD = "x" * 300

STRESS = {
    "long-word.yaml": f"""\
        title: A very long word
        summary: {WORD}
        purpose: |
          Here is a word that never ends: {WORD}
        rehearsal:
          - {WORD}
        sections:
          - type: lines
            example: {WORD}
          - type: table
            columns: [A, B]
            example: ["{WORD}", "{WORD}"]
          - type: checklist
            items: ["{WORD}"]
          - type: scale
            question: {WORD}
            anchors: {{0: "{WORD[:80]}", 10: "{WORD[:80]}"}}
          - type: obstacles
            common:
              - obstacle: {WORD}
                plan: {WORD}
        """,
    "many-steps.yaml": "title: Sixty steps\nsummary: Lots of rehearsal.\npurpose: Practice.\nrehearsal:\n"
    + "".join(f"  - Step number {i} of the rehearsal, written out as a full sentence.\n" for i in range(60))
    + "sections:\n  - type: log\n    entries: 31\n  - type: review\n",
    "ten-columns.yaml": """\
        title: Ten columns
        summary: A wide table.
        purpose: Practice.
        rehearsal: [Try it.]
        sections:
          - type: table
            columns: [One column heading, Two, Three, Four, Five, Six, Seven, Eight, Nine, Ten]
            rows: 30
            example: [a, b, c, d, e, f, g, h, i, j]
          - type: table
            row_labels: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]
            columns: [6-8, 8-10, 10-12, 12-2, 2-4, 4-6, 6-8, 8-10, 10-12, Night]
        """,
    "long-title.yaml": "title: " + ("Title words " * 420).strip() + "\nsummary: Long.\npurpose: Why.\n"
    "rehearsal: [Do it.]\nsections:\n  - type: ladder\n  - type: plan\n  - type: agreement\n  - type: readiness\n",
}


def write_library(root: Path, sheets: dict[str, str], settings: str = "") -> Path:
    (root / "worksheets").mkdir(parents=True)
    for name, body in sheets.items():
        (root / "worksheets" / name).write_text(textwrap.dedent(body), "utf-8")
    if settings:
        (root / "library.yaml").write_text(textwrap.dedent(settings), "utf-8")
    return root


@pytest.fixture(scope="session")
def stress(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_library(
        tmp_path_factory.mktemp("stress"),
        STRESS,
        f"""\
        clinic: "{"The Very Long Name of a Community Mental Health Clinic " * 4}"
        base_url: https://clinic.example/library/
        large_print: true
        papers: [a4, letter]
        """,
    )
    build_site(root, root / "site")
    return root / "site"


def pdfs(folder: Path) -> list[Path]:
    return sorted((folder / "pdf").glob("*.pdf"))


def test_every_worksheet_in_every_paper_size_printable_and_fillable(
    bundled: tuple[Path, BuildReport],
) -> None:
    site, report = bundled
    lib = load_library(REPO)
    kinds = ("a4", "a4-fillable", "a4-therapist-notes", "letter", "letter-fillable", "letter-therapist-notes")
    expected = sorted(f"{i}-{s}.pdf" for i in lib.worksheets for s in kinds)
    assert [p.name for p in pdfs(site)] == expected
    translated = sum(len(found) for found in lib.translations.values())  # in their languages' folders
    papers = {"es": 2, "ar": 1}
    assert report.pdfs == len(expected) + sum(
        3 * papers[language] * len(found) for language, found in lib.translations.items()
    ), translated
    assert report.warnings == [], "WeasyPrint warned, or a sheet is over its page budget or wastes a page"
    for path in pdfs(site):
        paper = A4 if "-a4" in path.name else LETTER
        ident = path.name.split("-a4")[0].split("-letter")[0]
        turned = is_landscape(lib.worksheets[ident]) and "therapist-notes" not in path.name
        assert set(sizes(path)) == {paper[::-1] if turned else paper}, path.name


def test_every_bundled_sheet_fits_its_page_budget(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    lib = load_library(REPO)
    for ident, sheet in lib.worksheets.items():
        budget = sheet.page_budget.pages if sheet.page_budget else lib.settings.page_budget
        for suffix in ("a4", "a4-fillable", "letter", "letter-fillable"):
            pages = page_count(site / "pdf" / f"{ident}-{suffix}.pdf")
            assert pages <= budget, f"{ident}-{suffix}: {pages} pages"
        for suffix in ("a4-therapist-notes", "letter-therapist-notes"):
            assert page_count(site / "pdf" / f"{ident}-{suffix}.pdf") == 1, f"{ident}-{suffix}"


def test_wide_tables_turn_the_whole_sheet(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    assert set(sizes(site / "pdf" / "activity-schedule-a4.pdf")) == {A4[::-1]}
    assert set(sizes(site / "pdf" / "thought-record-letter.pdf")) == {LETTER[::-1]}
    assert set(sizes(site / "pdf" / "paced-breathing-a4.pdf")) == {A4}


def test_nothing_off_the_page_in_the_bundled_library(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    for path in pdfs(site):
        assert strays(path) == [], path.name


@pytest.mark.slow
def test_nothing_off_the_page_in_stress_cases(stress: Path) -> None:
    names = [p.name for p in pdfs(stress)]
    assert len(names) == len(STRESS) * 8, "printable, fillable, large print and notes in two sizes"
    for path in pdfs(stress):
        assert strays(path) == [], path.name


def test_page_one_leads_with_purpose_and_rehearsal(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    path = site / "pdf" / "thought-record-a4.pdf"
    first = text(path, 0)
    assert (
        first.index("Thought record")
        < first.index("Why this helps")
        < first.index("Practise it together first")
    )
    assert "Pick a recent moment when your mood changed." in first
    pages = len(sizes(path))
    assert f"Page 1 of {pages}" in first
    version = load_library(REPO).worksheets["thought-record"].version
    assert "Open CBT Worksheets" in first and f"Thought record, version {version}" in first
    assert "Name" in first and "Date" in first


def test_writing_space_is_sized_for_pens(tmp_path: Path) -> None:
    root = write_library(
        tmp_path / "lib",
        {
            "notes.yaml": "title: Notes\nsummary: Room to write.\npurpose: Why.\nrehearsal: [Try it.]\n"
            "sections:\n  - type: lines\n    lines: 8\n"
        },
        "papers: [a4]\n",
    )
    build_site(root, jobs=1)
    with pdfplumber.open(root / "site" / "pdf" / "notes-a4.pdf") as pdf:
        page = pdf.pages[0]
        tops = sorted(
            float(e["top"]) for e in page.edges if e["orientation"] == "h" and float(e["width"]) > 300
        )
    rules = [
        t for i, t in enumerate(tops) if i == 0 or t - tops[i - 1] > 1.5
    ]  # a rule's two edges count once
    gaps = [round(b - a, 1) for a, b in itertools.pairwise(rules)]
    common = statistics.mode(gaps)
    assert common >= 8 * 72 / 25.4, f"ruled lines {common / 72 * 25.4:.1f} mm apart"


def test_metadata_language_tags_and_fonts(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    reader = PdfReader(site / "pdf" / "sleep-diary-a4.pdf")
    info = reader.metadata
    assert info is not None
    assert info.title == "Sleep diary"
    assert info.author == "Open CBT Worksheets"
    assert info.subject and info.subject.startswith("Each morning, jot down a few notes")
    assert "insomnia" in (info.get("/Keywords") or "")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"].split("+")[-1]] = "/FontFile2" in descriptor or "/FontFile3" in descriptor
    assert fonts and all(fonts.values()), f"every font embedded: {fonts}"
    assert {name.split("-")[0] for name in fonts} <= {"Atkinson", "AtkinsonHyperlegible", "Noto", "NotoSans"}


def test_fillable_variant_has_named_form_fields(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    fields = PdfReader(site / "pdf" / "fear-ladder-a4-fillable.pdf").get_fields() or {}
    assert len(fields) > 40
    assert any(name.startswith("review-") for name in fields)
    assert any(name.startswith("step-") for name in fields)
    assert PdfReader(site / "pdf" / "fear-ladder-a4.pdf").get_fields() is None


def test_pdfs_are_small(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    printable = [p.stat().st_size for p in pdfs(site) if "fillable" not in p.name]
    fillable = [p.stat().st_size for p in pdfs(site) if "fillable" in p.name]
    # The largest is the activity schedule: a week of hours with two boxes in each of 126 cells.
    assert max(printable) < 120_000, f"largest printable {max(printable)} bytes"
    assert max(fillable) < 200_000, f"largest fillable {max(fillable)} bytes"
    assert statistics.median(printable) < 70_000


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    for ident in ("paced-breathing", "sleep-diary"):
        (lib / "worksheets" / f"{ident}.yaml").write_bytes(
            (REPO / "worksheets" / f"{ident}.yaml").read_bytes()
        )
    build_site(lib, tmp_path / "one", jobs=2)
    build_site(lib, tmp_path / "two", jobs=1)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert one == two and len(one) > 20
    for path in one:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path


@pytest.mark.slow
def test_large_print_and_qr_code(stress: Path) -> None:
    large = stress / "pdf" / "many-steps-a4-large-print.pdf"
    with pdfplumber.open(large) as pdf:
        body = [float(c["size"]) for page in pdf.pages for c in page.chars if in_body(page, c)]
    assert statistics.median(body) >= 15.9
    first = text(stress / "pdf" / "ten-columns-letter.pdf", 0)
    assert "clinic.example/library/" in first and "columns.html" in first, "the short link"
    assert qr_ink(stress / "pdf" / "ten-columns-letter.pdf") > 0.3, "the QR code is drawn at the top right"
    assert qr_ink(stress / "pdf" / "ten-columns-letter-large-print.pdf") > 0.3


def in_body(page: pdfplumber.page.Page, char: dict[str, object]) -> bool:
    """True for characters in the body (not the running header or footer)."""
    top = float(char["top"])  # type: ignore[arg-type]
    return 25 * 72 / 25.4 < top < float(page.height) - 25 * 72 / 25.4


def qr_ink(path: Path) -> float:
    """How dark the square where page 1's QR code goes is (a QR code is about half dark; text far less)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        scale = 100 / 72
        image = page.render(scale=scale).to_pil().convert("L")
        mm = 72 / 25.4 * scale
        right = image.width - 16 * mm  # the page margin
        box = (round(right - 26 * mm), round(23 * mm), round(right - 4 * mm), round(44 * mm))
        counts = image.crop(box).histogram()
    finally:
        document.close()
    return sum(counts[:128]) / sum(counts)


def test_the_edge_check_finds_text_fields_and_drawing_near_the_edge(tmp_path: Path) -> None:
    from weasyprint import HTML

    path = tmp_path / "edge.pdf"
    HTML(
        string="<style>@page { size: A4; margin: 0 } p { margin: 0 }</style>"
        '<p style="position: absolute; left: 3mm; top: 40mm">Edge</p>'
        '<input name="near" style="position: absolute; right: 4mm; top: 80mm; width: 30mm">'
        '<div style="position: absolute; left: 60mm; bottom: 2mm; width: 20mm; border-top: 1pt solid black"></div>'
        '<p style="position: absolute; left: 60mm; top: 100mm">Inside</p>'
    ).write_pdf(path, pdf_forms=True)
    found = strays(path)
    assert {(s.kind, s.what) for s in found if s.kind in ("char", "field")} == {
        ("char", "E"),
        ("char", "d"),
        ("char", "g"),
        ("char", "e"),
        ("field", "near"),
    }
    assert {s.what for s in found if s.kind == "ink"} == {"left", "right", "bottom"}


def test_a_sheet_for_children_plans_in_their_words(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    child = text(site / "pdf" / "calm-body-kids-a4.pdf")
    assert "When this happens" in child and "I will" in child
    assert "When I have put my pyjamas on, I will do five belly breaths" in child
    assert "Ask your grown-up to help you" in child
    assert "the moment or cue" not in child and "make the task smaller together" not in child
    adult = text(site / "pdf" / "thought-record-a4.pdf")
    assert "If (the moment or cue)" in adult and "make the task smaller together" in adult


def test_a_short_checklist_is_never_split(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    for paper in ("a4", "letter"):
        path = site / "pdf" / f"worry-exposure-{paper}.pdf"
        pages = [text(path, n) for n in range(len(sizes(path)))]
        where = {
            part: [n for n, page in enumerate(pages) if part in page]
            for part in (
                "no reassurance",
                "I stay with the story",
                "I keep the worst ending",
                "ask anyone or look it up",
            )
        }
        assert len({tuple(found) for found in where.values()}) == 1, (paper, where)
