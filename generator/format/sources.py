"""YAML bytes -> plain Python data, with the line and column of every key and value.

Only plain data comes out: mappings, lists, strings, numbers, booleans, null and dates. Python tags,
merge keys and duplicate keys are refused; a file's size, its nesting depth and how far its
aliases expand are limited, so a hostile file costs little. Every refusal is a located
:class:`~generator.errors.Problem`.
"""

from __future__ import annotations

import codecs
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import ContentError, Problem
from .fields import shown

try:  # libyaml is much faster; the pure-Python composer gives the same nodes and marks.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
"""Largest file read, in bytes."""
MAX_VALUES = 50_000
"""Most values a file may expand to, aliases included (stops 'billion laughs' files)."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and lists."""

Path_ = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class SourceInt(int):
    """A number read from YAML that remembers how it was written ("8:00" reads as 480)."""

    source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        number = super().__new__(cls, value)
        number.source = source
        return number


class SourceFloat(float):
    """A decimal read from YAML that remembers how it was written ("1.10" reads as 1.1)."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number


@dataclass(frozen=True)
class Mark:
    """A place in a file, 1-based."""

    line: int
    column: int


@dataclass
class Document:
    """A parsed YAML file: its data and where each part of it was written."""

    file: str
    data: Any
    values: dict[Path_, yaml.Mark] = field(default_factory=dict)
    """Where the value at each path starts (YAML's own 0-based marks, converted when asked)."""
    keys: dict[Path_, yaml.Mark] = field(default_factory=dict)
    """Where the key of each mapping entry was written."""
    problems: list[Problem] = field(default_factory=list)
    """Problems that still let the rest of the file be checked (a bad date, a duplicate key)."""
    flagged: set[Path_] = field(default_factory=set)
    """Paths whose value already has a problem; validation does not report them again."""

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The place of the value (or of its key) at ``path``, or of the nearest enclosing one."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return _mark(table[path])
            if not key and path in self.keys:
                return _mark(self.keys[path])
            path = path[:-1]
        return _mark(self.values[()]) if () in self.values else Mark(1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        mark = self.mark(path, key=key)
        return Problem(self.file, mark.line, mark.column, message)


def dotted(path: Path_) -> str:
    """A path as an author reads it: ``sections[2].rows`` (list positions count from 0)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _mark(m: yaml.Mark) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 bytes (with or without a BOM) -> text, or a located problem."""
    if len(raw) > MAX_BYTES:
        raise ContentError(
            [
                Problem(
                    file,
                    1,
                    1,
                    f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: "
                    "split it into smaller worksheets",
                )
            ]
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentError([Problem(file, 1, 1, "the file is saved as UTF-16; save it as UTF-8 instead")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if raw.startswith(codecs.BOM_UTF8) else 0)
        before = raw[:start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        raise ContentError(
            [
                Problem(
                    file,
                    line,
                    column,
                    f"the file is not UTF-8 text: byte 0x{raw[start]:02X} here is not valid "
                    "UTF-8; save the file with UTF-8 encoding",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n")


def _yaml_problem(file: str, exc: yaml.YAMLError, source: str) -> Problem:
    mark: yaml.Mark | None = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, yaml.reader.ReaderError):
        before = source[: exc.position]
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        return Problem(
            file,
            before.count("\n") + 1,
            exc.position - (before.rfind("\n") + 1) + 1,
            f"the file holds a control character (U+{code:04X}) that YAML does not allow; delete it",
        )
    text = str(problem)
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in str(exc.context):
        return Problem(
            file,
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            "YAML syntax: a second document starts here ('---'); a file holds one worksheet, "
            "so move it to a file of its own",
        )
    at = mark.index if mark is not None and 0 <= mark.index < len(source) else -1
    if "tab character" in text or (at >= 0 and source[at] == "\t"):
        text += "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in text:
        text += "; if this is text with ': ' in it, put the whole text in quotes"
    context = getattr(exc, "context", None)
    context_mark: yaml.Mark | None = getattr(exc, "context_mark", None)
    problem_mark: yaml.Mark | None = getattr(exc, "problem_mark", None)
    if context and problem_mark is not None:
        if context_mark is not None and (context_mark.line, context_mark.column) != (
            problem_mark.line,
            problem_mark.column,
        ):
            context += f" that starts at line {context_mark.line + 1}, column {context_mark.column + 1}"
        text = f"{text} ({context})"
    if mark is None:
        return Problem(file, 1, 1, f"YAML syntax: {text}")
    return Problem(file, mark.line + 1, mark.column + 1, f"YAML syntax: {text}")


class _Builder:
    """Walks composed YAML nodes into plain data, recording marks and enforcing the limits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0

    def fail(self, mark: yaml.Mark, message: str, path: Path_, flag: Path_ | None = None) -> None:
        """Record a problem at ``mark``; validation stays quiet about ``flag`` (default: path)."""
        where = dotted(path)
        text = f"{where}: {message}" if where else message
        self.doc.problems.append(Problem(self.doc.file, mark.line + 1, mark.column + 1, text))
        self.doc.flagged.add(path if flag is None else flag)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            top = self.doc.keys.get(path[:1])
            raise _Abort(
                top or node.start_mark,
                f"the file expands to more than {MAX_VALUES:,} values (aliases repeat what "
                "they point to); write the values out or use fewer aliases",
            )
        if len(path) > MAX_DEPTH:
            raise _Abort(
                node.start_mark,
                f"the file is nested more than {MAX_DEPTH} levels deep (or an alias points to "
                "itself); flatten it",
            )
        self.doc.values[path] = node.start_mark
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node.start_mark, f"the tag {_short(node.tag)} is not allowed here", path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != "tag:yaml.org,2002:map":
            self.fail(node.start_mark, f"the tag {_short(node.tag)} is not allowed here", path)
        result: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(
                    key_node.start_mark,
                    "merge keys (<<) are not supported; write the keys out in full",
                    path,
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node.start_mark, "a key must be a plain word, not a list or mapping", path)
                continue
            key = self.scalar(key_node, path)
            if isinstance(
                key, bool
            ):  # a key is a word as written: a tree's `yes:` and `no:` are not true and false
                key = key_node.value
            if not isinstance(key, str | int) or key is None:
                self.fail(key_node.start_mark, f"a key must be a word or a number, not {shown(key)}", path)
                continue
            if key in result:
                first = self.doc.keys[(*path, key)]
                self.fail(
                    key_node.start_mark,
                    f"duplicate key '{key}' (first written on line {first.line + 1}); keep one of them",
                    path,
                    (*path, key),
                )
                continue
            self.doc.keys[(*path, key)] = key_node.start_mark
            result[key] = self.build(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            self.fail(
                node.start_mark,
                f"the tag {_short(node.tag)} is not allowed: worksheets hold only text, numbers, "
                "dates, lists and mappings",
                path,
            )
            return node.value
        constructor = _CONSTRUCTOR.yaml_constructors[node.tag]
        try:
            value = constructor(_CONSTRUCTOR, node)
            if type(value) is int:
                return SourceInt(value, node.value)
            if type(value) is float:
                return SourceFloat(value, node.value)
            return value
        except (ValueError, OverflowError, yaml.YAMLError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.fail(
                    node.start_mark,
                    f"'{node.value}' is not a real date; write it as YYYY-MM-DD",
                    path,
                )
            else:
                self.fail(node.start_mark, f"'{node.value}' can't be read as {_short(node.tag)}", path)
            return node.value


class _Abort(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


def parse(raw: bytes, file: str) -> Document:
    """Parse one YAML file into a :class:`Document`; raise :class:`ContentError` when it can't."""
    text = decode(raw, file)
    doc = Document(file, None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ContentError([_yaml_problem(file, exc, text)]) from None
    except RecursionError:
        raise ContentError(
            [Problem(file, 1, 1, f"the file is nested more than {MAX_DEPTH} levels deep")]
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise ContentError([Problem(file, 1, 1, "the file is empty")])
    try:
        doc.data = _Builder(doc).build(node, ())
    except _Abort as abort:
        raise ContentError(
            [Problem(file, abort.mark.line + 1, abort.mark.column + 1, abort.message)]
        ) from None
    return doc
