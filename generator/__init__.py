"""Therapy homework worksheets: written once as YAML, checked, printed and published.

The public API: :func:`load_library` reads and validates a library folder; :func:`build_site` builds
its site and PDFs; :func:`lint_library` checks content quality; :func:`generator.tailor.tailor` makes
one client's PDF from an assignment. The models :class:`Worksheet` and :class:`Settings` describe the format;
every problem is a :class:`ContentError` holding located :class:`Problem` entries. The build, the
tailoring and the linting are imported on first use, so that checking stays quick.
"""

from typing import Any

from .errors import ContentError, Problem, WorksheetsError
from .format.library import Library, load_library, load_worksheet
from .format.model import Worksheet
from .format.settings import Settings

_LATER = {"build_site": "build", "lint_library": "lint"}


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
