"""The command line as a content author uses it: init, new, check, list, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.format.model import Worksheet
from generator.format.settings import Settings
from generator.scaffold import schema_text

from conftest import REPO, VALID, run


def test_init_makes_a_library_that_checks(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = run("init", lib, "--clinic", "Harbour Clinic")
    assert result.exit_code == 0, result.output
    assert (lib / "worksheets" / "three-good-things.yaml").is_file()
    assert "/assignments/" in (lib / ".gitignore").read_text()
    assert "/site/" in (lib / ".gitignore").read_text()
    assert 'clinic: "Harbour Clinic"' in (lib / "library.yaml").read_text()
    check = run("check", "--library", lib)
    assert check.exit_code == 0, check.output
    assert check.stdout == "Checked 1 worksheet: 1 warning.\n"
    assert check.stderr.startswith("library.yaml:6:1: warning: support: no crisis line is set"), check.stderr


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_new_writes_a_commented_starter_that_checks(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    run("init", lib)
    result = run("new", "worry-time", "--folder", "anxiety", "--library", lib)
    assert result.exit_code == 0, result.output
    path = lib / "worksheets" / "anxiety" / "worry-time.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/worksheet.schema.json\n")
    assert 'title: "Worry time"' in text
    assert text.count("\n#") >= 5, "the starter teaches the format in comments"
    assert (path.parent / text.split("$schema=")[1].split("\n")[0]).resolve().is_file()
    assert run("check", "--library", lib).exit_code == 0
    listed = run("list", "--library", lib).stdout.splitlines()
    assert listed == ["three-good-things\tThree good things", "worry-time\tWorry time"]


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("Worry Time", "'Worry Time' can't be an id: use lowercase words joined by hyphens"),
        ("three-good-things", "the id 'three-good-things' is taken by worksheets/three-good-things.yaml"),
        ("../escape", "can't be an id"),
    ],
)
def test_new_refuses_bad_or_taken_ids(tmp_path: Path, ident: str, message: str) -> None:
    run("init", tmp_path / "lib")
    result = run("new", ident, "--library", tmp_path / "lib")
    assert result.exit_code == 1
    assert message in result.stderr


def test_new_refuses_a_folder_outside_worksheets(tmp_path: Path) -> None:
    run("init", tmp_path / "lib")
    result = run("new", "worry-time", "--folder", "../..", "--library", tmp_path / "lib")
    assert result.exit_code == 1
    assert "outside worksheets/" in result.stderr
    assert not (tmp_path / "worry-time.yaml").exists()


def test_list_shows_errors_instead_of_a_partial_list(library: Path) -> None:
    (library / "worksheets" / "a.yaml").write_text(VALID)
    (library / "worksheets" / "b.yaml").write_text("title: [")
    result = run("list", "--library", library)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("worksheets/b.yaml:2:1: error: YAML syntax:")


def test_schema_is_json_and_the_committed_copies_are_current() -> None:
    printed = run("schema").stdout
    assert json.loads(printed)["title"] == "Worksheet"
    assert printed == (REPO / "schema" / "worksheet.schema.json").read_text(), (
        "run: worksheets schema > schema/worksheet.schema.json"
    )
    assert run("schema", "--settings").stdout == (REPO / "schema" / "library.schema.json").read_text()


def test_schema_documents_every_field() -> None:
    def walk(schema: dict[str, object], where: str) -> list[str]:
        missing = []
        for name, prop in schema.get("properties", {}).items():  # type: ignore[attr-defined]
            if "description" not in prop:
                missing.append(f"{where}.{name}")
        return missing

    for model, text in ((Worksheet, schema_text(Worksheet)), (Settings, schema_text(Settings))):
        schema = json.loads(text)
        missing = walk(schema, model.__name__)
        for name, definition in schema.get("$defs", {}).items():
            missing += walk(definition, name)
        assert missing == []


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "init", str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--library", str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "Checked 1 worksheet: 1 warning.\n")


def test_every_subcommand_takes_library_and_help() -> None:
    for command in ("init", "new", "check", "list", "schema"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "--library" in result.stdout
