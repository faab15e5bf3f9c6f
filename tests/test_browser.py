"""What only a browser shows: accessibility (axe-core), search, filters, file:// browsing,
downloads, small screens, and that no request leaves the folder.

Needs Debian's Chromium (/usr/bin/chromium). Without it these tests skip, unless
WORKSHEETS_REQUIRE_BROWSER=1 (set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildReport

from conftest import QuietHandler, until

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "index.html",
    "library": "library.html",
    "worksheet": "worksheets/thought-record.html",
    "worksheet with a drawing": "worksheets/worry-decision-tree.html",
    "worksheet with cards": "worksheets/coping-cards.html",
    "problem": "problems/anxiety.html",
    "technique": "techniques/cognitive-restructuring.html",
    "tag": "tags/abc.html",
    "about": "about.html",
    "fill in on screen": "fill/thought-record.html",
    "fill in a log": "fill/sleep-diary.html",
    "review answers": "review.html",
    "in Spanish": "es/worksheets/safety-plan.html",
    "in Arabic, right to left": "ar/worksheets/safety-plan.html",
    "fill in, in Arabic": "ar/fill/thought-record.html",
    "404": "404.html",
}


@pytest.fixture
def page(browser: object, bundled: tuple[Path, BuildReport]) -> Iterator[object]:
    """A fresh page that records console errors and any request that is not a local file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.errors = []
    tab.outside = []
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on(
        "request",
        lambda request: request.url.startswith(("file:", "data:")) or tab.outside.append(request.url),
    )
    yield tab
    context.close()


def url(bundled: tuple[Path, BuildReport], path: str) -> str:
    return (bundled[0] / path).resolve().as_uri()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_problem_of_any_impact(
    page: object, bundled: tuple[Path, BuildReport], kind: str
) -> None:
    """Every axe rule (WCAG 2.2 AA and best practice: the heading order, landmarks, regions),
    and no violation at any impact, minor included."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url(bundled, PAGE_TYPES[kind]))  # type: ignore[attr-defined]
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
    assert page.outside == [], page.outside  # type: ignore[attr-defined]
    results = Axe().run(page)
    found = results.response["violations"]
    assert found == [], [
        (PAGE_TYPES[kind], v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in found
    ]


def visible_cards(page: object) -> list[str]:
    return page.eval_on_selector_all(".card:not([hidden])", "cards => cards.map(c => c.dataset.id)")  # type: ignore[attr-defined,no-any-return]


def test_search_is_instant_and_searches_the_purpose(page: object, bundled: tuple[Path, BuildReport]) -> None:
    from generator.format.library import load_library

    from conftest import REPO

    page.goto(url(bundled, "library.html"))  # type: ignore[attr-defined]
    everything = visible_cards(page)
    assert len(everything) >= 5
    page.fill("#q", "Fair JUDGE")  # type: ignore[attr-defined]
    expected = sorted(
        i for i, s in load_library(REPO).worksheets.items() if "fair judge" in s.purpose.lower()
    )
    assert expected and sorted(visible_cards(page)) == expected
    assert page.inner_text("#result-count") == f"{len(expected)} of {len(everything)} worksheets"  # type: ignore[attr-defined]
    page.fill("#q", "zebra crossing nowhere")  # type: ignore[attr-defined]
    assert visible_cards(page) == []
    assert page.is_visible("#no-results")  # type: ignore[attr-defined]
    page.click("button[type=reset]")  # type: ignore[attr-defined]
    until(lambda: len(visible_cards(page)) > 1)
    assert visible_cards(page) == everything


def test_filters_by_problem_technique_audience_and_minutes(
    page: object, bundled: tuple[Path, BuildReport]
) -> None:
    from generator.format.library import load_library

    from conftest import REPO

    sheets = load_library(REPO).worksheets
    page.goto(url(bundled, "library.html"))  # type: ignore[attr-defined]
    page.check("input[name=problem][value=insomnia]")  # type: ignore[attr-defined]
    assert sorted(visible_cards(page)) == sorted(i for i, s in sheets.items() if "insomnia" in s.problems)
    page.uncheck("input[name=problem][value=insomnia]")  # type: ignore[attr-defined]
    page.select_option("#technique", "graded-exposure")  # type: ignore[attr-defined]
    assert sorted(visible_cards(page)) == sorted(
        i for i, s in sheets.items() if s.technique == "graded exposure"
    )
    page.select_option("#technique", "")  # type: ignore[attr-defined]
    page.check("input[name=minutes][value='10']")  # type: ignore[attr-defined]
    assert sorted(visible_cards(page)) == sorted(
        i for i, s in sheets.items() if s.minutes and s.minutes <= 10
    )
    page.check("input[name=audience][value=adolescents]")  # type: ignore[attr-defined]
    expected = sorted(
        i for i, s in sheets.items() if s.minutes and s.minutes <= 10 and "adolescents" in s.audience
    )
    assert sorted(visible_cards(page)) == expected


def test_the_home_search_box_leads_to_filtered_results(
    page: object, bundled: tuple[Path, BuildReport]
) -> None:
    page.goto(url(bundled, "index.html"))  # type: ignore[attr-defined]
    page.fill("#home-search", "sleep")  # type: ignore[attr-defined]
    page.press("#home-search", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/library.html?q=sleep")  # type: ignore[attr-defined]
    assert "sleep-diary" in visible_cards(page)
    assert "thought-record" not in visible_cards(page)


def test_browsing_from_a_folder_and_downloading(page: object, bundled: tuple[Path, BuildReport]) -> None:
    page.goto(url(bundled, "index.html"))  # type: ignore[attr-defined]
    page.click("nav >> text=All worksheets")  # type: ignore[attr-defined]
    page.click(".card >> text=Sleep diary")  # type: ignore[attr-defined]
    assert page.url.endswith("/worksheets/sleep-diary.html")  # type: ignore[attr-defined]
    assert page.inner_text("h1") == "Sleep diary"  # type: ignore[attr-defined]
    link = page.get_attribute("text=A4, to print", "href")  # type: ignore[attr-defined]
    assert link == "../pdf/sleep-diary-a4.pdf"
    assert (bundled[0] / "pdf" / "sleep-diary-a4.pdf").read_bytes()[:5] == b"%PDF-"
    page.click(".chips a >> text=insomnia")  # type: ignore[attr-defined]
    assert page.url.endswith("/problems/insomnia.html")  # type: ignore[attr-defined]
    assert page.errors == [] and page.outside == []  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def served(bundled: tuple[Path, BuildReport]) -> Iterator[str]:
    """The built site on a loopback static host, as a clinic would publish it."""
    handler = functools.partial(QuietHandler, directory=str(bundled[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("A4, to print", "sleep-diary-a4.pdf"),
        ("US Letter, fillable on screen", "sleep-diary-letter-fillable.pdf"),
    ],
)
def test_downloads_from_a_static_host(
    browser: object, served: str, label: str, name: str, bundled: tuple[Path, BuildReport]
) -> None:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(served + "worksheets/sleep-diary.html")
    with tab.expect_download() as info:
        tab.click(f"text={label}")
    download = info.value
    assert download.suggested_filename == name
    assert Path(download.path()).read_bytes() == (bundled[0] / "pdf" / name).read_bytes()
    context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_small_screens_and_zoom_need_no_sideways_scrolling(
    browser: object, bundled: tuple[Path, BuildReport], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    tab = context.new_page()
    for path in PAGE_TYPES.values():
        tab.goto(url(bundled, path))
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    tab.goto(url(bundled, "library.html"))
    size = tab.evaluate(
        "(() => { const r = document.querySelector('#q').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert size[1] >= 44, "targets at least 44 px"
    context.close()


def test_keyboard_skip_link_and_visible_focus(page: object, bundled: tuple[Path, BuildReport]) -> None:
    page.goto(url(bundled, "library.html"))  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.className") == "skip-link"  # type: ignore[attr-defined]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
    assert outline != "none"
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "main"  # type: ignore[attr-defined]


def test_without_javascript_every_worksheet_is_listed(
    browser: object, bundled: tuple[Path, BuildReport]
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(url(bundled, "library.html") + "?q=sleep")
    cards = tab.eval_on_selector_all(".card", "cards => cards.filter(c => c.offsetParent !== null).length")
    assert cards == len(list((bundled[0] / "worksheets").glob("*.html")))
    context.close()


def test_without_javascript_the_fill_in_page_says_so_and_links_the_pdfs(
    browser: object, bundled: tuple[Path, BuildReport]
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(url(bundled, "fill/sleep-diary.html"))
    assert tab.is_visible(".no-js-note") and not tab.is_visible("#save-file")
    links = tab.eval_on_selector_all(".no-js-note a", "links => links.map(a => a.getAttribute('href'))")
    assert "../pdf/sleep-diary-a4-fillable.pdf" in links and "../pdf/sleep-diary-letter.pdf" in links
    for link in links:
        assert (bundled[0] / "fill" / link).resolve().is_file(), link
    context.close()


def test_the_open_page_reloads_and_shows_a_bad_edit_as_a_banner(browser: object, tmp_path: Path) -> None:
    from generator.serve import DevServer

    from conftest import VALID

    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    sheet = lib / "worksheets" / "worry-time.yaml"
    sheet.write_text(VALID)
    server = DevServer(lib, 0, pdf=False, say=lambda text: None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto(server.url.replace("index.html", "worksheets/worry-time.html"))
        assert tab.inner_text("h1") == "Worry time"
        tab.wait_for_timeout(1000)  # let the page's poll see the first build
        sheet.write_text(VALID.replace("Worry time", "Worry window"))
        until(lambda: tab.inner_text("h1") == "Worry window")
        sheet.write_text(VALID + "minutes: lots\n")
        banner = tab.wait_for_selector("#dev-banner", timeout=20000)
        assert "worksheets/worry-time.yaml:12:10: error: minutes:" in banner.inner_text()
        assert tab.inner_text("h1") == "Worry window"
    finally:
        context.close()
        server.httpd.shutdown()


def test_printing_a_worksheet_page_gives_a_clean_sheet(
    page: object, bundled: tuple[Path, BuildReport]
) -> None:
    page.goto(url(bundled, "worksheets/thought-record.html"))  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    for hidden in ("nav", ".site-footer", ".previews", ".downloads", ".skip-link", "details.guide"):
        assert not page.is_visible(hidden), hidden  # type: ignore[attr-defined]
    for shown in ("h1", "#why", "#practise"):
        assert page.is_visible(shown), shown  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF-")


def test_a_right_to_left_page_reads_from_the_right(page: object, bundled: tuple[Path, BuildReport]) -> None:
    page.goto(url(bundled, "ar/worksheets/cbt-cycle.html"))  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.dir") == "rtl"  # type: ignore[attr-defined]
    title = page.evaluate(
        "(() => { const r = document.querySelector('h1').getBoundingClientRect(); return [r.left, r.right]; })()"
    )  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.clientWidth")  # type: ignore[attr-defined]
    assert title[1] > width * 0.6 and title[0] > 16, "the heading sits at the right"
    font = page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'خطة')")  # type: ignore[attr-defined]
    assert font, "the Arabic font comes with the site"
    page.click("nav.languages >> text=English")  # type: ignore[attr-defined]
    assert page.url.endswith("/worksheets/cbt-cycle.html")  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.dir") == "ltr"  # type: ignore[attr-defined]
    assert page.errors == [] and page.outside == []  # type: ignore[attr-defined]
