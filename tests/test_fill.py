"""Filling a worksheet in on screen, with the answers kept on the device: every section type as
controls, kept as typed, saved to and opened from a file, deleted, printed with the answers in
place, prepared by a therapist as a link, and reviewed; hostile files and links change nothing.

The library is built without PDFs (fast); the browser tests walk the loop on file:// and on a
loopback static host, and fail on any request that leaves the site.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_outline import nu_errors

from conftest import REPO, VALID, QuietHandler, run, until

DOCS = REPO / "docs" / "worksheet-format.md"
TYPES = [
    *("prose", "lines", "table", "ladder", "scale", "checklist", "log", "plan", "obstacles"),
    *("readiness", "review", "agreement", "graph", "drawing", "diagram", "record", "cards"),
]
SUPPORT = "If you are in danger now, call 999 or the Harbour night line."


def examples(kind: str) -> list[str]:
    """The YAML example of a section type in the format reference (the lines under `sections:`)."""
    part = DOCS.read_text("utf-8").split(f"\n### {kind}\n", 1)[1].split("\n### ", 1)[0]
    found = []
    for block in re.findall(r"```yaml\n(.*?)```", part, re.S):
        if "sections:\n" in block:
            body = block.split("sections:\n", 1)[1]
            found += [e for e in re.split(r"(?m)^(?=  - )", body) if e.strip()]
    return found


EVERY = """\
title: Every section
summary: Every section type of the format, to fill in on screen.
purpose: To check that every section can be filled in.
rehearsal: [Fill in one thing together., Save the answers to a file.]
version: "2.0"
page_budget: {pages: 10, reason: every section type on one sheet}
sections:
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fill")
    (root / "worksheets").mkdir()
    sections = [example for kind in TYPES for example in examples(kind)]
    (root / "worksheets" / "every-section.yaml").write_text(
        EVERY + "".join(s.rstrip() + "\n" for s in sections), "utf-8"
    )
    (root / "worksheets" / "worry-time.yaml").write_text(VALID, "utf-8")
    (root / "library.yaml").write_text(
        f"clinic: Harbour Clinic\nsupport: {SUPPORT}\n"
        "crisis_lines: [{name: Harbour night line, contact: call 0100 111 222 any time}]\n",
        "utf-8",
    )
    built = run("build", "--no-pdf", "--library", root)
    assert built.exit_code == 0, built.output
    return root / "site"


# -- the page, as HTML ----------------------------------------------------------------------------


class Controls(HTMLParser):
    """The sections, controls, labels and forms of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.section: dict[str, str] | None = None
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.forms = 0
        self.types: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "section" and "data-type" in found:
            self.section = found
            self.types.setdefault(found["data-type"], 0)
        if tag in ("input", "textarea", "select") and "name" in found:
            self.controls.append({**found, "tag": tag, "section": (self.section or {}).get("data-type", "")})
            if self.section:
                self.types[self.section["data-type"]] += 1
        if tag == "label" and "for" in found:
            self.label_for.add(found["for"])
        if tag == "form":
            self.forms += 1


def parse(path: Path) -> Controls:
    parser = Controls()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_every_section_type_is_drawn_as_labelled_controls(site: Path) -> None:
    page = parse(site / "fill" / "every-section.html")
    assert set(page.types) == set(TYPES)
    for kind in TYPES:
        if kind != "prose":
            assert page.types[kind] > 0, f"{kind} has nothing to fill in"
    names = [c["name"] for c in page.controls if c.get("type") != "radio"]
    assert len(names) == len(set(names)), "every answer has a name of its own"
    for control in page.controls:
        assert control["id"] in page.label_for, f"{control['name']} has no label"
        assert control.get("data-label"), control["name"]
    # No form: pressing Enter can never send the answers anywhere, even without JavaScript.
    assert page.forms == 0
    text = (site / "fill" / "every-section.html").read_text("utf-8")
    assert "This page needs JavaScript" in text and "static/fill.js" in text
    assert 'href="every-section.html"' not in text
    # Worked examples are marked, never mistaken for answers.
    assert text.count('class="example-label"') >= 3
    # The worksheet's page leads here; the review page is in the site.
    assert 'href="../fill/every-section.html"' in (site / "worksheets" / "every-section.html").read_text()
    assert (site / "review.html").is_file()


def test_the_pages_pass_the_nu_html_checker(site: Path) -> None:
    assert [e for e in nu_errors(site) if e.startswith(("fill/", "review.html"))] == []


def test_the_scripts_are_small_and_load_from_the_site_only(site: Path) -> None:
    scripts = [(site / "static" / name).read_bytes() for name in ("answers.js", "fill.js", "review.js")]
    assert sum(map(len, scripts)) < 30_000, sum(map(len, scripts))
    for script in scripts:
        assert b"fetch(" not in script and b"XMLHttpRequest" not in script and b"innerHTML" not in script
    head = (site / "fill" / "every-section.html").read_text("utf-8").split("</head>")[0]
    assert "default-src 'none'; script-src 'self'" in head


# -- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def host(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class Tab:
    """A page in a fresh browser context that records errors and every request off the site."""

    def __init__(self, chromium: Any, base: str, **options: Any) -> None:
        self.context = chromium.new_context(accept_downloads=True, **options)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _console(self, message: Any) -> None:
        # axe reads the style sheets with XMLHttpRequest, which file:// refuses; our scripts use none.
        axe = message.text.startswith("Access to XMLHttpRequest at 'file:") or message.text.endswith(
            "net::ERR_FAILED"
        )
        if message.type == "error" and not axe:
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.outside.append(request.url)

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside

    def close(self) -> None:
        self.context.close()


def base_of(where: str, site: Path, host: str) -> str:
    return site.resolve().as_uri() + "/" if where == "file" else host


FILL_ALL = """() => {
  const values = {};
  const groups = new Set();
  document.querySelectorAll('#sheet-form [name]').forEach((el) => {
    if (el.name.startsWith('agreed.')) return;
    if (el.type === 'checkbox') { el.checked = true; values[el.name] = true; }
    else if (el.type === 'radio') { el.checked = true; values[el.name] = el.value; groups.add(el.name); }
    else { el.value = 'A<b>' + el.name + '</b>'; values[el.name] = el.value; }
  });
  document.getElementById('sheet-form').dispatchEvent(new Event('input', {bubbles: true}));
  return values;
}"""
READ_ALL = """() => {
  const values = {};
  document.querySelectorAll('#sheet-form [name]').forEach((el) => {
    if (el.name.startsWith('agreed.')) return;
    if (el.type === 'checkbox') { if (el.checked) values[el.name] = true; }
    else if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
    else if (el.value !== '') values[el.name] = el.value;
  });
  return values;
}"""


def answers_in(file: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f["value"] for s in file["sections"] for f in s["fields"]}


def save_file(page: Any) -> dict[str, Any]:
    with page.expect_download() as info:
        page.click("#save-file")
    download = info.value
    assert re.fullmatch(r"every-section-\d{4}-\d\d-\d\d\.json", download.suggested_filename)
    return json.loads(Path(download.path()).read_text("utf-8"))  # type: ignore[no-any-return]


def open_file(page: Any, tmp: Path, content: bytes | str, name: str = "answers.json") -> str:
    path = tmp / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    page.evaluate("document.getElementById('status').textContent = ''")
    page.set_input_files("#open-file", str(path))
    until(lambda: page.inner_text("#status") != "")
    return page.inner_text("#status")  # type: ignore[no-any-return]


def kept(page: Any) -> None:
    until(lambda: "Kept in this browser" in page.inner_text("#kept-at"))
    page.evaluate("document.getElementById('kept-at').textContent = ''")


@pytest.mark.browser
@pytest.mark.parametrize("where", ["file", "http"])
def test_the_clients_loop(browser: Any, site: Path, host: str, tmp_path: Path, where: str) -> None:
    tab = Tab(browser, base_of(where, site, host))
    page = tab.open("fill/every-section.html")
    assert page.is_visible("#save-file") and not page.is_visible(".no-js-note")
    typed = page.evaluate(FILL_ALL)
    assert len(typed) > 150
    page.fill("#f-lines-1\\.notes", "I noticed the worry & let it pass.")
    typed["lines-1.notes"] = "I noticed the worry & let it pass."
    kept(page)

    page.reload()
    assert page.evaluate(READ_ALL) == typed, "kept as typed, through a reload"

    saved = save_file(page)
    assert saved["kind"] == "worksheet-answers" and saved["format"] == 1
    assert saved["worksheet"] == {"id": "every-section", "version": "2.0", "title": "Every section"}
    assert answers_in(saved) == typed
    assert {s["type"] for s in saved["sections"]} >= set(TYPES) - {"prose"}
    log = next(s for s in saved["sections"] if s["type"] == "log")
    assert log["entries"] >= 1 and all(f["label"] for f in log["fields"])

    page.click("#delete")
    assert page.is_visible("#confirm-delete")
    page.click("#delete-no")
    assert page.evaluate(READ_ALL) == typed
    page.click("#delete")
    page.click("#delete-yes")
    assert page.evaluate(READ_ALL) == {}
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('worksheet-answers:'))") == []
    page.reload()
    assert page.evaluate(READ_ALL) == {}, "deleted stays deleted"

    status = open_file(page, tmp_path, json.dumps(saved))
    assert status.startswith("Opened the answers from answers.json")
    assert page.evaluate(READ_ALL) == typed
    # Markup in an answer is text: nothing of it became an element.
    assert page.locator("#sheet-form b").count() == 0

    page.emulate_media(media="print")
    assert not page.is_visible(".fill-tools") and page.is_visible(".site-footer .support")
    pdf = page.pdf(format="A4")
    text = pdf_text(pdf)
    assert "I noticed the worry & let it pass." in text
    assert "A<b>review-1.q1</b>" in text, "a long answer prints whole, not cut to its box"
    assert SUPPORT.split(",")[0] in text, "how to get help in a crisis is on the printout"
    page.emulate_media(media="screen")

    page.focus("#f-plan-1\\.situation")
    page.keyboard.press("Enter")
    assert "?" not in page.url and "review-1" not in page.url
    for address in tab.requests:  # no answer in any request, even to the site itself
        assert "notes" not in address and "%3Cb%3E" not in address and "worry" not in address, address
    tab.clean()
    tab.close()


def pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return " ".join(text.split())


@pytest.mark.browser
def test_the_therapists_prepared_link(browser: Any, site: Path, tmp_path: Path) -> None:
    base = site.resolve().as_uri() + "/"
    therapist = Tab(browser, base)
    page = therapist.open("fill/every-section.html")
    page.fill("#f-lines-1\\.notes", "my own notes")  # already on this device: kept aside, then back
    kept(page)
    page.click(".prepare-intro summary")
    page.click("#prepare-start")
    assert page.is_visible("#prepare-bar") and not page.is_visible("#f-lines-1\\.notes")
    assert page.input_value("#f-plan-1\\.situation") == ""
    page.fill("#f-agreed\\.goal", "Sleep by 11 on weeknights")
    page.fill("#f-agreed\\.review", "2026-12-09")
    page.fill("#f-plan-1\\.situation", "I have brushed my teeth")
    page.fill("#f-plan-1\\.action", "read for ten minutes <script>alert(1)</script>")
    page.fill("#f-obstacles-1\\.obstacle\\.1", "A late phone call")
    page.fill("#f-obstacles-1\\.plan\\.1", "Say I will call back tomorrow")
    page.click("#make-link")
    link = page.input_value("#link-out")
    assert link.startswith(base + "fill/every-section.html#agreed=")
    assert "Sleep" not in link, "the agreed part is encoded after the #, never in the path"
    with page.expect_download() as info:
        page.click("#prepare-file")
    prepared = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert prepared["agreed"]["goal"] == "Sleep by 11 on weeknights"
    assert answers_in(prepared) == {}
    page.click("#prepare-stop")
    assert page.input_value("#f-lines-1\\.notes") == "my own notes"
    assert not page.evaluate("localStorage.getItem('worksheet-answers:every-section')").count("Sleep by 11")
    therapist.clean()
    therapist.close()

    client = Tab(browser, base)
    page = client.open("fill/every-section.html")
    page.goto(link)
    until(lambda: "Agreed in session" in page.inner_text("#status"))
    assert "#" not in page.url, "the agreed part leaves the address bar once read"
    assert page.inner_text("#agreed-goal") == "Sleep by 11 on weeknights"
    assert "2026-12-09" in page.inner_text("#agreed-review")
    assert page.input_value("#f-plan-1\\.action") == "read for ten minutes <script>alert(1)</script>"
    assert page.get_attribute("#f-plan-1\\.action", "readonly") is not None
    assert page.locator("[data-key='plan-1'] .agreed-mark").count() == 1
    assert_axe_clean(page, client)
    page.fill("#f-lines-1\\.notes", "client's own")
    kept(page)
    page.reload()
    assert page.inner_text("#agreed-goal") == "Sleep by 11 on weeknights", "kept with the answers"
    saved = save_file(page)
    assert saved["agreed"]["values"]["obstacles-1.obstacle.1"] == "A late phone call"
    assert answers_in(saved) == {"lines-1.notes": "client's own"}
    # The prepared file opens the same way.
    page.click("#delete")
    page.click("#delete-yes")
    assert open_file(page, tmp_path, json.dumps(prepared)).startswith("Opened")
    assert (
        page.is_visible("#agreed-top")
        and page.input_value("#f-plan-1\\.situation") == "I have brushed my teeth"
    )
    client.clean()
    client.close()


def link_for(data: Any) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return "#agreed=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


GOOD = {"kind": "worksheet-answers", "format": 1, "worksheet": {"id": "every-section", "version": "2.0"}}
HOSTILE_FILES = {
    "not JSON": (b"\x00\xffnot json at all", "not an answers file"),
    "a JSON list": (b"[1, 2, 3]", "not an answers file"),
    "another kind": (json.dumps({**GOOD, "kind": "something-else", "sections": []}), "not an answers file"),
    "from a newer site": (json.dumps({**GOOD, "format": 99, "sections": []}), "newer version"),
    "another worksheet": (
        json.dumps(
            {
                **GOOD,
                "worksheet": {"id": "worry-time", "title": "<img src=x onerror=alert(1)>"},
                "sections": [],
            }
        ),
        "another worksheet (“<img src=x onerror=alert(1)>”)",
    ),
    "a value of the wrong shape": (
        json.dumps({**GOOD, "sections": [{"fields": [{"name": "lines-1.notes", "value": {"$": 1}}]}]}),
        "not an answers file",
    ),
    "a name that is not text": (
        json.dumps({**GOOD, "sections": [{"fields": [{"name": 5, "value": "x"}]}]}),
        "not an answers file",
    ),
    "too many answers": (
        json.dumps(
            {**GOOD, "sections": [{"fields": [{"name": f"x.{i}", "value": "x"} for i in range(6000)]}]}
        ),
        "not an answers file",
    ),
    "an answer too long": (
        json.dumps({**GOOD, "sections": [{"fields": [{"name": "lines-1.notes", "value": "x" * 30000}]}]}),
        "not an answers file",
    ),
    "too large": (b"{" + b" " * 1_100_000 + b"}", "too large"),
    "a bad agreed part": (
        json.dumps({**GOOD, "sections": [], "agreed": {"goal": ["x"]}}),
        "not an answers file",
    ),
    "prototype keys": (
        json.dumps(
            {
                **GOOD,
                "sections": [{"fields": [{"name": "__proto__", "value": "x"}]}],
                "__proto__": {"kind": 1},
            }
        ),
        "",
    ),
}


@pytest.mark.browser
def test_a_hostile_file_or_link_changes_nothing(browser: Any, site: Path, tmp_path: Path) -> None:
    tab = Tab(browser, site.resolve().as_uri() + "/")
    page = tab.open("fill/every-section.html")
    page.fill("#f-lines-1\\.notes", "typed before")
    kept(page)
    for label, (content, message) in HOSTILE_FILES.items():
        status = open_file(page, tmp_path, content, f"{label}.json")
        if message:
            assert message in status and "Nothing was changed" in status, (label, status)
            assert page.input_value("#f-lines-1\\.notes") == "typed before", label
        else:  # well formed, with odd names: they are listed as not fitting, and harm nothing
            assert page.is_visible("#unplaced"), label
            page.click("#undo")
            page.fill("#f-lines-1\\.notes", "typed before")
    assert page.locator("img").count() == 0
    for hostile in (
        "#agreed=%%%not-base64",
        link_for(b"\xff\xfe not utf-8"),
        link_for(
            {"kind": "worksheet-agreed", "format": 1, "worksheet": "worry-time", "goal": "x", "values": {}}
        ),
        link_for({"kind": "worksheet-agreed", "format": 1, "worksheet": "every-section", "goal": 7}),
        "#agreed=" + "A" * 9000,
    ):
        page.evaluate("document.getElementById('status').textContent = ''")
        page.goto(page.url.split("#")[0] + hostile)
        until(lambda: "therapist" in page.inner_text("#status"))
        assert "Nothing was changed" in page.inner_text("#status"), hostile[:40]
        assert page.input_value("#f-lines-1\\.notes") == "typed before"
        assert not page.is_visible("#agreed-top")
    tab.clean()
    tab.close()


@pytest.mark.browser
def test_answers_from_an_older_version_are_placed_by_name_and_the_rest_shown(
    browser: Any, site: Path, tmp_path: Path
) -> None:
    tab = Tab(browser, site.resolve().as_uri() + "/")
    page = tab.open("fill/every-section.html")
    old = {
        **GOOD,
        "worksheet": {"id": "every-section", "version": "1.0", "title": "Every section"},
        "sections": [
            {
                "key": "lines-1",
                "title": "My notes",
                "fields": [{"name": "lines-1.notes", "label": "My notes", "value": "still fits"}],
            },
            {
                "key": "gone",
                "title": "A section since removed",
                "fields": [{"name": "gone.q1", "label": "What helped?", "value": "a walk <i>outside</i>"}],
            },
        ],
    }
    assert open_file(page, tmp_path, json.dumps(old)).startswith("Opened")
    assert page.input_value("#f-lines-1\\.notes") == "still fits"
    assert page.is_visible("#unplaced")
    assert "version 1.0 of this worksheet; this is version 2.0" in page.inner_text("#unplaced-why")
    assert page.inner_text("#unplaced-list") == "A section since removed: What helped?: a walk <i>outside</i>"
    saved = save_file(page)
    assert saved["unplaced"] == [
        {"section": "A section since removed", "label": "What helped?", "value": "a walk <i>outside</i>"}
    ]
    page.reload()
    assert page.is_visible("#unplaced"), "what did not fit is kept, not dropped"
    tab.clean()
    tab.close()


@pytest.mark.browser
def test_the_review_page_shows_how_often_and_how_well(browser: Any, site: Path, tmp_path: Path) -> None:
    tab = Tab(browser, site.resolve().as_uri() + "/")
    page = tab.open("fill/every-section.html")
    log = page.get_attribute("[data-type='log']", "data-key")
    entries = int(page.get_attribute("[data-type='log']", "data-entries") or 0)
    for day, quality in ((1, "6"), (3, "8"), (4, "3")):
        page.check(f"#f-{log}\\.done\\.{day}")
        page.fill(f"#f-{log}\\.quality\\.{day}", quality)
    page.fill(f"#f-{log}\\.date\\.1", "Mon 7 Dec")
    page.fill("#f-review-1\\.q1", "I did it three times.")
    page.fill("#f-obstacles-1\\.obstacle\\.1", "Work ran late")
    kept(page)
    saved = save_file(page)
    review = tab.open("review.html")
    assert review.is_visible("#review-file")
    path = tmp_path / "client.json"
    path.write_text(json.dumps(saved))
    review.set_input_files("#review-file", str(path))
    until(lambda: review.is_visible("#review-result"))
    assert review.inner_text("#review-title") == "Every section"
    quantity = review.inner_text("#quantity")
    assert f"of {entries} " in quantity and ("Practised on 3 of" in quantity or "Practised 3 of" in quantity)
    assert "Mon 7 Dec: Done" in quantity
    assert review.locator("#quality svg rect").count() == 3
    values = review.eval_on_selector_all("#quality svg text.value", "t => t.map(x => x.textContent)")
    assert values == ["6", "8", "3"]
    assert "Work ran late" in review.inner_text("#in-the-way")
    assert "I did it three times." in review.inner_text("#questions")
    assert review.get_attribute("#review-link a", "href") == "fill/every-section.html"
    assert_axe_clean(review, tab)
    review.emulate_media(media="print")
    assert review.pdf(format="A4").startswith(b"%PDF-")
    # A bad file leaves the review as it was.
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "worksheet-answers", "format": 1, "worksheet": {"id": 3}, "sections": []}')
    review.set_input_files("#review-file", str(bad))
    until(lambda: "Nothing was opened" in review.inner_text("#review-status"))
    assert review.inner_text("#review-title") == "Every section"
    tab.clean()
    tab.close()


def assert_axe_clean(page: Any, tab: Tab) -> None:
    """No axe violation of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    assert found == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found]


@pytest.mark.browser
def test_axe_and_small_screens_on_the_fill_and_review_pages(browser: Any, site: Path) -> None:
    for width in (1280, 390, 320):
        tab = Tab(browser, site.resolve().as_uri() + "/", viewport={"width": width, "height": 800})
        for path in ("fill/every-section.html", "review.html"):
            page = tab.open(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            if width == 1280:
                assert_axe_clean(page, tab)
            if path.startswith("fill/") and width == 1280:  # and while a therapist prepares it
                page.click(".prepare-intro summary")
                page.click("#prepare-start")
                assert_axe_clean(page, tab)
        tab.clean()
        tab.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_so_and_links_the_pdfs(browser: Any, site: Path) -> None:
    tab = Tab(browser, site.resolve().as_uri() + "/", java_script_enabled=False)
    page = tab.open("fill/every-section.html")
    assert page.is_visible(".no-js-note")
    assert "needs JavaScript" in page.inner_text(".no-js-note")
    assert not page.is_visible(".fill-tools")
    tab.close()


@pytest.mark.browser
def test_the_tools_work_from_the_keyboard(browser: Any, site: Path) -> None:
    tab = Tab(browser, site.resolve().as_uri() + "/")
    page = tab.open("fill/every-section.html")
    page.focus("#save-file")
    reached = []
    for step in range(4):
        reached.append(page.evaluate("document.activeElement.id"))
        if step < 3:
            page.keyboard.press("Tab")
    assert reached == ["save-file", "open-file", "print", "delete"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "delete-no", "the question takes the focus"
    page.keyboard.press("Enter")
    assert not page.is_visible("#confirm-delete") and page.evaluate("document.activeElement.id") == "delete"
    radios = page.locator("[data-type='scale'] input[type=radio]")
    radios.first.focus()
    page.keyboard.press("ArrowRight")
    assert radios.nth(1).is_checked(), "a scale is a radio group: the arrow keys choose"
    with page.expect_download() as info:
        page.focus("#save-file")
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith("every-section-")
    tab.clean()
    tab.close()
