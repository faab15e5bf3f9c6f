"""New libraries and new worksheets from the commented starters shipped with the package."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from string import Template

from .errors import UsageProblem
from .format.library import SETTINGS_FILE, WORKSHEETS_DIR, source_files
from .format.model import Worksheet
from .format.settings import Settings

SCHEMA_DIR = "schema"
GITIGNORE = """\
# Built output and caches: rebuilt from the sources, never committed.
/site/
/.site.lock
/.worksheets-cache/
# Assignments name clients: keep them out of the repository and out of the published site.
/assignments/
"""


def schema(model: type[Worksheet] | type[Settings]) -> dict[str, object]:
    """The JSON Schema of a model, with a title and an id editors show."""
    result = model.model_json_schema()
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return result


def schema_text(model: type[Worksheet] | type[Settings]) -> str:
    return json.dumps(schema(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _starter(name: str, **values: str) -> str:
    text = resources.files("generator").joinpath("starters", name).read_text("utf-8")
    return Template(text).substitute(values)


def _schema_path(file: Path, root: Path, schema_file: str) -> str:
    return Path(os.path.relpath(root / SCHEMA_DIR / schema_file, file.parent)).as_posix()


def write_schemas(root: Path) -> None:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    (folder / "worksheet.schema.json").write_text(schema_text(Worksheet), "utf-8")
    (folder / "library.schema.json").write_text(schema_text(Settings), "utf-8")


def init_library(root: Path, clinic: str = "Our clinic") -> list[Path]:
    """Make a new library in ``root`` (absent or empty); return the files written."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageProblem(f"{root.as_posix()} already exists and is not empty; choose a new folder")
    (root / WORKSHEETS_DIR).mkdir(parents=True)
    (root / "assets").mkdir()
    write_schemas(root)
    settings = root / SETTINGS_FILE
    settings.write_text(
        _starter("library.yaml", clinic=json.dumps(clinic), schema_path=f"{SCHEMA_DIR}/library.schema.json"),
        "utf-8",
    )
    (root / ".gitignore").write_text(GITIGNORE, "utf-8")
    example = new_worksheet(root, "three-good-things", title="Three good things")
    return [settings, root / ".gitignore", root / SCHEMA_DIR, example]


def new_worksheet(root: Path, ident: str, folder: str = "", title: str | None = None) -> Path:
    """Write a commented starter worksheet ``ident`` into ``worksheets/[folder/]``."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident):
        raise UsageProblem(
            f"'{ident}' can't be an id: use lowercase words joined by hyphens, like 'sleep-diary'"
        )
    if not (root / WORKSHEETS_DIR).is_dir():
        raise UsageProblem(
            f"{root.as_posix()} has no {WORKSHEETS_DIR}/ folder; make a library with 'worksheets init'"
        )
    taken = {p.stem: p for p in source_files(root)}
    if ident in taken:
        raise UsageProblem(f"the id '{ident}' is taken by {taken[ident].relative_to(root).as_posix()}")
    target = root / WORKSHEETS_DIR / folder / f"{ident}.yaml"
    if not target.resolve().is_relative_to((root / WORKSHEETS_DIR).resolve()):
        raise UsageProblem(f"the folder '{folder}' is outside {WORKSHEETS_DIR}/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if not (root / SCHEMA_DIR / "worksheet.schema.json").is_file():
        write_schemas(root)
    default_title = ident.replace("-", " ").capitalize()
    target.write_text(
        _starter(
            "worksheet.yaml",
            title=json.dumps(title or default_title),
            schema_path=_schema_path(target, root, "worksheet.schema.json"),
        ),
        "utf-8",
    )
    return target
