"""The ``worksheets`` command: parse, call the library API, print. Errors become exit codes here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .errors import ContentError, Problem, UsageProblem

# Each command imports what it uses, so that one with nothing to do (a no-op build) starts quickly.

LIBRARY = click.option(
    "--library",
    "library",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The library folder (holding library.yaml and worksheets/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="therapy-worksheets", prog_name="worksheets")
def main() -> None:
    """Write therapy homework worksheets once as YAML; check them, print them, publish them."""


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--clinic", default="Our clinic", show_default=True, help="The clinic's name.")
@LIBRARY
def init(directory: Path | None, clinic: str, library: Path) -> None:
    """Create a new library in DIRECTORY with settings and one example worksheet."""
    from .scaffold import init_library

    root = directory or library
    init_library(root, clinic)
    click.echo(f"Made a new library in {root.as_posix()}.")
    click.echo(
        f"Next: edit {root.as_posix()}/library.yaml, then run 'worksheets check --library {root.as_posix()}'."
    )


@main.command()
@click.argument("ident", metavar="ID")
@click.option("--folder", default="", help="A subfolder of worksheets/ to put it in.")
@click.option("--title", default=None, help="The title (default: from the id).")
@LIBRARY
def new(ident: str, folder: str, title: str | None, library: Path) -> None:
    """Add worksheet ID from a commented starter that teaches the format."""
    from .scaffold import new_worksheet

    path = new_worksheet(library, ident, folder, title)
    click.echo(f"Wrote {path.as_posix()}")


@main.command()
@LIBRARY
def check(library: Path) -> None:
    """Validate the settings and every worksheet; print every problem as path:line:col."""
    from .format.library import load_library
    from .lint import settings_problems

    lib = load_library(library)
    warnings = settings_problems(lib)
    for warning in warnings:
        click.echo(str(warning), err=True)
    count = len(lib.worksheets)
    found = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else "no problems"
    translated = sum(len(sheets) for sheets in lib.translations.values())
    also = f" and {translated} translation{'s' if translated != 1 else ''}" if translated else ""
    click.echo(f"Checked {count} worksheet{'s' if count != 1 else ''}{also}: {found}.")


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the library).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes rendering PDFs (default: one per core).",
)
@click.option("--no-pdf", is_flag=True, help="Build without the PDFs.")
@click.option("--clean", is_flag=True, help="Ignore the build cache: render every PDF again.")
@click.option(
    "--print-html", is_flag=True, help="Also write the HTML fed to the PDF renderer next to each PDF."
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings (a sheet over its page budget, a wasted page) as errors."
)
@LIBRARY
def build(
    out: Path | None,
    jobs: int | None,
    no_pdf: bool,
    clean: bool,
    print_html: bool,
    strict: bool,
    library: Path,
) -> None:
    """Build the site and its PDFs; on any content error change nothing and exit 1."""
    from .paper.cache import build_options, up_to_date

    target = (out or library / "site").as_posix()
    if (
        not clean
        and up_to_date(library, Path(target), build_options(not no_pdf, False, print_html, strict))[0]
    ):
        click.echo(f"Nothing changed since the last build of {target}.")
        return  # answered before the models, the templates and the renderer are imported

    from .build import build_site

    bars: dict[str, Any] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase not in bars:
            bars[phase] = click.progressbar(length=total, label="Rendering PDFs", file=sys.stderr)
            bars[phase].__enter__()
        bars[phase].update(done - bars[phase].pos)
        if done == total:
            bars.pop(phase).__exit__(None, None, None)

    report = build_site(
        library,
        out,
        jobs=jobs,
        pdf=not no_pdf,
        clean=clean,
        print_html=print_html,
        strict=strict,
        progress=progress,
        on_wait=lambda text: click.echo(text, err=True),
    )
    if report.up_to_date:
        click.echo(f"Nothing changed since the last build of {target}.")
        return
    for line in [*report.notices, *map(str, report.warnings)]:
        click.echo(line, err=True)
    click.echo(
        f"Built {report.worksheets} worksheet{'s' if report.worksheets != 1 else ''} into {target}: {report.pages} pages, "
        f"{report.pdfs} PDFs ({report.rendered} rendered, {report.pdfs - report.rendered} unchanged; "
        f"{report.pdf_pages} PDF pages), in {report.seconds:.1f} s."
    )


@main.command()
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port on 127.0.0.1."
)
@click.option("--no-pdf", is_flag=True, help="Serve the pages without rendering PDFs (faster).")
@LIBRARY
def serve(port: int, no_pdf: bool, library: Path) -> None:
    """Build, serve on 127.0.0.1, rebuild on every change and reload the open page."""
    from .format.library import load_library
    from .serve import DevServer

    load_library(library)  # a library that does not load at all is a usage error, not a banner
    try:
        server = DevServer(library, port, pdf=not no_pdf, say=lambda text: click.echo(text, err=True))
    except OSError as exc:
        raise UsageProblem(f"can't listen on 127.0.0.1:{port}: {exc.strerror}; try --port") from None
    click.echo(f"Serving {library.as_posix()} at {server.url} (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


@main.command()
@click.argument("target", required=False, metavar="ASSIGNMENT.yaml | ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write.")
@click.option(
    "--new", "new_id", metavar="ID", help="Print a commented assignment for worksheet ID to start from."
)
@click.option("--client", help="The client's name or initials (without an assignment file).")
@click.option("--therapist", help="Your name.")
@click.option("--goal", help="The client's goal, in their words.")
@click.option("--situation", help="The plan: if ... (the moment or cue).")
@click.option("--action", help="The plan: then I will ...")
@click.option("--when", help="The plan: when.")
@click.option("--where", help="The plan: where.")
@click.option("--how-often", help="The plan: how often.")
@click.option("--how-long", help="The plan: how long.")
@click.option("--days", type=int, help="Days (or practices) the log has room for.")
@click.option("--review-on", help="The date of the review session, YYYY-MM-DD.")
@click.option("--paper", help="a4 or letter.")
@click.option("--language", help="The sheet in this language, where it is translated (e.g. es).")
@click.option("--fillable", is_flag=True, help="A PDF to type into.")
@click.option(
    "--therapist-notes", is_flag=True, help="Add the therapist's notes after each worksheet (your copy)."
)
@LIBRARY
def tailor(
    target: str | None, output: Path | None, new_id: str | None, library: Path, **options: Any
) -> None:
    """Make one client's PDF from an assignment file, or from a worksheet ID and options.

    The client's name is printed on the sheet but not stored in the PDF's metadata, and nothing
    about the client is written anywhere else.
    """
    if new_id is not None:
        from .tailor import new_assignment

        click.echo(new_assignment(library, new_id), nl=False)
        return
    if target is None:
        raise click.UsageError("give an assignment file or a worksheet id (or --new ID)")
    from .paper.pdfjob import Renderer

    with Renderer() as render:  # it loads WeasyPrint while the lines below load the rest
        from .tailor import run_tailor

        report = run_tailor(library, target, output, options, render)
    for line in [*report.notices, *map(str, report.warnings)]:
        click.echo(line, err=True)
    click.echo(f"Wrote {report.path.as_posix()} ({report.pages} pages).")


@main.command()
@click.option("--strict", is_flag=True, help="Treat every warning as an error (exit 1).")
@LIBRARY
def lint(strict: bool, library: Path) -> None:
    """Check content quality: reading grade, missing elements, review dates, long steps."""
    from .lint import lint_library

    problems = lint_library(library)
    if strict and problems:
        raise ContentError([Problem(p.file, p.line, p.column, p.message, "error") for p in problems])
    for problem in problems:
        click.echo(str(problem), err=True)
    count = len(problems)
    click.echo(
        f"Linted the library: {count} warning{'s' if count != 1 else ''}."
        if count
        else "Linted the library: no warnings."
    )


@main.command(name="list")
@LIBRARY
def list_(library: Path) -> None:
    """List the worksheets, one a line: id, a tab, title."""
    from .format.library import load_library

    for ident, sheet in load_library(library).worksheets.items():
        click.echo(f"{ident}\t{sheet.title}")


@main.command()
@click.option("--settings", is_flag=True, help="The schema of library.yaml instead.")
@LIBRARY
def schema(settings: bool, library: Path) -> None:
    """Print the JSON Schema of the worksheet format (for editors)."""
    from .format.model import Worksheet
    from .format.settings import Settings
    from .scaffold import schema_text

    click.echo(schema_text(Settings if settings else Worksheet), nl=False)
