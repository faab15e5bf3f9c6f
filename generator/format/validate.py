"""Plain data with marks -> a typed model, or every problem located and put in plain words."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import ContentError, Problem
from .fields import shown
from .sources import Document, Path_, dotted

M = TypeVar("M", bound=BaseModel)


def validate(doc: Document, model: type[M]) -> M:
    """Validate ``doc`` against ``model``; raise :class:`ContentError` with every problem."""
    if not isinstance(doc.data, dict):
        raise ContentError(
            [doc.problem((), f"expected a mapping of keys like 'title: ...', got {shown(doc.data)}")]
        )
    problems = set(doc.problems)
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            path = _data_path(doc.data, tuple(error["loc"]))
            if not any(path[: len(f)] == f for f in doc.flagged):
                problems.add(_problem(doc, model, error))
    if problems:
        raise ContentError(sorted(problems))
    return result


def _data_path(data: Any, loc: tuple[int | str, ...], missing: bool = False) -> Path_:
    """The part of pydantic's ``loc`` that names real keys and indexes in ``data``.

    pydantic adds the tag of a discriminated union and the names of union members to ``loc``;
    those are dropped. With ``missing``, the last part (a key not in ``data``) is kept.
    """
    path: list[str | int] = []
    in_item = False  # just stepped into a list item: the next part may be a union's tag
    for i, part in enumerate(loc):
        if in_item and isinstance(data, dict) and data.get("type") == part:
            in_item = False
            continue
        in_item = isinstance(data, list)
        if isinstance(data, dict) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, dict) and isinstance(part, str) and part.startswith("[") and part.endswith("]"):
            # a dict key that failed validation: pydantic writes it as "[key]"
            continue
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            path.append(part)
        elif missing and i == len(loc) - 1:
            path.append(part)
    return tuple(path)


def _fields(model: type[BaseModel], data: Any, path: Path_) -> list[str]:
    """The keys the model accepts in the mapping at ``path`` (for "did you mean")."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation, data)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    annotation = _unwrap(annotation, data)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any, data: Any) -> Any:
    """Strip Annotated and Optional; pick the member of a union of models that ``data`` names."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [
                typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a
                for a in typing.get_args(annotation)
                if a is not type(None)
            ]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            tagged = [m for m in models if isinstance(data, dict) and _tag(m) == data.get("type")]
            if tagged:
                return tagged[0]
            if len(members) == 1:
                annotation = members[0]
            elif models and isinstance(data, dict):
                return models[0]
            else:
                return annotation
        else:
            return annotation


def _tag(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("type")
    args = typing.get_args(field.annotation) if field else ()
    return args[0] if args else None


def _problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    path = _data_path(doc.data, tuple(error["loc"]), missing=error["type"] == "missing")
    kind = error["type"]
    where = dotted(path)
    got = error.get("input")
    if kind == "missing":
        name = path[-1]
        where = dotted(path[:-1])
        return doc.problem(path[:-1], f"{where + ': ' if where else ''}missing required key '{name}'")
    if kind == "extra_forbidden":
        allowed = _fields(model, doc.data, path[:-1])
        hint = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        message = f"{where}: unknown key '{path[-1]}'"
        if hint:
            message += f"; did you mean '{hint[0]}'?"
        elif allowed:
            message += f"; the keys here are: {', '.join(allowed)}"
        return doc.problem(path, message, key=True)
    field = (error.get("ctx") or {}).get("field")
    if field is not None:  # a check across keys names the key (or the path) to point at
        path = (*path, *(field if isinstance(field, list | tuple) else [field]))
        where = dotted(path)
    message = _words(kind, error, got, path)
    return doc.problem(path, f"{where}: {message}" if where else message)


def _words(kind: str, error: ErrorDetails, got: Any, path: Path_) -> str:
    ctx = error.get("ctx") or {}
    if path and path[-1] == "format" and kind == "literal_error":
        if isinstance(got, int) and not isinstance(got, bool) and got > 1:
            return (
                f"this file is in format {got}, but this version of the tool reads format 1; update the tool"
            )
        return f"expected 1, got {shown(got)}"
    if kind == "union_tag_invalid" and ctx.get("tag") in (None, "None", ""):
        return "each section needs a 'type', like 'type: lines'"
    if kind == "union_tag_invalid":
        tags = [t.strip("'") for t in str(ctx.get("expected_tags", "")).split(", ")]
        hint = difflib.get_close_matches(str(ctx.get("tag")), tags, n=1, cutoff=0.5)
        message = f"unknown section type {shown(ctx.get('tag'))}"
        if hint:
            return message + f"; did you mean '{hint[0]}'?"
        return message + f"; the types are: {', '.join(tags)}"
    if kind == "union_tag_not_found":
        return "each section needs a 'type', like 'type: lines'"
    if kind == "literal_error":
        return f"expected {ctx.get('expected', '')}, got {shown(got)}"
    if kind in ("too_short", "too_long"):
        lo, hi = ctx.get("min_length"), ctx.get("max_length")
        actual = ctx.get("actual_length")
        if isinstance(got, str):
            return f"expected at most {hi} characters, got {len(got)}"
        if kind == "too_short":
            return f"expected at least {lo} {'entry' if lo == 1 else 'entries'}, got {actual}"
        return f"expected at most {hi} entries, got {actual}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {shown(got)}"
    if kind in ("list_type",):
        return f"expected a list (lines starting with '- '), got {shown(got)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys, got {shown(got)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {shown(got)}"
    if kind in ("string_type", "string_pattern_mismatch"):
        return (
            f"expected text, got {shown(got)}" if kind == "string_type" else f"{shown(got)} is not valid here"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]
