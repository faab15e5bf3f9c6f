"""Benchmarks (not tests): every figure is a median of several runs, reported with a ratio to a
baseline measured in the same run, since machines here are shared and noisy.

    .venv/bin/python bench/bench.py [--n 1000] [--repeat 5]

- check: `load_library` and a cold `worksheets check` on N synthetic worksheets (copies of the
  bundled ones under new ids), against a bare `yaml.load` of the same files with the C loader.
- render: per worksheet, our PDF render (fenced fetcher, PDF/UA, subset fonts) against bare
  WeasyPrint rendering the same print HTML with its defaults.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def synthetic_library(n: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix="bench-lib-"))
    (root / "worksheets").mkdir()
    sources = sorted((REPO / "worksheets").glob("*.yaml"))
    for i in range(n):
        source = sources[i % len(sources)]
        target = root / "worksheets" / f"{i // 100:02d}" / f"{source.stem}-{i}.yaml"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copyfile(REPO / "library.yaml", root / "library.yaml")
    return root


def bench_check(n: int, repeat: int) -> None:
    from generator.library import load_library

    root = synthetic_library(n)
    files = sorted((root / "worksheets").rglob("*.yaml"))
    bare = median_time(lambda: [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files], repeat)
    ours = median_time(lambda: load_library(root), repeat)
    command = [str(Path(sys.executable).parent / "worksheets"), "check", "--library", str(root)]
    cold = median_time(lambda: subprocess.run(command, check=True, capture_output=True), repeat)
    print(f"check, {n} worksheets:")
    print(f"  bare yaml.load (C loader)       {bare:7.3f} s")
    print(f"  load_library (parse+validate)   {ours:7.3f} s   {ours / bare:5.2f}x bare YAML")
    print(f"  worksheets check, cold process  {cold:7.3f} s   {cold / bare:5.2f}x bare YAML")
    shutil.rmtree(root)


def bench_render(repeat: int) -> None:
    from weasyprint import HTML

    from generator.build import plan_pdfs
    from generator.library import load_library
    from generator.pdf import render

    lib = load_library(REPO)
    planned = plan_pdfs(lib)
    ours, bare, printable, fillable = [], [], [], []
    for item in planned:
        job = item.job
        result = render(job)
        (fillable if job.forms else printable).append(len(result.pdf))
        if job.forms or item.variant.paper != "a4":
            continue
        ours.append(median_time(lambda job=job: render(job), repeat))
        bare.append(
            median_time(lambda job=job: HTML(string=job.html, base_url=job.base_url).write_pdf(), repeat)
        )
    ratios = [o / b for o, b in zip(ours, bare, strict=True)]
    print(f"render, {len(ours)} bundled worksheets (A4, printable), median of {repeat} runs each:")
    print(f"  bare WeasyPrint, same HTML      {statistics.median(bare):7.3f} s per worksheet")
    print(f"  ours                            {statistics.median(ours):7.3f} s per worksheet   "
          f"{statistics.median(ratios):5.2f}x bare (range {min(ratios):.2f}-{max(ratios):.2f})")
    print(f"  printable PDF size              median {statistics.median(printable) / 1000:.0f} KB, "
          f"largest {max(printable) / 1000:.0f} KB")
    print(f"  fillable PDF size               median {statistics.median(fillable) / 1000:.0f} KB, "
          f"largest {max(fillable) / 1000:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("what", nargs="*", default=["check", "render"])
    args = parser.parse_args()
    if "check" in args.what:
        bench_check(args.n, args.repeat)
    if "render" in args.what:
        bench_render(args.repeat)


if __name__ == "__main__":
    main()
