"""A worksheet (or a packet of them) made into one client's homework, as one PDF.

Takes the same road as a library build from "validate" on, with its own output and never the
site's: only the worksheets it names are read, the PDF is rendered in this process, written through
a temporary file beside the target and renamed, and nothing else is written. The client's name is
printed on the pages but kept out of the PDF's metadata.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from .errors import ContentError, Problem, UsageProblem
from .format.assignment import Assignment, check_against
from .format.library import (
    Library,
    load_settings,
    load_translation,
    load_worksheet,
    source_files,
    worksheet_files,
)
from .format.model import (
    LadderSection,
    LinesSection,
    LogSection,
    ObstaclesSection,
    Worksheet,
)
from .format.section import Section
from .format.settings import Settings, in_language
from .format.sources import Document, parse
from .format.tables import TableSection
from .format.validate import validate
from .paper.pdfjob import SLOW_FONTS, PdfJob, PdfResult, load_renderer
from .paper.pdfplan import pdf_job, refused_problem
from .paper.printing import document_context, page_sizes, sheet_context
from .render import Templates
from .web.site import Variant


@dataclass
class TailorReport:
    path: Path
    pages: int
    warnings: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """What the user should know about this machine (a missing system library)."""


def _adjusted(sheet: Worksheet, assignment: Assignment) -> list[Section]:
    """The sheet's sections for this client: optional ones left out, rows and lines changed."""
    changes = assignment.sections.get(sheet.id, {})
    sections: list[Section] = []
    for section in sheet.sections:
        adjust = changes.get(section.name or "")
        update: dict[str, Any] = {}
        if isinstance(section, LogSection) and assignment.days:
            update["entries"] = assignment.days
        if adjust is not None:
            if not adjust.include:
                continue
            if adjust.rows is not None and isinstance(section, TableSection | ObstaclesSection):
                update["rows"] = adjust.rows
            if adjust.lines is not None and isinstance(section, LinesSection):
                update["lines"] = adjust.lines
            if adjust.entries is not None and isinstance(section, LogSection):
                update["entries"] = adjust.entries
            if adjust.steps is not None and isinstance(section, LadderSection):
                update["steps"] = adjust.steps
        sections.append(section.model_copy(update=update) if update else section)
    return sections


def _dates(assignment: Assignment) -> str:
    parts = []
    if assignment.assigned:
        parts.append(f"Agreed {assignment.assigned.isoformat()}")
    if assignment.review_on:
        parts.append(f"review {assignment.review_on.isoformat()}")
    return " · ".join(parts)


def tailored_values(sheet: Worksheet, assignment: Assignment) -> dict[str, Any]:
    return {
        "client": assignment.client,
        "assigned": assignment.assigned.isoformat() if assignment.assigned else None,
        "goal": assignment.goal,
        "plan": assignment.plan.model_dump(exclude_none=True) if assignment.plan else None,
        "obstacles": assignment.obstacles,
        "rehearsed": assignment.rehearsed,
        "readiness": assignment.readiness,
        "confidence": assignment.confidence,
        "sections": _adjusted(sheet, assignment),
        "notes": assignment.therapist_notes,
    }


def _created(assignment: Assignment) -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return assignment.assigned.isoformat() + "T00:00:00Z" if assignment.assigned else None


def tailored_html(root: Path, settings: Settings, sheets: list[Worksheet], assignment: Assignment) -> str:
    """The HTML of the client's PDF: one tailored worksheet, or a packet with a cover."""
    variant = Variant(
        assignment.paper or settings.papers[0], fillable=assignment.fillable, large=assignment.large_print
    )
    language = assignment.language or sheets[0].language
    templates = Templates(root.resolve(), language)
    first = sheets[0]
    page_size, wide = (
        page_sizes(first, variant.paper)
        if len(sheets) == 1
        else page_sizes(first.model_copy(update={"orientation": "portrait"}), variant.paper)
    )
    document = document_context(
        settings,
        variant,
        language=language,
        page_size=page_size,
        wide_page_size=wide,
        created=_created(assignment),
        header_left=f"{settings.clinic} · {assignment.client}",
        footer_left=_dates(assignment),
    )
    if len(sheets) == 1:
        return templates.render(
            "print/sheet.html",
            **document,
            **sheet_context(settings, first, tailored_values(first, assignment)),
        )
    items = [sheet_context(settings, sheet, tailored_values(sheet, assignment)) for sheet in sheets]
    cover = {
        "client": assignment.client,
        "therapist": assignment.therapist,
        "contact": assignment.contact,
        "goal": assignment.goal,
        "assigned": assignment.assigned.isoformat() if assignment.assigned else None,
        "review_on": assignment.review_on.isoformat() if assignment.review_on else None,
    }
    for item in items[1:]:
        item["tailored"] = {**item["tailored"], "goal": None}  # the goal is on the cover and the first sheet
    return templates.render("print/packet.html", **document, items=items, cover=cover)


def tailor(
    root: Path | str,
    doc: Document,
    out: Path,
    today: dt.date | None = None,
    render: Callable[[PdfJob], PdfResult] | None = None,
) -> TailorReport:
    """Make the client's PDF described by the assignment ``doc``; write it to ``out``. ``render``
    renders it (default: WeasyPrint in this process; the command passes a :class:`Renderer`)."""
    root = Path(root)
    files = {path.stem: path for path in source_files(root)}
    assignment = validate(doc, Assignment)
    settings = load_settings(root)
    sheets = {ident: load_worksheet(files[ident], root) for ident in assignment.ids if ident in files}
    problems = check_against(assignment, doc, sheets, sorted(files), today or dt.date.today())
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    if assignment.language and assignment.language != settings.language:
        sheets, settings = _in_language(root, sheets, settings, assignment.language)
    ordered = [sheets[ident] for ident in assignment.ids]
    html = tailored_html(root, settings, ordered, assignment)
    lib = Library(root, settings, sheets)
    job: PdfJob = pdf_job(lib, html, assignment.fillable)

    result = (render or load_renderer())(job)
    if result.refused:
        raise ContentError([refused_problem(lib, ordered[0], url) for url in result.refused])
    _write_atomically(out, result.pdf)
    return TailorReport(out, result.pages, problems, [SLOW_FONTS] if result.slow_fonts else [])


def _in_language(
    root: Path, sheets: dict[str, Worksheet], settings: Settings, language: str
) -> tuple[dict[str, Worksheet], Settings]:
    """The sheets in ``language`` where a translation into it exists (the others as written), and
    the clinic's words in it."""
    translated = {path.stem: path for path in worksheet_files(root)}
    found = {}
    for ident, sheet in sheets.items():
        path = translated.get(f"{ident}.{language}")
        found[ident] = load_translation(path, root, sheet, language) if path is not None else sheet
    return found, in_language(settings, language)


def _write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


OPTION_KEYS = {"situation", "action", "when", "where", "how_often", "how_long"}


def options_document(ident: str, options: dict[str, Any]) -> Document:
    """An assignment made from command-line options, for the same validation as a file."""
    data: dict[str, Any] = {"worksheet": ident}
    plan = {key: value for key, value in options.items() if key in OPTION_KEYS and value is not None}
    if plan:
        data["plan"] = plan
    for key, value in options.items():
        if key not in OPTION_KEYS and value not in (None, False):
            data[key] = value
    data.setdefault("assigned", dt.date.today())
    return Document("(command line)", data)


def run_tailor(
    root: Path,
    target: str,
    output: Path | None,
    options: dict[str, Any],
    render: Callable[[PdfJob], PdfResult] | None = None,
) -> TailorReport:
    """``worksheets tailor TARGET``: TARGET is an assignment file, or a worksheet id with options."""
    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise UsageProblem(f"there is no assignment file {target}")
        given = [f"--{k.replace('_', '-')}" for k, v in options.items() if v not in (None, False)]
        if given:
            raise UsageProblem(f"with an assignment file, put {', '.join(given)} in the file instead")
        doc = parse(path.read_bytes(), path.as_posix())
    else:
        doc = options_document(target, options)
    if isinstance(doc.data, dict):
        ids = doc.data.get("worksheets") or [doc.data.get("worksheet")]
        default = f"{ids[0]}.pdf" if len(ids) == 1 and isinstance(ids[0], str) else "packet.pdf"
    else:
        default = "tailored.pdf"
    return tailor(root, doc, output or Path(default), render=render)


def new_assignment(root: Path, ident: str) -> str:
    """A commented assignment for worksheet ``ident``, listing what can be adjusted."""
    files = {path.stem: path for path in source_files(root)}
    if ident not in files:
        close = difflib.get_close_matches(ident, sorted(files), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UsageProblem(f"there is no worksheet '{ident}'{hint}")
    sheet = load_worksheet(files[ident], root)
    settings = load_settings(root)
    named = [s for s in sheet.sections if s.name]
    if named:
        lines = [
            "# Sections of this worksheet you can adjust for this client:",
            "# sections:",
            f"#   {ident}:",
        ]
        for section in named:
            what = {
                "table": "rows",
                "obstacles": "rows",
                "lines": "lines",
                "log": "entries",
                "ladder": "steps",
            }.get(section.type, "")
            options = [f"{what}: N"] if what else []
            if section.optional:
                options.append("include: false")
            lines.append(f"#     {section.name}: {{{', '.join(options)}}}")
        adjustable = "\n".join(lines) + "\n"
    else:
        adjustable = ""
    today = dt.date.today()
    text = resources.files("generator").joinpath("starters", "assignment.yaml").read_text("utf-8")
    return Template(text).substitute(
        worksheet=ident,
        task=settings.task_name,
        today=today.isoformat(),
        review=(today + dt.timedelta(days=7)).isoformat(),
        sections=adjustable,
    )
