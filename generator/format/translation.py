"""Translations of a worksheet: a file beside its source that holds only the translated text.

``worksheets/thought-record.es.yaml`` translates ``worksheets/thought-record.yaml`` into Spanish. It
starts with a ``translation:`` block (language, the source version it was made from, translator,
review status, how it was made and checked), then mirrors the source: a key only where the source
has it, a list only where the source has one of the same length, text only where the source has
text. Ids, numbers, codes and citations are never translated. What it leaves out shows in the
source language (``worksheets lint`` lists it), and a translation made from an older version of the
source is stale (lint says so).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ContentError, Problem
from .fields import Language, Model, Text, Version
from .sources import Document, Path_, dotted
from .validate import validate

NOT_TRANSLATED = frozenset(
    {
        "format",
        "type",
        "version",
        "reviewed",
        "language",
        "orientation",
        "per",
        "kind",
        "shape",
        "links",
        "size",
        "references",
        "page_budget",
        "licence",
        "authors",
        "minutes",
    }
)
"""Keys whose values are ids, codes, numbers or citations: a translation leaves them out. A
section's own ``name`` (its id) is one too; a table column's ``name`` is text."""

_KEYED = re.compile(r"[\w\[\].]+: ")
Status = Literal["forward translation", "back-translated", "reviewed by a clinician"]


class TranslationInfo(Model):
    """Who made a translation, from which version of the source, and how far it has been checked."""

    language: Language
    """The language, as in the file name: `es` in `thought-record.es.yaml`."""
    source_version: Version
    """The source's `version` this translation was made from; lint warns when the source moves on."""
    translator: Text
    """Who translated it."""
    status: Status
    """How far it has been checked: `forward translation`, `back-translated`, or `reviewed by a clinician`."""
    method: Text
    """How it was made and checked, in a sentence or two."""


@dataclass
class Translated:
    """A valid translation: the worksheet in its language, and what it left in the source language."""

    info: TranslationInfo
    untranslated: list[Path_] = field(default_factory=list)
    """The source's texts this translation does not give (they show in the source language)."""


def N_(text: str) -> str:
    """Marks a default text of the format for the interface's catalogue (it is translated later)."""
    return text


DEFAULT_TEXTS: dict[str, dict[str, str]] = {
    "ladder": {"rating": N_("Distress (0-100)")},
    "record": {"entry_label": N_("Entry")},
}
"""Texts a section has by default when its worksheet gives none: in a translation they come from
the interface's catalogue, as the default headings do."""
TREE_DEFAULTS = {"yes_label": N_("Yes"), "no_label": N_("No")}
"""The default answers on a decision tree's branches."""


def _with_defaults(data: Any, words: Callable[[str], str]) -> Any:
    """The worksheet's data with each default text it relies on given in the translation's words."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return data
    sections = []
    for section in data["sections"]:
        if isinstance(section, dict):
            section = {
                **{k: words(v) for k, v in DEFAULT_TEXTS.get(section.get("type", ""), {}).items()},
                **section,
            }
            if section.get("type") == "diagram" and isinstance(section.get("tree"), dict):
                section["tree"] = _tree(section["tree"], words)
        sections.append(section)
    return {**data, "sections": sections}


def _tree(node: dict[str, Any], words: Callable[[str], str]) -> dict[str, Any]:
    """A decision tree's question with its branch answers in the translation's words."""
    if "ask" not in node:
        return node
    found = {**{k: words(v) for k, v in TREE_DEFAULTS.items()}, **node}
    for branch in ("yes", "no"):
        if isinstance(found.get(branch), dict):
            found[branch] = _tree(found[branch], words)
    return found


def split_name(stem: str) -> tuple[str, str | None]:
    """``thought-record.es`` -> (``thought-record``, ``es``); a source's stem has no language."""
    ident, _, language = stem.partition(".")
    return ident, (language or None)


def _translatable(key: object, path: Path_) -> bool:
    if key in NOT_TRANSLATED:
        return False
    return not (key == "name" and len(path) == 2 and path[0] == "sections")


def _mirror(source: Any, text: Any, path: Path_, doc: Document, problems: list[Problem]) -> None:
    """Every part of ``text`` must stand where ``source`` has a part of the same kind."""
    if text is None:
        return
    if isinstance(text, dict):
        if not isinstance(source, dict):
            problems.append(
                doc.problem(
                    path, f"{dotted(path)}: the source has no keys here, so nothing here is translated"
                )
            )
            return
        for key, value in text.items():
            where = (*path, key)
            if not _translatable(key, path):
                problems.append(
                    doc.problem(
                        where,
                        f"{dotted(where)}: '{key}' is not translated (it is an id, a number or a code); leave it out",
                        key=True,
                    )
                )
            elif key not in source:
                why = (
                    " (its heading is the default one, which is translated with the interface)"
                    if key == "title"
                    else ""
                )
                problems.append(
                    doc.problem(where, f"{dotted(where)}: the source has no '{key}' here{why}", key=True)
                )
            else:
                _mirror(source[key], value, where, doc, problems)
    elif isinstance(text, list):
        if not isinstance(source, list):
            problems.append(doc.problem(path, f"{dotted(path)}: the source has no list here"))
        elif len(text) != len(source):
            problems.append(
                doc.problem(
                    path,
                    f"{dotted(path)}: the source has {len(source)} entries here and the translation {len(text)}; "
                    "give one for each, in the same order (~ keeps an entry in the source language)",
                )
            )
        else:
            for index, (mine, theirs) in enumerate(zip(source, text, strict=True)):
                _mirror(mine, theirs, (*path, index), doc, problems)
    elif not isinstance(source, str):
        problems.append(
            doc.problem(
                path, f"{dotted(path)}: the source has no text here (only text is translated); leave it out"
            )
        )
    elif not isinstance(text, str):
        problems.append(doc.problem(path, f"{dotted(path)}: expected the translated text"))


def _overlay(source: Any, text: Any) -> Any:
    """The source with every translated text put in its place."""
    if text is None:
        return source
    if isinstance(source, dict) and isinstance(text, dict):
        return {key: _overlay(value, text.get(key)) for key, value in source.items()}
    if isinstance(source, list) and isinstance(text, list):
        return [_overlay(mine, theirs) for mine, theirs in zip(source, text, strict=True)]
    return text


def _untranslated(source: Any, text: Any, path: Path_) -> list[Path_]:
    """The paths of the source's texts that ``text`` does not give."""
    if isinstance(source, str):
        return [] if isinstance(text, str) else [path]
    found: list[Path_] = []
    if isinstance(source, dict):
        for key, value in source.items():
            if _translatable(key, path):
                found += _untranslated(value, text.get(key) if isinstance(text, dict) else None, (*path, key))
    elif isinstance(source, list):
        for index, value in enumerate(source):
            theirs = text[index] if isinstance(text, list) and index < len(text) else None
            found += _untranslated(value, theirs, (*path, index))
    return found


def translate(source: Document, doc: Document, language: str) -> tuple[dict[str, Any], Translated]:
    """The source's data in ``language``, and the translation's details; raises :class:`ContentError`
    with every problem of the translation file ``doc``, located in it."""
    if not isinstance(doc.data, dict):
        raise ContentError([doc.problem((), "expected a mapping that starts with 'translation:'")])
    body = {key: value for key, value in doc.data.items() if key != "translation"}
    problems = list(doc.problems)
    info: TranslationInfo | None = None
    if "translation" not in doc.data:
        problems.append(
            doc.problem(
                (),
                "translation: missing: say the language, the source_version it was made from, the "
                "translator, the status and the method",
            )
        )
    else:
        try:
            info = validate(
                Document(
                    doc.file,
                    doc.data["translation"],
                    _under(doc.values, "translation"),
                    _under(doc.keys, "translation"),
                ),
                TranslationInfo,
            )
        except ContentError as exc:
            problems += [
                Problem(
                    p.file,
                    p.line,
                    p.column,
                    ("translation." if _KEYED.match(p.message) else "translation: ") + p.message,
                )
                for p in exc.problems
            ]
        if info is not None and info.language != language:
            problems.append(
                doc.problem(
                    ("translation", "language"),
                    f"translation.language: '{info.language}' but the file name says '{language}'",
                )
            )
    _mirror(source.data, body, (), doc, problems)
    if problems:
        raise ContentError(sorted(set(problems)))
    assert info is not None
    from ..catalogues import translations

    data = _with_defaults(_overlay(source.data, body), translations(language).gettext)
    data["language"] = language
    return data, Translated(info, _untranslated(source.data, body, ()))


def _under(table: dict[Path_, Any], key: str) -> dict[Path_, Any]:
    """The marks below ``key``, with the paths made relative to it."""
    return {path[1:]: mark for path, mark in table.items() if path[:1] == (key,)}


def merged_document(doc: Document, data: dict[str, Any]) -> Document:
    """The translated worksheet as a document whose problems are located in the translation file."""
    return Document(doc.file, data, doc.values, doc.keys)
