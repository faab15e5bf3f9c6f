"""The wheel carries everything: a fresh venv outside the repo can init and check a library."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    return next(out.glob("*.whl"))


def test_wheel_ships_templates_starters_and_the_command(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/starters/worksheet.yaml" in names
    assert "generator/starters/library.yaml" in names
    assert any(n.startswith("generator/templates/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "worksheets = generator.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_fresh_venv_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    """The wheel installed into a new environment, with nothing from this checkout: its
    dependencies come from the test environment's site-packages (a path, so no package index and no
    network is needed), but none of its .pth hooks run, so the checkout's editable install is not
    seen and the code that runs is the wheel's."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    deps = [p for p in map(Path, sys.path) if p.name == "site-packages" and p.is_dir()]
    (site / "test-dependencies.pth").write_text("".join(f"{p}\n" for p in deps))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
    )
    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site), where
    command = env_dir / "bin" / "worksheets"
    subprocess.run([str(command), "init", "lib"], cwd=tmp_path, check=True)
    result = subprocess.run(
        [str(command), "check", "--library", "lib"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "Checked 1 worksheet: 1 warning.\n"), result.stderr
