"""Where a library's templates are looked up: its own ``templates/`` folder first, then the built-in
ones. Kept apart from the Jinja environment so that asking costs no import of Jinja."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or ``templates/`` in a checkout."""
    packaged = Path(str(resources.files("generator"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_dirs(library_root: Path | None) -> list[Path]:
    """The template search path of the library at ``library_root`` (the built-in ones alone for none)."""
    folders = [builtin_templates()]
    override = library_root / "templates" if library_root else None
    if override is not None and override.is_dir():
        folders.insert(0, override)
    return folders
