"""worksheets build as a clinic runs it: exit codes, all-or-nothing output, fenced file access,
located template errors, and every interface string translatable."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from generator.errors import ContentError
from generator.format.library import load_library
from generator.paper.printing import sheet_html
from generator.render import Templates
from generator.web.site import Variant

from conftest import VALID, run


def make_library(root: Path, sheet: str = VALID, settings: str = "papers: [a4]\n") -> Path:
    (root / "worksheets").mkdir(parents=True, exist_ok=True)
    (root / "worksheets" / "worry-time.yaml").write_text(sheet, "utf-8")
    (root / "library.yaml").write_text(settings, "utf-8")
    return root


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()


def test_build_writes_pdfs_and_a_summary(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    result = run("build", "--library", lib, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (lib / "site" / "pdf").iterdir()) == [
        "worry-time-a4-fillable.pdf",
        "worry-time-a4-therapist-notes.pdf",
        "worry-time-a4.pdf",
    ]
    assert result.stdout.startswith("Built 1 worksheet into ")
    assert "3 PDFs" in result.stdout


def test_a_content_error_changes_nothing(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    assert run("build", "--library", lib, "--jobs", "1").exit_code == 0
    before = {p: p.read_bytes() for p in (lib / "site").rglob("*") if p.is_file()}
    (lib / "worksheets" / "worry-time.yaml").write_text(
        VALID.replace("Worry time", "Worry time, changed") + "minutes: lots\n"
    )
    result = run("build", "--library", lib)
    assert result.exit_code == 1
    assert "worksheets/worry-time.yaml:12:10: error: minutes:" in result.stderr
    after = {p: p.read_bytes() for p in (lib / "site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in lib.iterdir() if p.name.startswith((".site.new", ".site.old"))] == [], (
        "no staging folder left behind"
    )


def test_build_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = run("build", "--library", lib, "--out", precious)
    assert result.exit_code == 1
    assert "was not made by 'worksheets build'" in result.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


def test_web_images_in_markdown_are_refused_when_checked(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    lib = make_library(
        tmp_path, VALID.replace("Worry feels urgent.", f"Worry feels urgent. ![a picture]({url}/pixel.png)")
    )
    result = run("build", "--library", lib)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "worksheets/worry-time.yaml:3:10: error: purpose: images may only come from the library's assets/ folder"
    )
    assert f'got "{url}/pixel.png"' in first
    assert requests == []
    assert not (lib / "site").exists()


def test_web_addresses_in_templates_are_refused_and_never_requested(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    lib = make_library(tmp_path)
    override = lib / "templates" / "print" / "sections" / "lines.html"
    override.parent.mkdir(parents=True)
    override.write_text(f'<section>\n  <img src="{url}/tracker.png" alt="">\n</section>\n')
    with pytest.raises(ContentError) as caught:
        build_site(lib, jobs=1)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("templates/print/sections/lines.html", 2)
    assert f"refused to load '{url}/tracker.png'" in problem.message
    assert requests == []
    assert not (lib / "site").exists()


def test_files_outside_assets_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    lib = make_library(
        tmp_path / "lib", VALID.replace("Worry feels urgent.", "Worry feels urgent. ![y](assets/link.png)")
    )
    (lib / "assets").mkdir()
    (lib / "assets" / "link.png").symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        build_site(lib, jobs=1)
    (problem,) = caught.value.problems
    assert str(problem).startswith("worksheets/worry-time.yaml:4:")
    assert "refused to load 'assets/link.png'" in problem.message
    assert not (lib / "site").exists()


def test_markdown_images_outside_assets_fail_the_check(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path / "lib", VALID.replace("Worry feels urgent.", "Worry feels urgent. ![x](../secret.png)")
    )
    result = run("check", "--library", lib)
    assert result.exit_code == 1
    assert 'got "../secret.png"' in result.stderr


def test_an_asset_image_is_allowed(tmp_path: Path) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    lib = make_library(
        tmp_path, VALID.replace("Worry feels urgent.", "Worry feels urgent. ![A dot](assets/dot.png)")
    )
    (lib / "assets").mkdir()
    (lib / "assets" / "dot.png").write_bytes(png)
    report = build_site(lib, jobs=1)
    assert report.pdfs == 3 and report.warnings == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "<section>\n  {{ sectoin.lines }}\n</section>\n",
            "templates/print/sections/lines.html:2:1: error: template: 'sectoin' is undefined",
        ),
        (
            "<section>\n{% if section.lines %}\n</section>\n",
            "templates/print/sections/lines.html:3:1: error: template: Unexpected end of template.",
        ),
        (
            "{% include 'print/nothing.html' %}\n",
            "templates:1:1: error: template: there is no template named 'print/nothing.html'",
        ),
    ],
)
def test_template_mistakes_are_located(tmp_path: Path, template: str, expected: str) -> None:
    lib = make_library(tmp_path)
    override = lib / "templates" / "print" / "sections" / "lines.html"
    override.parent.mkdir(parents=True)
    override.write_text(template)
    result = run("build", "--library", lib)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr
    assert "Traceback" not in result.output


def test_every_interface_string_goes_through_gettext(tmp_path: Path) -> None:
    """Render with a pseudo-translation: every word the sheet adds must come out translated."""

    class Pseudo:
        def gettext(self, message: str) -> str:
            return "«" + message + "»"

        def ngettext(self, singular: str, plural: str, n: int) -> str:
            return "«" + (singular if n == 1 else plural) + "»"

        pgettext = npgettext = None

    lib = load_library(make_library(tmp_path))
    templates = Templates(lib.root)
    templates.env.install_gettext_translations(Pseudo(), newstyle=True)  # type: ignore[attr-defined]
    full = VALID.replace(
        "sections:\n",
        "sections:\n  - type: plan\n  - type: obstacles\n  - type: readiness\n  - type: review\n"
        "  - type: agreement\n  - type: ladder\n  - type: checklist\n    items: [Walk]\n    blank: 1\n",
    )
    (lib.root / "worksheets" / "worry-time.yaml").write_text(full)
    sheet = load_library(lib.root).worksheets["worry-time"]
    html = sheet_html(templates, lib.settings, sheet, Variant("a4"))
    for english in (
        "Why this helps",
        "Practise it together first",
        "Name",
        "Date",
        "My plan",
        "What might get in the way",
        "My plan this week",
        "How sure am I that I can do it?",
        "Need help now?",
        "How did it go?",
        "We agreed this together",
        "My practice log",
        "My ladder",
        "Tick what you did",
        "out of 10",
    ):
        assert f"«{english}" in html, english
        assert f">{english}<" not in html, english
    assert '"«Page "' in html or "«Page " in html


def test_the_translation_template_is_current(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import REPO

    out = tmp_path / "fresh.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [str(pybabel), "extract", "-F", "babel.cfg", "--no-location", "--omit-header", "--sort-output"]
    subprocess.run([*command, "-o", str(out), "."], cwd=REPO, check=True, capture_output=True)
    committed = (REPO / "generator" / "locale" / "worksheets.pot").read_text()
    assert out.read_text() == committed, (
        "run: pybabel extract -F babel.cfg --no-location --omit-header --sort-output -o generator/locale/worksheets.pot ."
    )


def test_a_library_overrides_a_template_by_file_name(tmp_path: Path) -> None:
    lib = make_library(tmp_path)
    override = lib / "templates" / "print" / "sections" / "lines.html"
    override.parent.mkdir(parents=True)
    override.write_text("<section><h2>Three things I noticed today</h2></section>\n")
    build_site(lib, jobs=1)
    from pdfcheck import text

    assert "Three things I noticed today" in text(lib / "site" / "pdf" / "worry-time-a4.pdf")


def test_without_the_font_subsetter_a_build_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.pdf import fonts  # imported before the workers fork, so they see the patch

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    lib = make_library(tmp_path, settings="papers: [a4, letter]\n")
    result = run("build", "--library", lib, "--jobs", "2", "--strict")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    notes = [line for line in lines if "font subsetter" in line]
    assert len(notes) == 1, result.stderr
    assert "about twice as slowly" in notes[0] and "apt-get install libharfbuzz-subset0" in notes[0]
    assert "brew install harfbuzz" in notes[0] and "dnf install harfbuzz" in notes[0]
    assert not [line for line in lines if "fontTools instead" in line], result.stderr
    assert len(list((lib / "site" / "pdf").glob("*.pdf"))) == 6

    tailored = run("tailor", "worry-time", "--client", "J. R.", "-o", tmp_path / "j.pdf", "--library", lib)
    assert tailored.exit_code == 0, tailored.output
    assert tailored.stderr.count("font subsetter") == 1, tailored.stderr


def test_a_build_leaves_no_temporary_files(tmp_path: Path) -> None:
    """The renderer's font files (kept per worker for all its PDFs) go when the workers end."""
    lib = make_library(tmp_path / "lib", settings="papers: [a4, letter]\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--jobs", "2", "--library", str(lib)],
        env={**os.environ, "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(list((lib / "site" / "pdf").glob("*.pdf"))) == 6
    assert list(temp.iterdir()) == []


HIDE_PANGO = """
import sys, cffi
real = cffi.FFI.dlopen
def dlopen(self, name, *args):  # as on a machine without Pango (GLib's gobject comes with it)
    if "gobject" in str(name) or "pango" in str(name):
        raise OSError(f"cannot load library {name!r}: {name}: cannot open shared object file")
    return real(self, name, *args)
cffi.FFI.dlopen = dlopen
from generator.cli import main
main()
"""


def test_without_pango_a_build_says_what_to_install_and_writes_nothing(tmp_path: Path) -> None:
    lib = make_library(tmp_path, settings="papers: [a4, letter]\n")
    for args in (["build", "--jobs", "2"], ["tailor", "worry-time", "--client", "J. R.", "-o", "j.pdf"]):
        result = subprocess.run(
            [sys.executable, "-c", HIDE_PANGO, *args, "--library", str(lib)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert (result.returncode, result.stdout) == (1, ""), result.stdout + result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "needs the Pango library, which is not installed" in result.stderr
        assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
        assert "dnf install pango" in result.stderr and "brew install pango" in result.stderr
    assert "worksheets build --no-pdf" in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "j.pdf").exists()
    assert run("build", "--library", lib, "--no-pdf").exit_code == 0  # the pages still build


def test_a_renderer_warning_from_many_pdfs_is_one_line(tmp_path: Path) -> None:
    lib = make_library(tmp_path, settings="papers: [a4, letter]\n")
    (lib / "worksheets" / "second.yaml").write_text(
        VALID.replace("title: Worry time", "title: Second sheet"), "utf-8"
    )
    override = lib / "templates" / "print" / "sections" / "lines.html"
    override.parent.mkdir(parents=True)
    override.write_text('<section style="colour: red"><h2>Notes</h2></section>\n')
    result = run("build", "--library", lib, "--jobs", "1")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "colour" in line]
    assert len(said) == 1, result.stderr
    assert said[0].startswith("worksheets/"), said
    assert said[0].endswith("(in 8 PDFs of 2 sheets: second, worry-time)"), said
    # The PDFs now come from the cache, and still say what the renderer said.
    strict = run("build", "--library", lib, "--jobs", "1", "--strict", "--out", tmp_path / "strict")
    assert strict.exit_code == 1 and strict.stderr.count("colour") == 1, strict.stderr
