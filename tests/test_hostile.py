"""Hostile and broken input: content is data, never code; every refusal is located; a library's
settings and a therapist's assignment get the same care as worksheets."""

from __future__ import annotations

import functools
import re
import textwrap
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build_site
from generator.errors import ContentError
from generator.format.library import load_library
from generator.format.model import Worksheet
from generator.format.settings import Settings
from generator.format.sources import parse
from generator.format.validate import validate
from generator.paper.printing import sheet_html
from generator.render import Templates
from generator.web.site import Variant

from conftest import REPO, VALID, run
from pdfcheck import text


def settings_problems(body: str, tmp_path: Path) -> list[str]:
    (tmp_path / "worksheets").mkdir(exist_ok=True)
    (tmp_path / "library.yaml").write_text(textwrap.dedent(body))
    result = run("check", "--library", tmp_path)
    return result.stderr.splitlines()[:-1]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "logo: ../../etc/passwd\n",
            [
                'library.yaml:1:7: error: logo: expected a file inside the library\'s assets/ folder, like "logo.png", got "../../etc/passwd"'
            ],
            id="logo-path-escape",
        ),
        pytest.param(
            "logo: /etc/passwd\n",
            [
                'library.yaml:1:7: error: logo: expected a file inside the library\'s assets/ folder, like "logo.png", got "/etc/passwd"'
            ],
            id="logo-absolute",
        ),
        pytest.param(
            "base_url: javascript:alert(1)\n",
            [
                'library.yaml:1:11: error: base_url: expected a web address starting with "https://", got "javascript:alert(1)"'
            ],
            id="base-url-javascript",
        ),
        pytest.param(
            "base_url: https://a.example/ x\n",
            [
                'library.yaml:1:11: error: base_url: expected a web address starting with "https://", got "https://a.example/ x"'
            ],
            id="base-url-space",
        ),
        pytest.param(
            "colours:\n  accent: '#fff; } body { display: none'\n",
            [
                'library.yaml:2:11: error: colours.accent: expected a colour like "#2f5d8a", got "#fff; } body { display: none"'
            ],
            id="colour-css-injection",
        ),
        pytest.param(
            "papers: [a4, legal]\n",
            ["library.yaml:1:14: error: papers[1]: expected 'a4' or 'letter', got \"legal\""],
            id="paper",
        ),
        pytest.param(
            "clinic: [1, 2]\n",
            ["library.yaml:1:9: error: clinic: expected text, got a list"],
            id="clinic-list",
        ),
        pytest.param(
            "clnic: Harbour\n",
            ["library.yaml:1:1: error: clnic: unknown key 'clnic'; did you mean 'clinic'?"],
            id="settings-typo",
        ),
        pytest.param(
            "format: 9\n",
            [
                "library.yaml:1:9: error: format: this file is in format 9, but this version of the tool reads format 1; update the tool"
            ],
            id="settings-format",
        ),
        pytest.param(
            "lint:\n  reading_grade: 0\n",
            ["library.yaml:2:18: error: lint.reading_grade: expected a whole number from 1 to 20, got 0"],
            id="lint-rule",
        ),
        pytest.param(
            "task_name: !!python/name:os.system\n",
            [
                "library.yaml:1:12: error: task_name: the tag !!python/name:os.system is not allowed: worksheets hold only text, numbers, dates, lists and mappings"
            ],
            id="settings-python-tag",
        ),
        pytest.param(
            "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
            [
                "library.yaml:5:1: error: the file expands to more than 50,000 values (aliases repeat what they point to); write the values out or use fewer aliases"
            ],
            id="settings-alias-bomb",
        ),
    ],
)
def test_bad_settings(tmp_path: Path, body: str, expected: list[str]) -> None:
    assert settings_problems(body, tmp_path) == expected


def assignment_problems(body: str | bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_bytes(body.encode() if isinstance(body, str) else body)
    result = run("tailor", path, "-o", tmp_path / "out.pdf", "--library", REPO)
    assert not (tmp_path / "out.pdf").exists()
    return [line.replace(path.as_posix(), "a.yaml") for line in result.stderr.splitlines()[:-1]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "worksheet: worry-time\nclient: A\nassigned: 2026-02-30\n",
            ["a.yaml:3:11: error: assigned: '2026-02-30' is not a real date; write it as YYYY-MM-DD"],
            id="impossible-date",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: A\nclient: B\n",
            ["a.yaml:3:1: error: duplicate key 'client' (first written on line 2); keep one of them"],
            id="duplicate-key",
        ),
        pytest.param(
            "worksheet: ../../etc/passwd\nclient: A\n",
            [
                'a.yaml:1:12: error: worksheet: expected lowercase words joined by hyphens, like "thought-record", got "../../etc/passwd"'
            ],
            id="id-path-escape",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: A\nfillable: maybe\n",
            ['a.yaml:3:11: error: fillable: expected true or false, got "maybe"'],
            id="bool",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: A\ndays: 40\n",
            ["a.yaml:3:7: error: days: expected a whole number from 1 to 31, got 40"],
            id="days",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: A\nclinet: B\n",
            ["a.yaml:3:1: error: clinet: unknown key 'clinet'; did you mean 'client'?"],
            id="assignment-typo",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: A\nplan:\n  wen: morning\n",
            ["a.yaml:4:3: error: plan.wen: unknown key 'wen'; did you mean 'when'?"],
            id="plan-typo",
        ),
        pytest.param(
            "worksheet: [worry-time\n",
            [
                "a.yaml:2:1: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 12)"
            ],
            id="syntax",
        ),
        pytest.param(
            "\xff\xfeworksheet".encode("latin-1"),
            ["a.yaml:1:1: error: the file is saved as UTF-16; save it as UTF-8 instead"],
            id="utf-16",
        ),
        pytest.param(
            "worksheet: worry-time\nclient: !!binary aGVsbG8=\n",
            [
                "a.yaml:2:9: error: client: the tag !!binary is not allowed: worksheets hold only text, numbers, dates, lists and mappings"
            ],
            id="binary-tag",
        ),
    ],
)
def test_bad_assignments(tmp_path: Path, body: str | bytes, expected: list[str]) -> None:
    assert assignment_problems(body, tmp_path) == expected


def tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a page with its attributes, as a browser would read them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="position:fixed;top:0">covered</p>',
    "{{ settings.clinic }}{% for x in range(99999999) %}{% endfor %}",
    "[a link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='https://evil.example/' onclick='steal()'>x</a>",
]


def test_injection_in_content_comes_out_as_text(tmp_path: Path) -> None:
    """Script, event handlers, javascript: and data: links, iframes, style and template syntax in a
    worksheet's Markdown, plain text and labels: the site shows them as text and runs none of it."""
    import yaml

    sheet = yaml.safe_load(VALID)
    sheet["title"] = "<script>alert(1)</script> {{ 7*7 }}"
    sheet["purpose"] = "\n\n".join(HOSTILE)
    sheet["rehearsal"] = HOSTILE[:3]
    sheet["technique"] = "<b onmouseover=alert(1)>x</b>"
    sheet["tags"] = ["{% raw %}", "</title><script>x</script>"]
    sheet["sections"].append({"type": "prose", "text": "\n\n".join(HOSTILE)})
    (tmp_path / "worksheets").mkdir()
    (tmp_path / "worksheets" / "hostile.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True))
    (tmp_path / "library.yaml").write_text(
        "clinic: '<img src=x onerror=alert(1)> Clinic'\ncontact: '[call](javascript:alert(1)) <script>x</script>'\n"
    )
    build_site(tmp_path, pdf=False)
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        assert all(
            re.fullmatch(r'<script src="[^"]+" defer>', tag) for tag in re.findall(r"<script\b[^>]*>", html)
        ), page
        assert not [name for tag, attrs in tags(html) for name, _ in attrs if name.startswith("on")], page
        targets = [unescape(v).strip().lower() for v in re.findall(r'\s(?:href|src)="([^"]*)"', html)]
        assert not [t for t in targets if t.startswith(("javascript:", "data:text", "vbscript:"))], page
        assert not [
            tag for tag, attrs in tags(html) if tag in ("iframe", "object", "embed") or "style" in dict(attrs)
        ], page
    page = (tmp_path / "site" / "worksheets" / "hostile.html").read_text()
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}</h1>" in page, "the title is shown as written"
    assert "{{ settings.clinic }}" in page, "template syntax in content is not run"


def test_injection_in_content_is_text_on_paper_too(tmp_path: Path) -> None:
    lib = tmp_path
    (lib / "worksheets").mkdir()
    (lib / "worksheets" / "hostile.yaml").write_text(
        VALID.replace("title: Worry time", 'title: "<script>x</script> {{ 7*7 }}"').replace(
            "Worry feels urgent.", "Worry feels urgent. <iframe src=x></iframe> [x](javascript:alert(1))"
        )
    )
    (lib / "library.yaml").write_text("papers: [a4]\n")
    build_site(lib, jobs=1)
    words = text(lib / "site" / "pdf" / "hostile-a4.pdf")
    assert "<script>x</script> {{ 7*7 }}" in words and "<iframe src=x></iframe>" in words
    assert "49" not in words.split("Why this helps")[0]


def test_local_files_in_css_are_refused(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    (lib / "worksheets" / "w.yaml").write_text(VALID)
    (lib / "library.yaml").write_text("papers: [a4]\n")
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    override = lib / "templates" / "print" / "print.css"
    override.parent.mkdir(parents=True)
    override.write_text(
        f'@import url("{secret.as_uri()}");\n' + (REPO / "templates" / "print" / "print.css").read_text()
    )
    with pytest.raises(ContentError) as caught:
        build_site(lib, jobs=1)
    (problem,) = caught.value.problems
    assert problem.file == "templates/print/print.css" and "refused to load" in problem.message


def test_symlinked_assets_folder_is_not_published(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("client notes")
    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    (lib / "worksheets" / "w.yaml").write_text(VALID)
    (lib / "assets").mkdir()
    (lib / "assets" / "notes.txt").symlink_to(outside / "private.txt")
    build_site(lib, pdf=False)
    assert not (lib / "site" / "assets" / "notes.txt").exists()
    assert not any(b"client notes" in p.read_bytes() for p in (lib / "site").rglob("*") if p.is_file())


def test_lookalike_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "worksheets").mkdir()
    (tmp_path / "worksheets" / "th\u043eught-record.yaml").write_text(VALID)  # a Cyrillic "o"
    result = run("check", "--library", tmp_path)
    assert result.exit_code == 1
    assert "can't be an id: use lowercase words joined by hyphens" in result.stderr


@functools.cache
def _printing() -> tuple[Templates, Settings]:
    """The built-in templates (compiled once) and the bundled library's settings."""
    return Templates(None), load_library(REPO).settings


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=60
).filter(lambda s: s.strip())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    title=TEXT,
    purpose=TEXT,
    step=TEXT,
    item=TEXT,
    rows=st.integers(1, 30),
    columns=st.lists(
        TEXT.filter(lambda s: "\n" not in s and len(s) <= 80), min_size=1, max_size=12, unique=True
    ),
)
def test_the_renderer_takes_any_text(
    tmp_path: Path, title: str, purpose: str, step: str, item: str, rows: int, columns: list[str]
) -> None:
    """Any text in any field renders to print HTML and site pages without an error, quickly."""
    data = {
        "title": title,
        "summary": title,
        "purpose": purpose,
        "rehearsal": [step],
        "sections": [
            {"type": "table", "columns": columns, "rows": rows},
            {"type": "checklist", "items": [item]},
            {"type": "prose", "text": purpose},
            {"type": "plan"},
            {"type": "review", "questions": [item]},
        ],
    }
    import yaml

    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    try:
        sheet = validate(parse(raw, "f.yaml"), Worksheet)
    except ContentError:
        return  # refused with located problems (e.g. an image address): fine
    sheet._id = "fuzz"
    templates, settings_ = _printing()
    html = sheet_html(templates, settings_, sheet, Variant("a4", fillable=True))
    assert "<script" not in html.split("</head>")[1]
