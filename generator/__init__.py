"""Therapy homework worksheets: written once as YAML, checked, printed and published.

The public API: :func:`load_library` reads and validates a library folder; :func:`build_site` builds
its site and PDFs; :func:`lint_library` checks content quality; :func:`generator.tailor.tailor` makes
one client's PDF from an assignment. The models :class:`Worksheet` and :class:`Settings` describe the format;
every problem is a :class:`ContentError` holding located :class:`Problem` entries. Everything but the
errors is imported on first use, so that a command starts quickly.
"""

from typing import Any

from .errors import ContentError, Problem, WorksheetsError

_LATER = {
    "build_site": "build",
    "lint_library": "lint",
    "Library": "format.library",
    "load_library": "format.library",
    "load_worksheet": "format.library",
    "Worksheet": "format.model",
    "Settings": "format.settings",
}
"""Imported on first use: the format's models take a moment to build, and a command that has
nothing to do (a build with nothing changed) should not wait for them."""


def __getattr__(name: str) -> Any:
    if name in _LATER:
        from importlib import import_module

        return getattr(import_module(f".{_LATER[name]}", __name__), name)
    raise AttributeError(name)


__all__ = [
    "ContentError",
    "Library",
    "Problem",
    "Settings",
    "Worksheet",
    "WorksheetsError",
    "build_site",
    "lint_library",
    "load_library",
    "load_worksheet",
]
