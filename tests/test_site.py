"""The published site as files: every page there, links relative and leading to files, nothing
fetched from another host, an index that works without JavaScript, feeds only with a base URL."""

from __future__ import annotations

import json
import posixpath
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from generator.build import BuildReport, build_site
from generator.errors import ContentError
from generator.format.library import load_library

from conftest import REPO, VALID, run


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script" and "src" not in dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def parse(path: Path) -> Parsed:
    parsed = Parsed()
    parsed.feed(path.read_text("utf-8"))
    return parsed


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_there(bundled: tuple[Path, BuildReport]) -> None:
    site, report = bundled
    lib = load_library(REPO)
    for name in ("index.html", "library.html", "about.html", "404.html"):
        assert (site / name).is_file(), name
    for ident in lib.worksheets:
        assert (site / "worksheets" / f"{ident}.html").is_file(), ident
        assert (site / "previews" / f"{ident}-thumb.png").is_file(), ident
    assert {p.stem for p in (site / "problems").glob("*.html")} == {
        re.sub(r"[^a-z0-9]+", "-", p.lower()) for s in lib.worksheets.values() for p in s.problems
    }
    assert len(list((site / "techniques").glob("*.html"))) == len(
        {s.technique for s in lib.worksheets.values()}
    )
    assert report.pages == len(html_files(site))


def test_links_are_relative_and_lead_to_files(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    for page in html_files(site):
        relative_page = page.relative_to(site).as_posix()
        for tag, attrs in parse(page).tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if value is None:
                    continue
                parts = urlsplit(value)
                if value == "data:," and tag == "link":  # an empty icon: no request for favicon.ico
                    continue
                if parts.scheme:
                    assert tag == "a" and parts.scheme in ("https", "mailto"), f"{relative_page}: {value}"
                    continue
                assert not value.startswith("/"), f"{relative_page}: {value} is not relative"
                if value.startswith("#"):
                    continue
                assert not parts.path.endswith("/"), f"{relative_page}: {value} names a folder"
                target = posixpath.normpath(posixpath.join(posixpath.dirname(relative_page), parts.path))
                assert (site / target).is_file(), f"{relative_page}: {value}"


def test_nothing_is_loaded_from_another_host_and_no_inline_script(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    for page in html_files(site):
        parsed = parse(page)
        csp = [
            a.get("content") or ""
            for t, a in parsed.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(csp) == 1, page
        assert (
            "script-src 'self'" in csp[0] and "unsafe-inline" not in csp[0] and "default-src 'none'" in csp[0]
        )
        assert parsed.inline_scripts == 0, page
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), f"{page}: event handler on <{tag}>"
            assert "style" not in attrs, f"{page}: inline style on <{tag}>"
            if tag in ("script", "img", "link", "iframe", "source"):
                source = attrs.get("src") or (
                    attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None
                )
                assert source is None or not urlsplit(source).scheme, f"{page}: {source}"
    for css in site.rglob("*.css"):
        assert "url(http" not in css.read_text() and "@import" not in css.read_text()


def test_the_index_lists_every_worksheet_without_javascript(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    lib = load_library(REPO)
    cards = [
        a for t, a in parse(site / "library.html").tags if t == "li" and "card" in (a.get("class") or "")
    ]
    assert sorted(a["data-id"] for a in cards) == sorted(lib.worksheets)  # type: ignore[type-var]
    script = (site / "static" / "search-index.js").read_text()
    assert script.startswith("window.WORKSHEET_INDEX = ")
    index = json.loads(script.removeprefix("window.WORKSHEET_INDEX = ").rstrip().rstrip(";"))
    assert set(index) == set(lib.worksheets)
    assert "fair judge" in index["thought-record"], "purpose text is searchable"
    assert "insomnia" in index["sleep-diary"], "problems are searchable"


def test_a_worksheet_page_shows_what_the_client_needs(bundled: tuple[Path, BuildReport]) -> None:
    site, _ = bundled
    html = (site / "worksheets" / "sleep-diary.html").read_text()
    for text in ("Why this helps", "Practise it together first", "How to use it", "Download", "<details"):
        assert text in html, text
    sheet = load_library(REPO).worksheets["sleep-diary"]
    assert all(step.replace("'", "&#39;") in html for step in sheet.rehearsal)
    for suffix, label in (
        ("a4", "A4, to print"),
        ("letter", "US Letter, to print"),
        ("a4-fillable", "A4, fillable on screen"),
        ("letter-therapist-notes", "US Letter, therapist notes"),
    ):
        assert f'href="../pdf/sleep-diary-{suffix}.pdf" download>{label}</a>' in html
    assert re.search(r"PDF, \d+ pages?, \d+ KB", html)
    assert html.index("My sleep diary") < html.index("My plan"), (
        "the sections in the order the paper has them"
    )
    assert "PDF, 1 pages" not in html
    previews = [
        a
        for t, a in parse(site / "worksheets" / "sleep-diary.html").tags
        if t == "img" and "previews/" in (a.get("src") or "")
    ]
    assert previews and all((a.get("alt") or "").startswith("Page ") for a in previews)


def write_library(root: Path, settings: str) -> Path:
    (root / "worksheets").mkdir(parents=True)
    (root / "worksheets" / "worry-time.yaml").write_text(
        VALID + "problems: [anxiety]\nreviewed: 2026-03-01\n"
    )
    (root / "library.yaml").write_text(textwrap.dedent(settings))
    return root


def test_sitemap_feed_and_canonical_only_with_a_base_url(tmp_path: Path) -> None:
    plain = write_library(tmp_path / "plain", "clinic: Harbour Clinic\n")
    build_site(plain, pdf=False)
    assert not (plain / "site" / "sitemap.xml").exists() and not (plain / "site" / "feed.xml").exists()
    assert "canonical" not in (plain / "site" / "index.html").read_text()

    lib = write_library(
        tmp_path / "web", "clinic: Harbour Clinic\nbase_url: https://harbour.example/sheets\n"
    )
    build_site(lib, pdf=False)
    site = lib / "site"
    urls = [
        e.text
        for e in ET.parse(site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "https://harbour.example/sheets/worksheets/worry-time.html" in urls
    assert "https://harbour.example/sheets/index.html" in urls
    assert not any(u and u.endswith("404.html") for u in urls)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    (entry,) = feed.iter(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "Worry time"
    assert entry.findtext(f"{atom}updated") == "2026-03-01T00:00:00Z"
    page = (site / "worksheets" / "worry-time.html").read_text()
    assert '<link rel="canonical" href="https://harbour.example/sheets/worksheets/worry-time.html">' in page
    assert '<meta property="og:title" content="Worry time">' in page


def test_a_broken_link_in_a_template_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib", "clinic: Harbour Clinic\n")
    build_site(lib, pdf=False)
    before = (lib / "site" / "about.html").read_text()
    override = lib / "templates" / "site" / "about.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "site/base.html" %}\n{% block main %}\n<a href="{{ link(\'contact.html\') }}">Contact</a>\n{% endblock %}\n'
    )
    with pytest.raises(ContentError) as caught:
        build_site(lib, pdf=False)
    (problem,) = caught.value.problems
    assert problem.file == "site/about.html"
    assert (
        "broken link: 'contact.html' leads to contact.html, which the build does not make" in problem.message
    )
    assert (lib / "site" / "about.html").read_text() == before


def test_html_only_build_is_repeatable(tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib", "clinic: Harbour Clinic\nbase_url: https://harbour.example/\n")
    assert run("build", "--library", lib, "--no-pdf", "--out", tmp_path / "one").exit_code == 0
    assert run("build", "--library", lib, "--no-pdf", "--out", tmp_path / "two").exit_code == 0
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()
    }
    assert one == two
    assert not (tmp_path / "one" / "pdf").exists()
    assert "Download" not in (tmp_path / "one" / "worksheets" / "worry-time.html").read_text()


def test_the_clinic_colour_must_be_readable(tmp_path: Path) -> None:
    lib = write_library(tmp_path / "lib", "clinic: Harbour Clinic\ncolours:\n  accent: '#ffcc00'\n")
    result = run("check", "--library", lib)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'library.yaml:3:11: error: colours.accent: "#ffcc00" has a contrast of 1.5:1 on white; '
        "text needs at least 4.5:1, so choose a darker colour"
    )
