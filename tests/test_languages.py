"""Languages: translated worksheets checked against their sources, the interface's catalogues, a
site and PDFs per language, right-to-left pages and sheets, and a font for every character."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import REPO, dedent, run

SOURCE = """\
title: Worry time
summary: Put worries off until a set time each day.
purpose: |
  Worry feels urgent. Putting it off to a set time shows you it can wait.
rehearsal:
  - Pick a time and a place for worry time.
  - Practise noticing a worry and writing it down for later.
technique: worry postponement
problems: [worry]
version: "1.1"
sections:
  - type: table
    name: worries
    columns: [The worry, {name: Time, hint: When did it come?, width: 1}]
    rows: 3
  - type: scale
    question: How strong was the worry?
    anchors: {0: Not at all, 10: The strongest ever}
  - type: ladder
    steps: 4
    rating: Worry (0-100)
  - type: diagram
    kind: cycle
    boxes: [Thought, Feeling, Action]
  - type: log
  - type: review
"""

SPANISH = """\
translation:
  language: es
  source_version: "1.1"
  translator: Maintainers of this library
  status: forward translation
  method: Translated from the English version 1.1 and read against it.
title: Tiempo para preocuparse
summary: Deja las preocupaciones para una hora fija cada día.
purpose: |
  La preocupación parece urgente. Dejarla para una hora fija te muestra que puede esperar.
rehearsal:
  - Elige una hora y un lugar para preocuparte.
  - Practica notar una preocupación y anotarla para después.
technique: aplazar la preocupación
problems: [preocupación]
sections:
  - columns: [La preocupación, {name: Hora, hint: ¿Cuándo llegó?}]
  - question: ¿Qué tan fuerte fue la preocupación?
    anchors: {0: Nada, 10: La más fuerte}
  - rating: Preocupación (0-100)
  - boxes: [Pensamiento, Sentimiento, Acción]
  - {}
  - {}
"""

ARABIC = """\
translation:
  language: ar
  source_version: "1.1"
  translator: Maintainers of this library
  status: forward translation
  method: Translated from the English version 1.1 and read against it.
title: وقت القلق
summary: أؤجل القلق إلى وقت محدد كل يوم، مثلًا 15 دقيقة عند الساعة 6.
purpose: |
  يبدو القلق عاجلًا. تأجيله إلى وقت محدد يُظهر لي أنه يستطيع الانتظار (CBT).
rehearsal:
  - أختار وقتًا ومكانًا للقلق.
  - أتدرب على ملاحظة القلق وكتابته لوقت لاحق.
technique: تأجيل القلق
problems: [القلق]
sections:
  - columns: [القلق, {name: الوقت, hint: متى جاء؟}]
  - question: ما مدى قوة القلق؟
    anchors: {0: لا شيء, 10: الأقوى على الإطلاق}
  - rating: القلق (0-100)
  - boxes: [فكرة, شعور, فعل]
  - {}
  - {}
"""


def library(root: Path, **files: str) -> Path:
    (root / "worksheets").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name.replace("__", "/").replace("_dot_", ".")).write_text(dedent(text), "utf-8")
    return root


def check(root: Path) -> str:
    result = run("check", "--library", root)
    return result.output


# -- translations ---------------------------------------------------------------------------------


def test_a_translation_gives_the_sheet_in_its_language(tmp_path: Path) -> None:
    from generator.format.library import load_library

    root = library(
        tmp_path,
        **{"worksheets__worry-time_dot_yaml": SOURCE, "worksheets__worry-time_dot_es_dot_yaml": SPANISH},
    )
    lib = load_library(root)
    sheet = lib.translations["es"]["worry-time"]
    assert (
        sheet.language == "es" and sheet.id == "worry-time" and sheet.file == "worksheets/worry-time.es.yaml"
    )
    assert sheet.title == "Tiempo para preocuparse"
    assert sheet.sections[0].column_list[1].name == "Hora" and sheet.sections[0].column_list[1].width == 1
    assert sheet.sections[1].anchors == {0: "Nada", 10: "La más fuerte"}
    assert sheet.sections[0].rows == 3, "numbers come from the source"
    assert sheet.translation.untranslated == []
    assert lib.worksheets["worry-time"].title == "Worry time"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("  - {}\n  - {}\n", "  - {}\n"),
            "worksheets/worry-time.es.yaml:17:3: error: sections: the source has 6 entries here and the translation 5",
        ),
        (
            (
                "  - rating: Preocupación (0-100)\n",
                "  - rating: Preocupación (0-100)\n    intro: Sube paso a paso.\n",
            ),
            "worksheets/worry-time.es.yaml:21:5: error: sections[2].intro: the source has no 'intro' here",
        ),
        (
            ("  - rating: Preocupación (0-100)\n", "  - rating: Preocupación (0-100)\n    steps: 5\n"),
            "worksheets/worry-time.es.yaml:21:12: error: sections[2].steps: the source has no text here",
        ),
        (
            ("  - {}\n  - {}\n", "  - {}\n  - {type: lines}\n"),
            "error: sections[5].type: 'type' is not translated (it is an id, a number or a code); leave it out",
        ),
        (
            ("{name: Hora, hint: ¿Cuándo llegó?}", "{name: Hora, hint: ¿Cuándo llegó?, width: 2}"),
            "error: sections[0].columns[1].width: the source has no text here (only text is translated); leave it out",
        ),
        (
            ("  - {}\n  - {}\n", "  - {}\n  - {title: Mi repaso}\n"),
            "error: sections[5].title: the source has no 'title' here (its heading is the default one, "
            "which is translated with the interface)",
        ),
        (
            ("  language: es\n", "  language: fr\n"),
            "error: translation.language: 'fr' but the file name says 'es'",
        ),
        (("  status: forward translation\n", "  status: done\n"), "error: translation.status:"),
        (('  source_version: "1.1"\n', ""), "error: translation: missing required key 'source_version'"),
    ],
)
def test_a_translation_that_does_not_fit_its_source_is_located(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert change[0] in SPANISH
    root = library(
        tmp_path,
        **{
            "worksheets__worry-time_dot_yaml": SOURCE,
            "worksheets__worry-time_dot_es_dot_yaml": SPANISH.replace(*change),
        },
    )
    output = check(root)
    assert expected in output, output


def test_file_names_and_missing_sources(tmp_path: Path) -> None:
    root = library(
        tmp_path,
        **{
            "worksheets__worry-time_dot_yaml": SOURCE,
            "worksheets__no-such-sheet_dot_es_dot_yaml": SPANISH,
            "worksheets__worry-time_dot_ES_dot_yaml": SPANISH,
            "worksheets__worry-time_dot_en_dot_yaml": SPANISH.replace("language: es", "language: en"),
        },
    )
    output = check(root)
    assert (
        "worksheets/no-such-sheet.es.yaml:1:1: error: a translation of 'no-such-sheet', but there is no worksheets/no-such-sheet.yaml"
        in output
    )
    assert "worksheets/worry-time.ES.yaml:1:1: error: the file name 'worry-time.ES.yaml' is neither" in output
    assert "worksheets/worry-time.en.yaml:1:1: error: 'worry-time' is already written in 'en'" in output


def test_lint_names_what_falls_back_a_stale_translation_and_an_unpublished_language(tmp_path: Path) -> None:
    partial = SPANISH.replace(
        "  - Practica notar una preocupación y anotarla para después.\n", "  - ~\n"
    ).replace("    anchors: {0: Nada, 10: La más fuerte}\n", "")
    root = library(
        tmp_path,
        **{
            "worksheets__worry-time_dot_yaml": SOURCE.replace('version: "1.1"', 'version: "1.2"'),
            "worksheets__worry-time_dot_es_dot_yaml": partial,
        },
    )
    from generator.format.library import load_library

    sheet = load_library(root).translations["es"]["worry-time"]
    assert sheet.rehearsal[1] == "Practise noticing a worry and writing it down for later.", "falls back"
    assert sheet.sections[1].anchors == {0: "Not at all", 10: "The strongest ever"}
    output = run("lint", "--library", root).output
    assert (
        "worksheets/worry-time.es.yaml:1:1: warning: 3 texts not translated, shown in 'en' instead: "
        "rehearsal[1], sections[1].anchors[0], sections[1].anchors[10]" in output
    ), output
    assert (
        "warning: translation.source_version: made from version 1.1, but worksheets/worry-time.yaml is now version 1.2"
        in output
    )
    assert "warning: translation.language: 'es' is not one of the library's languages" in output


# -- the interface's catalogues -------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
SHIPPED = {"es": 2, "ar": 6}


def catalogue(language: str) -> object:
    path = REPO / "generator" / "locale" / language / "LC_MESSAGES" / "worksheets.po"
    with path.open("rb") as source:
        return read_po(source)


@pytest.mark.parametrize("language", sorted(SHIPPED))
def test_every_interface_string_is_translated_with_its_placeholders(language: str) -> None:
    with (REPO / "generator" / "locale" / "worksheets.pot").open("rb") as source:
        template = read_po(source)
    found = catalogue(language)
    assert found.num_plurals == SHIPPED[language]  # type: ignore[attr-defined]
    missing, broken = [], []
    for message in template:
        if not message.id:
            continue
        mine = found.get(message.id)  # type: ignore[attr-defined]
        if mine is None or not mine.string or (isinstance(mine.string, tuple) and not all(mine.string)):
            missing.append(message.id)
            continue
        wanted = set(PLACEHOLDER.findall(message.id if isinstance(message.id, str) else message.id[1]))
        forms = mine.string if isinstance(mine.string, tuple) else (mine.string,)
        if isinstance(mine.string, tuple):
            assert len(forms) == SHIPPED[language], message.id
        for index, form in enumerate(forms):
            got = set(PLACEHOLDER.findall(form))
            allowed = {"%(num)s"} if isinstance(mine.string, tuple) and index < 3 else set()
            if got - wanted or wanted - got - allowed:
                broken.append((message.id, form))
    assert missing == [], f"{len(missing)} strings are not translated into {language}: {missing[:5]}"
    assert broken == [], broken[:5]


def test_the_arabic_plurals_choose_all_six_forms() -> None:
    from generator.catalogues import translations

    words = translations("ar")
    counts = (0, 1, 2, 3, 11, 100)
    assert [words.plural(n) for n in counts] == [0, 1, 2, 3, 4, 5]  # type: ignore[attr-defined]
    forms = [words.ngettext("PDF, %(num)s page, %(size)s", "PDF, %(num)s pages, %(size)s", n) for n in counts]
    assert len(set(forms[:4])) == 4 and "%(num)s" in forms[3], forms
    assert translations("es").gettext("Why this helps") == "Por qué ayuda"
    assert translations("es-MX").gettext("Why this helps") == "Por qué ayuda", (
        "a region falls back to its language"
    )


# -- the bundled library in its languages ----------------------------------------------------------

TRANSLATED = {
    language: sorted(p.name.split(".")[0] for p in (REPO / "worksheets").glob(f"*.{language}.yaml"))
    for language in ("es", "ar")
}
OURS = ("Atkinson-Hyperlegible", "Noto-Sans", "NotoSans")


def test_the_shipped_translations() -> None:
    assert len(TRANSLATED["es"]) >= 10 and "safety-plan" in TRANSLATED["es"]
    assert len(TRANSLATED["ar"]) >= 3 and "safety-plan" in TRANSLATED["ar"]
    from generator.format.library import load_library

    lib = load_library(REPO)
    assert lib.settings.languages == ["es", "ar"]
    for language, ids in TRANSLATED.items():
        for ident in ids:
            sheet = lib.translations[language][ident]
            assert sheet.translation.untranslated == [], (language, ident)
            assert sheet.translation.info.source_version == lib.worksheets[ident].version, (language, ident)
            first = (REPO / sheet.file).read_text("utf-8").splitlines()[0]
            assert first.startswith("# ") and "made" in first.lower(), "each file says how it was made"


def test_a_site_per_language(bundled: tuple[Path, object]) -> None:
    site = bundled[0]
    for page in site.rglob("*.html"):
        top = page.relative_to(site).parts[0]
        language = top if top in ("es", "ar") else "en"
        head = page.read_text("utf-8")[:200]
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in head, page
    for language, ids in TRANSLATED.items():
        assert sorted(p.stem for p in (site / language / "worksheets").glob("*.html")) == ids
        assert sorted(p.stem for p in (site / language / "fill").glob("*.html")) == ids
    page = (site / "es" / "worksheets" / "safety-plan.html").read_text("utf-8")
    assert 'hreflang="en" href="../../worksheets/safety-plan.html"' in page
    assert 'hreflang="ar" href="../../ar/worksheets/safety-plan.html"' in page
    assert (
        '<a href="../../ar/worksheets/safety-plan.html" lang="ar" hreflang="ar" dir="rtl">العربية</a>' in page
    )
    assert "Por qué ayuda" in page and "no son un servicio de crisis" in page
    untranslated = next(i for i in TRANSLATED["es"] if i not in TRANSLATED["ar"])
    assert (
        'hreflang="ar" href="../../ar/index.html"'
        in (site / "es" / "worksheets" / f"{untranslated}.html").read_text()
    )
    assert '<link rel="alternate" hreflang="es" href="es/index.html">' in (site / "index.html").read_text()


def index_of(site: Path, name: str) -> dict[str, str]:
    text = (site / "static" / name).read_text("utf-8")
    return json.loads(text.split("=", 1)[1].strip().rstrip(";"))  # type: ignore[no-any-return]


def test_search_per_language(bundled: tuple[Path, object]) -> None:
    site = bundled[0]
    spanish = index_of(site, "search-index.es.js")
    assert sorted(spanish) == TRANSLATED["es"]
    assert "preocupacion" in spanish["worry-time"], "accents are folded as the search box folds them"
    arabic = index_of(site, "search-index.ar.js")
    assert sorted(arabic) == TRANSLATED["ar"]
    assert not re.search("[\u064b-\u0652\u0640]", " ".join(arabic.values())), "no vowel marks or tatweel"
    assert "الامان" in arabic["safety-plan"], "hamza folded as the search box folds it (الأمان)"
    assert (
        '<script src="../static/search-index.es.js" defer></script>'
        in (site / "es" / "library.html").read_text()
    )


def test_pdfs_per_language_in_the_paper_of_its_readers(bundled: tuple[Path, object]) -> None:
    site = bundled[0]
    assert {p.name for p in (site / "ar" / "pdf").glob("safety-plan-*.pdf")} == {
        "safety-plan-a4.pdf",
        "safety-plan-a4-fillable.pdf",
        "safety-plan-a4-therapist-notes.pdf",
    }
    assert (site / "es" / "pdf" / "safety-plan-letter.pdf").is_file() and (
        site / "es" / "pdf" / "safety-plan-a4.pdf"
    ).is_file()
    from pdfcheck import page_count

    text = pdf_text(site / "es" / "pdf" / "safety-plan-a4.pdf")
    assert "Plan de seguridad" in text and "Página 1 de" in text
    assert "no son un servicio de crisis" in text, "the crisis help in the sheet's language"
    assert "Servicios de emergencia" in text, "the library's crisis lines, named in Spanish"
    for language, ids in TRANSLATED.items():
        for ident in ids:
            for pdf in (site / language / "pdf").glob(f"{ident}-*.pdf"):
                pages = page_count(pdf)
                assert pages <= (1 if "therapist-notes" in pdf.name else 3), (pdf.name, pages)


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)


def fonts_and_characters(path: Path) -> tuple[set[str], set[str]]:
    """The fonts every piece of a PDF's text is drawn in (with whether each is embedded), and its
    characters."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    fonts: set[str] = set()
    chars: set[str] = set()
    name = ctypes.create_string_buffer(256)
    for page in pdfium.PdfDocument(path):
        chars |= {c for c in page.get_textpage().get_text_range() if ord(c) > 0x20}
        for item in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,), max_depth=8):
            font = raw.FPDFTextObj_GetFont(item.raw)
            raw.FPDFFont_GetBaseFontName(font, name, 256)
            embedded = raw.FPDFFont_GetIsEmbedded(font)
            fonts.add(name.value.decode("latin-1").split("+")[-1] + ("" if embedded else " (not embedded)"))
    return fonts, chars


def test_every_character_in_every_pdf_is_drawn_in_an_embedded_bundled_font(
    bundled: tuple[Path, object],
) -> None:
    """No missing-glyph box and no font borrowed from the machine, in any language."""
    from generator.paper.glyphs import covered

    known = covered()
    for pdf in sorted(bundled[0].rglob("*.pdf")):
        fonts, chars = fonts_and_characters(pdf)
        assert all(font.startswith(OURS) and "not embedded" not in font for font in fonts), (pdf.name, fonts)
        assert not [c for c in chars if ord(c) not in known and c not in "\ufffe\uffff"], pdf.name


def test_a_sheet_with_characters_no_font_has_is_named(tmp_path: Path) -> None:
    """Japanese, Chinese and Korean have no bundled font: the build says which characters, where."""
    root = library(
        tmp_path, **{"worksheets__worry-time_dot_yaml": SOURCE.replace("Worry time", "Worry time 心配の時間")}
    )
    result = run("build", "--no-pdf", "--library", root)
    assert result.exit_code == 0
    assert (
        "worksheets/worry-time.yaml:1:8: warning: title: no font the sheets use can draw '心' (U+5FC3), '配' (U+914D), "
        "'の' (U+306E), '時' (U+6642), '間' (U+9593); they would print as empty boxes or in a font borrowed from the machine"
        in result.output
    ), result.output
    strict = run("build", "--no-pdf", "--strict", "--library", root)
    assert strict.exit_code == 1 and "error: title: no font" in strict.output


def words_of(path: Path, page: int = 0) -> list[dict[str, object]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].extract_words(keep_blank_chars=False, use_text_flow=False)  # type: ignore[no-any-return]


def test_right_to_left_sheets_are_mirrored(bundled: tuple[Path, object]) -> None:
    site = bundled[0]
    import pdfplumber

    arabic = site / "ar" / "pdf" / "safety-plan-a4.pdf"
    english = site / "pdf" / "safety-plan-a4.pdf"
    with pdfplumber.open(arabic) as pdf:
        page = pdf.pages[0]
        width = float(page.width)
        title = [w for w in page.extract_words() if w["top"] < 120 and w["bottom"] - w["top"] > 14]
        assert title, "the title is the largest text at the top"
        assert max(float(w["x1"]) for w in title) > width - 15 * 72 / 25.4 - 6, (
            "the title starts at the right"
        )
        clinic = [w for w in page.extract_words() if w["top"] < 50 and "Open" in str(w["text"])]
        assert clinic and float(clinic[0]["x0"]) > width / 2, "the clinic's name heads the page at the right"
    with pdfplumber.open(english) as pdf:
        page = pdf.pages[0]
        title = [w for w in page.extract_words() if w["text"] == "Safety" and w["bottom"] - w["top"] > 14]
        assert title and float(title[0]["x0"]) < 60, "and the English one at the left"
    from generator.format.library import load_library
    from generator.format.settings import in_language
    from generator.paper.printing import sheet_html
    from generator.render import Templates
    from generator.web.site import Variant

    lib = load_library(REPO)
    html = sheet_html(
        Templates(REPO, "ar"),
        in_language(lib.settings, "ar"),
        lib.translations["ar"]["cbt-cycle"],
        Variant("a4"),
    )
    svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="drawn-svg"', 1)[1].split("</svg>", 1)[0]
    assert "<text" not in svg and 'transform="translate(' in svg and "scale(-1 1)" in svg, (
        "mirrored, no SVG text"
    )
    assert re.search(
        r'<div class="drawn-label bold" style="right: [\d.]+mm; text-align: right; top: [\d.]+mm', html
    )
    assert "الأفكار</div>" in html, "the drawing's words are set as the page's own text, shaped whole"


GOLDEN = REPO / "tests" / "golden" / "rtl"
RTL_PAGES = [
    ("safety-plan-a4", 1),
    ("safety-plan-a4", 2),
    ("thought-record-a4", 1),
    ("fear-ladder-a4", 1),
    ("cbt-cycle-a4", 1),
]
"""Right-to-left pages kept as images, looked at when they were made: tables, a ladder, a cycle
diagram, Arabic mixed with numbers and Latin words. Refresh after a deliberate change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_languages.py -k golden -n0`, and look at them."""


def page_image(path: Path, number: int) -> object:
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(path)[number - 1].render(scale=40 / 72, grayscale=True).to_pil().convert("L")


@pytest.mark.parametrize(("name", "number"), RTL_PAGES)
def test_right_to_left_pages_match_their_golden_images(
    bundled: tuple[Path, object], name: str, number: int
) -> None:
    import os

    from PIL import ImageChops, ImageStat

    image = page_image(bundled[0] / "ar" / "pdf" / f"{name}.pdf", number)
    golden = GOLDEN / f"{name}-{number}.png"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)  # type: ignore[attr-defined]
        return
    from PIL import Image

    expected = Image.open(golden).convert("L")
    assert image.size == expected.size, (name, number, image.size, expected.size)  # type: ignore[attr-defined]
    difference = ImageStat.Stat(ImageChops.difference(image, expected)).mean[0]  # type: ignore[arg-type]
    assert difference < 1.0, (
        f"{name} page {number} differs from its golden image by {difference:.2f} on average"
    )


def test_a_tailored_copy_in_the_clients_language(tmp_path: Path) -> None:
    root = library(
        tmp_path,
        **{"worksheets__worry-time_dot_yaml": SOURCE, "worksheets__worry-time_dot_es_dot_yaml": SPANISH},
    )
    (root / "library.yaml").write_text(
        "languages: [es]\nsupport: Call 999.\ntranslated: {es: {support: Llama al 112.}}\n", "utf-8"
    )
    out = tmp_path / "out.pdf"
    result = run(
        "tailor", "worry-time", "--client", "J. R.", "--language", "es", "-o", out, "--library", root
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Tiempo para preocuparse" in text and "Por qué ayuda" in text and "Llama al 112." in text
    assert "Worry time" not in text
