"""The interface's words in each language: gettext catalogues kept as .po files in
``generator/locale/LANG/LC_MESSAGES/``, compiled in memory when first asked for. Light to import,
so that loading a library with translations does not load the templates' machinery."""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources
from pathlib import Path

DOMAIN = "worksheets"


def locale_dir() -> Path:
    return Path(str(resources.files("generator"))) / "locale"


def catalogue(language: str) -> Path | None:
    """The interface's catalogue for ``language`` (``locale/es/LC_MESSAGES/worksheets.po``), trying
    the language without its region (``es`` for ``es-MX``); None for English, the source language."""
    parts = language.replace("-", "_").split("_")
    for name in ("_".join(parts[:2]), parts[0]):
        path = locale_dir() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The interface strings for ``language`` (English, the source language, when there are none),
    compiled from the catalogue as it is read, so only the .po file is kept."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = catalogue(language)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as source:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(source, locale=path.parent.parent.name, domain=DOMAIN))
    compiled.seek(0)
    return Translations(compiled, DOMAIN)
