"""Benchmarks (not tests). Every figure is the median of several runs and is printed with a ratio to
a baseline measured in the same run, since machines here are shared and noisy.

    .venv/bin/python bench/bench.py [--n 1000] [--n-pdf 12] [--repeat 3]

Needs MkDocs for the peer comparison (`pip install mkdocs`); without it that line is skipped.

- the limit: bare WeasyPrint rendering the same print HTML (from `build --print-html`) in one process;
- full build with 1 job and with every core; no-op rebuild; rebuild after editing one worksheet;
- HTML-only build at N, against MkDocs building equivalent pages (the peer);
- `check` at N; `tailor` from a cold shell against a cold bare render; peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKSHEETS = str(BIN / "worksheets")
CORES = os.cpu_count() or 1


def median_time(
    action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sh(*args: str | Path, cwd: Path | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True, cwd=cwd)


def synthetic_library(n: int) -> Path:
    """N worksheets: the bundled ones copied under new ids, spread over subfolders."""
    root = Path(tempfile.mkdtemp(prefix="bench-lib-"))
    (root / "worksheets").mkdir()
    sources = sorted((REPO / "worksheets").glob("*.yaml"))
    for i in range(n):
        source = sources[i % len(sources)]
        target = root / "worksheets" / f"{i // 100:02d}" / f"{source.stem}-{i}.yaml"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    # The copies have new ids, so the settings' `featured` ids would name no worksheet.
    settings = (REPO / "library.yaml").read_text("utf-8").splitlines(keepends=True)
    (root / "library.yaml").write_text("".join(s for s in settings if not s.startswith("featured:")), "utf-8")
    return root


def mkdocs_project(n: int) -> Path | None:
    """The same N worksheets as MkDocs pages: title, summary, purpose, steps and section headings."""
    if shutil.which("mkdocs", path=str(BIN)) is None:
        return None
    from generator.format.library import load_library

    sheets = list(load_library(REPO).worksheets.values())
    root = Path(tempfile.mkdtemp(prefix="bench-mkdocs-"))
    docs = root / "docs"
    docs.mkdir()
    (root / "mkdocs.yml").write_text("site_name: Worksheets\nuse_directory_urls: false\n")
    (docs / "index.md").write_text("# Worksheets\n")
    for i in range(n):
        sheet = sheets[i % len(sheets)]
        steps = "\n".join(f"1. {step}" for step in sheet.rehearsal)
        sections = "\n".join(f"- {s.title or s.type}" for s in sheet.sections)
        refs = "\n".join(f"- {r.authors} ({r.year}). {r.title}." for r in sheet.references)
        (docs / f"{sheet.id}-{i}.md").write_text(
            f"# {sheet.title}\n\n{sheet.summary}\n\n## Why this helps\n\n{sheet.purpose}\n\n"
            f"## Practise it together first\n\n{steps}\n\n## How to use it\n\n{sections}\n\n## Based on\n\n{refs}\n"
        )
    return root


def peak_memory_mb(command: list[str]) -> float:
    """The largest resident size of ``command`` and its worker processes, in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def ratio(value: float, base: float) -> str:
    return f"{value / base:6.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--n", type=int, default=1000, help="worksheets for HTML-only, check and no-op figures"
    )
    parser.add_argument("--n-pdf", type=int, default=12, help="worksheets for the PDF figures (4 PDFs each)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--bundled", action="store_true", help="also time a full build of the bundled library"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    rows: list[str] = []
    targets: list[tuple[str, str, str, bool]] = []

    def report(line: str) -> None:
        rows.append(line)
        print(line, flush=True)

    def target(figure: str, measured: str, wanted: str, met: bool) -> None:
        targets.append((figure, measured, wanted, met))

    # --- PDFs: the limit, 1 job, every core ---------------------------------------------------
    small = synthetic_library(args.n_pdf)
    sh(WORKSHEETS, "build", "--library", small, "--clean", "--print-html", "--jobs", str(CORES))
    htmls = sorted((small / "site" / "pdf").glob("*.html"))
    bare_script = textwrap.dedent(f"""
        import logging, sys, time
        from weasyprint import HTML
        if sys.argv[1] == "no-subsetter":  # as on a machine without libharfbuzz-subset
            from weasyprint.pdf import fonts
            fonts.harfbuzz_subset = None
            logging.getLogger("weasyprint").setLevel(logging.ERROR)
        same = sys.argv[1] != "defaults"
        files = sys.argv[2:]
        started = time.perf_counter()
        for f in files:
            options = {{"pdf_forms": "-fillable" in f, "pdf_variant": "pdf/ua-1"}} if same else {{}}
            HTML(string=open(f).read(), base_url={(small.resolve().as_uri() + "/")!r}).write_pdf(**options)
        print(time.perf_counter() - started)
    """)

    def bare_time(mode: str) -> float:
        runs = []
        for _ in range(args.repeat):
            command = [sys.executable, "-c", bare_script, mode, *map(str, htmls)]
            runs.append(float(subprocess.run(command, check=True, capture_output=True, text=True).stdout))
        return statistics.median(runs)

    bare = bare_time("defaults")
    bare_same = bare_time("same")
    bare_no_subsetter = bare_time("no-subsetter")
    pdfs = len(htmls)
    one = median_time(
        lambda: sh(WORKSHEETS, "build", "--library", small, "--clean", "--jobs", "1"), args.repeat
    )
    every = median_time(
        lambda: sh(WORKSHEETS, "build", "--library", small, "--clean", "--jobs", str(CORES)), args.repeat
    )
    html_only_small = median_time(
        lambda: sh(WORKSHEETS, "build", "--library", small, "--clean", "--no-pdf"), args.repeat
    )
    pdf_phase = one - html_only_small
    report(f"PDF phase, {pdfs} PDFs ({args.n_pdf} worksheets), median of {args.repeat}:")
    report(
        f"  bare WeasyPrint, same HTML, defaults      {bare:7.2f} s  {pdfs / bare:5.2f} PDFs/s   (the limit)"
    )
    report(
        f"  bare WeasyPrint, same HTML, our options   {bare_same:7.2f} s  {pdfs / bare_same:5.2f} PDFs/s   "
        "(form fields in the fillable ones, tagged PDF/UA)"
    )
    report(
        f"  build --jobs 1, PDF phase                 {pdf_phase:7.2f} s  {pdfs / pdf_phase:5.2f} PDFs/s   "
        f"{bare / pdf_phase * 100:5.1f}% of the limit's throughput, "
        f"{bare_same / pdf_phase * 100:5.1f}% with the same options"
    )
    report(
        f"  bare WeasyPrint, our options, no subsetter {bare_no_subsetter:6.2f} s  {pdfs / bare_no_subsetter:5.2f} PDFs/s   "
        f"{ratio(bare_no_subsetter, bare_same)} the time with HarfBuzz's subsetter (fonts subset by fontTools)"
    )
    report(f"  build --jobs 1, whole build               {one:7.2f} s")
    report(
        f"  build --jobs {CORES}, whole build               {every:7.2f} s  {ratio(one, every)} faster than 1 job"
    )
    share = bare_same / pdf_phase
    target(
        "PDF phase at 1 job, share of bare WeasyPrint (same options)", f"{share:.0%}", ">= 95%", share >= 0.95
    )
    every_pdf = every - html_only_small
    if CORES >= 2:
        target(
            f"PDF phase, {CORES} jobs against 1",
            f"{pdf_phase / every_pdf:.2f}x",
            ">= 1.85x",
            pdf_phase / every_pdf >= 1.85,
        )

    # --- incremental -------------------------------------------------------------------------
    sh(WORKSHEETS, "build", "--library", small)
    noop_small = median_time(lambda: sh(WORKSHEETS, "build", "--library", small), args.repeat)
    edited = next((small / "worksheets").rglob("*.yaml"))
    text = edited.read_text()
    counter = iter(range(1000))

    def edit() -> None:
        edited.write_text(text.replace("title: ", f"title: Edit {next(counter)} ", 1))

    one_edit = median_time(lambda: sh(WORKSHEETS, "build", "--library", small), args.repeat, before=edit)
    report(f"Rebuilds, {args.n_pdf} worksheets with PDFs (cold command each time):")
    report(
        f"  no-op rebuild                             {noop_small:7.2f} s  {ratio(noop_small, every)} of a full build"
    )
    report(
        f"  rebuild after editing one worksheet       {one_edit:7.2f} s  {ratio(one_edit, every)} of a full build"
    )

    # --- N worksheets: HTML-only, no-op, check, memory, MkDocs --------------------------------
    big = synthetic_library(args.n)
    html_only = median_time(
        lambda: sh(WORKSHEETS, "build", "--library", big, "--clean", "--no-pdf"), args.repeat
    )
    sh(WORKSHEETS, "build", "--library", big, "--no-pdf")
    from generator.build import build_site

    noop_inproc = median_time(lambda: build_site(big, pdf=False), args.repeat)
    noop_cold = median_time(lambda: sh(WORKSHEETS, "build", "--library", big, "--no-pdf"), args.repeat)
    check = median_time(lambda: sh(WORKSHEETS, "check", "--library", big), args.repeat)
    known = big / ".worksheets-cache" / "sheets.json"
    check_cold = median_time(
        lambda: sh(WORKSHEETS, "check", "--library", big),
        args.repeat,
        before=lambda: known.unlink(missing_ok=True),
    )
    python_start = median_time(lambda: sh(sys.executable, "-c", "pass"), args.repeat)
    memory_html = peak_memory_mb([WORKSHEETS, "build", "--library", str(big), "--clean", "--no-pdf"])
    memory_pdf = peak_memory_mb([WORKSHEETS, "build", "--library", str(small), "--clean"])
    report(f"{args.n} worksheets:")
    report(f"  HTML-only build (cold command)            {html_only:7.2f} s")
    project = mkdocs_project(args.n)
    if project is not None:
        mkdocs = median_time(lambda: sh(BIN / "mkdocs", "build", "-q", cwd=project), args.repeat)
        report(
            f"  MkDocs, equivalent pages (the peer)       {mkdocs:7.2f} s  we are {ratio(mkdocs, html_only)} faster"
        )
        target(
            f"HTML-only build of {args.n} against MkDocs",
            f"{mkdocs / html_only:.2f}x faster",
            ">= 4x",
            mkdocs / html_only >= 4,
        )
    report(f"  no-op rebuild, in process                 {noop_inproc:7.3f} s")
    report(
        f"  no-op rebuild, cold command               {noop_cold:7.3f} s  (Python alone starts in {python_start:.3f} s)"
    )
    report(
        f"  worksheets check, cold command            {check:7.3f} s  (files unchanged since the last load)"
    )
    report(f"  worksheets check, nothing known           {check_cold:7.3f} s  (every file parsed)")
    report(f"  peak memory, HTML-only build of {args.n}     {memory_html:7.0f} MB")
    report(f"  peak memory, build with PDFs ({args.n_pdf} sheets)   {memory_pdf:7.0f} MB (any one process)")
    target(f"no-op rebuild of {args.n}, cold command", f"{noop_cold:.3f} s", "< 0.3 s", noop_cold < 0.3)
    target(f"check of {args.n}, cold command (unchanged files)", f"{check:.3f} s", "< 0.6 s", check < 0.6)
    target(
        f"check of {args.n}, cold command, every file parsed",
        f"{check_cold:.3f} s",
        "< 0.6 s",
        check_cold < 0.6,
    )
    memory = max(memory_html, memory_pdf)
    target("peak memory of any one process", f"{memory:.0f} MB", "< 200 MB", memory < 200)

    # --- tailor from a cold shell -------------------------------------------------------------
    out = Path(tempfile.mkdtemp(prefix="bench-tailor-"))
    tailor = median_time(
        lambda: sh(
            WORKSHEETS, "tailor", "worry-time", "--client", "A. B.", "-o", out / "t.pdf", "--library", REPO
        ),
        args.repeat,
    )
    from generator.format.assignment import Assignment
    from generator.format.library import load_library
    from generator.format.validate import validate
    from generator.tailor import options_document, tailored_html  # the same HTML, for the bare limit

    lib = load_library(REPO)
    assignment = validate(options_document("worry-time", {"client": "A. B."}), Assignment)
    (out / "t.html").write_text(tailored_html(REPO, lib.settings, [lib.worksheets["worry-time"]], assignment))
    limit_script = (
        "import sys; from weasyprint import HTML; "
        f"HTML(string=open(sys.argv[1]).read(), base_url={(REPO.as_uri() + '/')!r}).write_pdf(sys.argv[2])"
    )
    bare_tailor = median_time(
        lambda: sh(sys.executable, "-c", limit_script, out / "t.html", out / "b.pdf"), args.repeat
    )
    report("Tailor one worksheet, cold shell:")
    report(f"  bare limit (start, import WeasyPrint, render)  {bare_tailor:5.2f} s")
    report(
        f"  worksheets tailor                              {tailor:5.2f} s  {ratio(tailor, bare_tailor)} the limit"
    )
    target(
        "tailor one sheet, cold, against a cold bare render",
        f"{tailor / bare_tailor:.2f}x",
        "<= 1.3x",
        tailor / bare_tailor <= 1.3,
    )
    for folder in (small, big, out, *([project] if project else [])):
        shutil.rmtree(folder, ignore_errors=True)

    if args.bundled:
        copy = Path(tempfile.mkdtemp(prefix="bench-bundled-"))
        for name in ("worksheets", "library.yaml"):
            (shutil.copytree if name == "worksheets" else shutil.copyfile)(REPO / name, copy / name)
        started = time.perf_counter()
        sh(WORKSHEETS, "build", "--library", copy, "--clean", "--strict")
        bundled = time.perf_counter() - started
        count = len(list((copy / "site" / "pdf").glob("*.pdf")))
        report(f"The bundled library, full build with {CORES} jobs, once: {bundled:.1f} s ({count} PDFs)")
        shutil.rmtree(copy, ignore_errors=True)

    print()
    print("| figure | measured | target | met |")
    print("| --- | --- | --- | --- |")
    for figure, measured, wanted, met in targets:
        print(f"| {figure} | {measured} | {wanted} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
