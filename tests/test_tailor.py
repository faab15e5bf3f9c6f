"""worksheets tailor: one client's PDF or packet, from a file or from options; located errors;
and privacy: the name is on the pages, never in metadata, logs, caches, temporary files or the site."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import build_site

from conftest import REPO, run
from pdfcheck import text

CLIENT = "Zephyrine Q."
TODAY = dt.date.today()
SOON = TODAY + dt.timedelta(days=7)


def assignment(tmp_path: Path, body: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), "utf-8")
    return path


def tailor(*args: str | Path) -> tuple[int, str, str]:
    result = run("tailor", *args, "--library", REPO)
    return result.exit_code, result.stdout, result.stderr


def test_one_tailored_worksheet(tmp_path: Path) -> None:
    path = assignment(
        tmp_path,
        f"""\
        worksheet: thought-record
        client: "{CLIENT}"
        therapist: Dr Rivera
        assigned: {TODAY}
        review_on: {SOON}
        goal: Feel less flattened when work goes wrong
        plan:
          situation: I get home from work
          action: fill in one row of the record
          when: Straight after dinner
        obstacles:
          - obstacle: I am too tired
            plan: I write just the situation and finish it at the weekend
        rehearsed: [We filled in the row about the meeting]
        readiness: 8
        confidence: 6
        days: 4
        sections:
          thought-record:
            record: {{rows: 2}}
        """,
    )
    out = tmp_path / "out.pdf"
    code, stdout, stderr = tailor(path, "-o", out)
    assert code == 0, stderr
    assert stdout.startswith(f"Wrote {out.as_posix()} (")
    assert CLIENT not in stdout + stderr, "the client's name stays out of the terminal output"
    words = text(out)
    for expected in (
        CLIENT,
        "Feel less flattened when work goes wrong",
        "I get home from work",
        "Straight after dinner",
        "I am too tired",
        "We filled in the row about the meeting",
        "How ready I felt: 8 out of 10.",
        "AGREED IN SESSION",
        f"review {SOON.isoformat()}",
    ):
        assert expected in words, expected


def test_the_client_name_stays_out_of_the_pdf_metadata(tmp_path: Path) -> None:
    path = assignment(tmp_path, f"worksheet: paced-breathing\nclient: '{CLIENT}'\nassigned: {TODAY}\n")
    out = tmp_path / "out.pdf"
    assert tailor(path, "-o", out)[0] == 0
    reader = PdfReader(out)
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    assert info["/Title"] == "Paced breathing"
    assert all(CLIENT not in value and "Zephyrine" not in value for value in info.values())
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "Zephyrine" not in xmp
    assert "Paced breathing" in xmp


def test_a_packet_has_a_cover_contents_and_page_numbers_across_it(tmp_path: Path) -> None:
    path = assignment(
        tmp_path,
        f"""\
        worksheets: [paced-breathing, worry-time, sleep-diary]
        client: "{CLIENT}"
        therapist: Dr Rivera
        contact: Ring the clinic on 0100 000 000, weekdays
        assigned: {TODAY}
        review_on: {SOON}
        goal: Sleep through more nights
        """,
    )
    out = tmp_path / "packet.pdf"
    assert tailor(path, "-o", out)[0] == 0
    pages = len(PdfReader(out).pages)
    cover = text(out, 0)
    assert "Your homework for this week" in cover or "Your home practice for this week" in cover
    assert "Contents" in cover and "Ring the clinic on 0100 000 000, weekdays" in cover
    starts = [int(n) for n in re.findall(r"(?:Paced breathing|Worry time|Sleep diary) ?\.[ .]*(\d+)", cover)]
    assert len(starts) == 3 and starts == sorted(starts) and starts[0] >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text(out, number - 1)
    assert "Paced breathing" in text(out, starts[0] - 1) and "Sleep diary" in text(out, starts[2] - 1)


def test_without_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    code, _, stderr = tailor(
        "worry-time",
        "--client",
        "J. R.",
        "--goal",
        "Worry less at night",
        "--when",
        "6 pm",
        "--where",
        "the kitchen",
        "--days",
        "5",
        "--paper",
        "letter",
        "-o",
        out,
    )
    assert code == 0, stderr
    words = text(out)
    assert "J. R." in words and "Worry less at night" in words and "the kitchen" in words
    assert tuple(round(float(x)) for x in PdfReader(out).pages[0].mediabox[2:]) == (612, 792)
    code, _, _ = tailor(
        "worry-time", "--client", "J. R.", "--days", "5", "--fillable", "-o", tmp_path / "fill.pdf"
    )
    fields = PdfReader(tmp_path / "fill.pdf").get_fields() or {}
    assert code == 0 and "quality-5" in fields and "quality-6" not in fields, (
        "the log has the agreed five rows"
    )


def test_new_prints_an_assignment_to_start_from(tmp_path: Path) -> None:
    code, starter, _ = tailor("--new", "thought-record")
    assert code == 0
    assert starter.startswith("# An assignment: one client's home practice")
    assert "worksheet: thought-record" in starter and "#     record: {rows: N}" in starter
    path = assignment(tmp_path, starter)
    assert tailor(path, "-o", tmp_path / "out.pdf")[0] == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "worksheet: thougt-record\nclient: A\n",
            "a.yaml:1:12: error: worksheet: there is no worksheet 'thougt-record'; did you mean 'thought-record', 'abc-record', 'thought-check-teens'?",
        ),
        (
            "worksheets: [worry-time, slep-diary]\nclient: A\n",
            "a.yaml:1:26: error: worksheets: there is no worksheet 'slep-diary'; did you mean 'sleep-diary', 'panic-diary', 'mood-diary'?",
        ),
        (
            "worksheet: worry-time\nclient: A\nassigned: 2030-05-10\nreview_on: 2030-05-03\n",
            "a.yaml:4:12: error: review_on: the review date 2030-05-03 is before the date it was assigned (2030-05-10)",
        ),
        ("worksheet: worry-time\n", "a.yaml:1:1: error: missing required key 'client'"),
        (
            "worksheet: worry-time\nworksheets: [worry-time]\nclient: A\n",
            "a.yaml:1:1: error: name the worksheet with 'worksheet: ID', or a packet with 'worksheets: [ID, ...]' (one of the two)",
        ),
        (
            "worksheet: worry-time\nclient: A\nreadiness: 11\n",
            "a.yaml:3:12: error: readiness: expected a whole number from 0 to 10, got 11",
        ),
        (
            "worksheet: thought-record\nclient: A\nsections:\n  thought-record:\n    recrod: {rows: 2}\n",
            "a.yaml:5:5: error: sections.thought-record.recrod: 'thought-record' has no section named 'recrod'",
        ),
        (
            "worksheet: thought-record\nclient: A\nsections:\n  thought-record:\n    record: {include: false}\n",
            "a.yaml:5:23: error: sections.thought-record.record.include: this section is not optional in 'thought-record'",
        ),
        (
            "worksheet: thought-record\nclient: A\nsections:\n  worry-time:\n    record: {rows: 2}\n",
            "a.yaml:4:3: error: sections.worry-time: this assignment does not give 'worry-time'",
        ),
    ],
)
def test_assignment_errors_are_located(tmp_path: Path, body: str, expected: str) -> None:
    path = assignment(tmp_path, body)
    code, _, stderr = tailor(path, "-o", tmp_path / "out.pdf")
    assert code == 1
    assert stderr.splitlines()[0].replace(path.as_posix(), "a.yaml").startswith(expected), stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_review_date_in_the_past_is_a_warning(tmp_path: Path) -> None:
    path = assignment(
        tmp_path, "worksheet: worry-time\nclient: A\nassigned: 2020-01-01\nreview_on: 2020-01-08\n"
    )
    code, _, stderr = tailor(path, "-o", tmp_path / "out.pdf")
    assert code == 0
    assert (
        stderr.splitlines()[0].replace(path.as_posix(), "a.yaml")
        == "a.yaml:4:12: warning: review_on: 2020-01-08 is in the past"
    )


def test_build_never_reads_assignments_and_nothing_of_them_reaches_the_site(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "worksheets").mkdir(parents=True)
    (lib / "worksheets" / "worry-time.yaml").write_bytes(
        (REPO / "worksheets" / "worry-time.yaml").read_bytes()
    )
    (lib / "assignments").mkdir()
    (lib / "assignments" / "zq.yaml").write_text(
        f"worksheet: worry-time\nclient: '{CLIENT}'\ngoal: Zephyrine's private goal\n"
    )
    assert (
        run(
            "tailor", lib / "assignments" / "zq.yaml", "-o", lib / "assignments" / "zq.pdf", "--library", lib
        ).exit_code
        == 0
    )
    build_site(lib, pdf=False)
    for path in (lib / "site").rglob("*"):
        if path.is_file():
            assert b"Zephyrine" not in path.read_bytes(), path


def test_tailor_leaves_no_trace_but_the_pdf(tmp_path: Path) -> None:
    home, temp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for folder in (home, temp, work):
        folder.mkdir()
    path = assignment(work, f"worksheet: worry-time\nclient: '{CLIENT}'\ngoal: Zephyrine's private goal\n")
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    library = tmp_path / "library"  # a copy: other tests build the repository's library meanwhile
    shutil.copytree(REPO / "worksheets", library / "worksheets")
    shutil.copyfile(REPO / "library.yaml", library / "library.yaml")
    before = set(library.rglob("*"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "tailor",
            str(path),
            "-o",
            str(work / "out.pdf"),
            "--library",
            str(REPO),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Zephyrine" not in result.stdout + result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["a.yaml", "out.pdf"]
    leftovers = [p for folder in (home, temp) for p in folder.rglob("*") if p.is_file()]
    assert all(b"Zephyrine" not in p.read_bytes() for p in leftovers), leftovers
    assert list(temp.iterdir()) == [], "no temporary files outlive the command"
    assert set(library.rglob("*")) - before == set(), "nothing written into the library"
