"""A library folder -> its settings and every worksheet, or all the problems found on the way."""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from ..errors import ContentError, Problem, UsageProblem
from .known import KnownSheets
from .model import Worksheet
from .settings import Settings
from .sources import parse
from .translation import merged_document, split_name, translate
from .validate import validate

SETTINGS_FILE = "library.yaml"
WORKSHEETS_DIR = "worksheets"
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
PARALLEL_FROM = 150
"""Libraries with this many worksheets per core or more are read in parallel."""


@dataclass
class Library:
    """A loaded, valid library."""

    root: Path
    settings: Settings
    worksheets: dict[str, Worksheet]
    """Every worksheet by id, sorted by id."""
    translations: dict[str, dict[str, Worksheet]] = field(default_factory=dict)
    """The translated worksheets by language, then id (each in the language's own words, with the
    source's text where the translation gives none)."""


def display(path: Path, root: Path) -> str:
    """``path`` as an author knows it: relative to the library when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    doc = parse(path.read_bytes(), display(path, root))
    settings = validate(doc, Settings)
    if settings.logo is not None and not (root / "assets" / settings.logo).is_file():
        raise ContentError([doc.problem(("logo",), f"logo: there is no file assets/{settings.logo}")])
    return settings


def load_worksheet(path: Path, root: Path) -> Worksheet:
    """Read and validate one worksheet file; its id is the file's name without .yaml."""
    return _worksheet(path, root, path.read_bytes())


def _worksheet(path: Path, root: Path, raw: bytes) -> Worksheet:
    """The worksheet in ``raw``, the bytes of the file at ``path``; raises :class:`ContentError`."""
    name = display(path, root)
    sheet = validate(parse(raw, name), Worksheet)
    sheet._id = path.stem
    sheet._file = name
    return sheet


def load_translation(path: Path, root: Path, source: Worksheet, language: str) -> Worksheet:
    """Read and check one translation against its (valid) source; raises :class:`ContentError`."""
    source_doc = parse((root / source.file).read_bytes(), source.file)
    doc = parse(path.read_bytes(), display(path, root))
    data, details = translate(source_doc, doc, language)
    sheet = validate(merged_document(doc, data), Worksheet)
    sheet._id = source.id
    sheet._file = doc.file
    sheet._translation = details
    return sheet


def source_files(root: Path) -> list[Path]:
    """The worksheets under ``worksheets/``, without their translations (``ID.es.yaml``)."""
    return [path for path in worksheet_files(root) if "." not in path.stem]


def worksheet_files(root: Path) -> list[Path]:
    """Every worksheet and translation file under ``worksheets/``, in a stable order; hidden files
    are skipped."""
    folder = root / WORKSHEETS_DIR
    files = [
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def _load_one(item: tuple[Path, bytes | OSError], root: Path) -> Worksheet | list[Problem]:
    path, raw = item
    if isinstance(raw, OSError):
        return [Problem(display(path, root), 1, 1, f"can't read the file: {raw.strerror}")]
    try:
        return _worksheet(path, root, raw)
    except ContentError as exc:
        return exc.problems


def _read(path: Path) -> bytes | OSError:
    try:
        return path.read_bytes()
    except OSError as exc:
        return exc


def _load_all(paths: list[Path], root: Path, known: KnownSheets | None) -> list[Worksheet | list[Problem]]:
    """Load every file: from the worksheets already known valid where a file is unchanged, else
    from its YAML (in a large library, by one process per core)."""
    items = [(path, _read(path)) for path in paths]
    loaded: list[Worksheet | list[Problem] | None] = [None] * len(items)
    keys: dict[int, str] = {}
    for index, (path, raw) in enumerate(items):
        if known is not None and isinstance(raw, bytes):
            keys[index] = known.key(display(path, root), raw)
            sheet = known.get(keys[index])
            if sheet is not None:
                sheet._id, sheet._file = path.stem, display(path, root)
                loaded[index] = sheet
    todo = [index for index, done in enumerate(loaded) if done is None]
    workers = min(os.cpu_count() or 1, len(todo) // PARALLEL_FROM)
    if workers <= 1:
        fresh = [_load_one(items[index], root) for index in todo]
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            fresh = list(pool.map(partial(_load_one, root=root), [items[i] for i in todo], chunksize=64))
    for index, result in zip(todo, fresh, strict=True):
        loaded[index] = result
        if known is not None and isinstance(result, Worksheet) and index in keys:
            known.put(keys[index], result)
    if known is not None:
        known.save()
    return [result for result in loaded if result is not None]


def load_library(root: Path | str = ".", known: bool = True) -> Library:
    """Load ``library.yaml`` and every worksheet; raise :class:`ContentError` with every problem.
    ``known``: reuse the worksheets the last load found valid where their files are unchanged
    (:mod:`generator.format.known`); ``False`` reads every file afresh."""
    root = Path(root)
    if not (root / WORKSHEETS_DIR).is_dir():
        raise UsageProblem(
            f"{root.as_posix()} is not a worksheet library: it has no {WORKSHEETS_DIR}/ folder "
            "(make a new library with 'worksheets init DIR')"
        )
    problems: list[Problem] = []
    settings = Settings()
    try:
        settings = load_settings(root)
    except ContentError as exc:
        problems += exc.problems
    first_file: dict[str, str] = {}
    to_load: list[Path] = []
    translation_files: list[tuple[Path, str, str]] = []
    real_root = root.resolve()
    for path in worksheet_files(root):
        name = display(path, root)
        if not path.resolve().is_relative_to(real_root):
            problems.append(
                Problem(
                    name, 1, 1, "this file links to a place outside the library; copy the file in instead"
                )
            )
            continue
        if not path.is_file():
            continue
        stem, language = split_name(path.stem)
        if language is not None:
            if not _ID.fullmatch(stem) or not _LANGUAGE.fullmatch(language):
                problems.append(
                    Problem(
                        name,
                        1,
                        1,
                        f"the file name '{path.name}' is neither a worksheet id nor an id and a language: "
                        "name a translation like 'thought-record.es.yaml' (the source's id, a dot, a language tag)",
                    )
                )
            else:
                translation_files.append((path, stem, language))
            continue
        if not _ID.fullmatch(stem):
            suggestion = "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "my-worksheet"
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"the file name '{path.name}' can't be an id: use lowercase words joined by "
                    f"hyphens, like '{suggestion}{path.suffix}'",
                )
            )
        if stem in first_file:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"the id '{stem}' is also used by {first_file[stem]}; each worksheet needs its own file name",
                )
            )
            continue
        first_file[stem] = name
        to_load.append(path)
    sheets: dict[str, Worksheet] = {}
    for loaded in _load_all(to_load, root, KnownSheets(root) if known else None):
        if isinstance(loaded, Worksheet):
            sheets[loaded.id] = loaded
        else:
            problems += loaded
    translations: dict[str, dict[str, Worksheet]] = {}
    failed = {Path(p.file).stem for p in problems}
    for path, ident, language in translation_files:
        if ident not in sheets:
            if ident not in failed:
                problems.append(
                    Problem(
                        display(path, root),
                        1,
                        1,
                        f"a translation of '{ident}', but there is no {WORKSHEETS_DIR}/{ident}.yaml to translate",
                    )
                )
            continue
        if language == sheets[ident].language:
            problems.append(
                Problem(
                    display(path, root),
                    1,
                    1,
                    f"'{ident}' is already written in '{language}'; a translation is into another language",
                )
            )
            continue
        try:
            translations.setdefault(language, {})[ident] = load_translation(
                path, root, sheets[ident], language
            )
        except ContentError as exc:
            problems += exc.problems
    unknown = [(i, ident) for i, ident in enumerate(settings.featured) if ident not in sheets]
    if unknown and (root / SETTINGS_FILE).is_file() and (sheets or not problems):
        doc = parse((root / SETTINGS_FILE).read_bytes(), display(root / SETTINGS_FILE, root))
        problems += [
            doc.problem(
                ("featured", i), f"featured[{i}]: there is no worksheet '{ident}' in {WORKSHEETS_DIR}/"
            )
            for i, ident in unknown
        ]
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return Library(
        root,
        settings,
        dict(sorted(sheets.items())),
        {language: dict(sorted(found.items())) for language, found in sorted(translations.items())},
    )
