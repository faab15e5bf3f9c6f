"""Therapy homework worksheets: written once as YAML, checked, printed and published.

The public API: :func:`load_library` reads and validates a library folder; the models
:class:`Worksheet` and :class:`Settings` describe the format; every problem is a
:class:`ContentError` holding located :class:`Problem` entries.
"""

from .errors import ContentError, Problem, WorksheetsError
from .library import Library, load_library, load_worksheet
from .model import Worksheet
from .settings import Settings

__all__ = [
    "ContentError",
    "Library",
    "Problem",
    "Settings",
    "Worksheet",
    "WorksheetsError",
    "load_library",
    "load_worksheet",
]
