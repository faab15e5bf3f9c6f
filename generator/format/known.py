"""Worksheets a load has already found valid, so that the next load need not parse their YAML again.

A valid worksheet's content is kept, as JSON, by the hash of the tool's version and the file's name
and bytes, in ``.worksheets-cache/sheets.json`` beside the rendered PDFs. Loading it again validates
that JSON with the same model (about a sixth of the cost of reading the YAML), so nothing in the
file is taken on trust: a damaged or edited cache gives a fresh read, never an invalid worksheet.
Files with problems are never kept; their problems are found again, where they are, every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import Worksheet

CACHE_FILE = Path(".worksheets-cache") / "sheets.json"


class KnownSheets:
    """The valid worksheets of the last load of the library at ``root``."""

    def __init__(self, root: Path, read: bool = True) -> None:
        from ..paper.cache import tool_version

        self.path = root / CACHE_FILE
        self.version = tool_version()
        self.known: dict[str, Any] = {}
        self.seen: dict[str, Any] = {}
        if read:
            try:
                stored = json.loads(self.path.read_bytes())
                if stored.get("version") == self.version and isinstance(stored.get("sheets"), dict):
                    self.known = stored["sheets"]
            except (OSError, ValueError, AttributeError):
                pass

    def key(self, name: str, raw: bytes) -> str:
        return hashlib.sha256(b"\0".join([self.version.encode(), name.encode(), raw])).hexdigest()

    def get(self, key: str) -> Worksheet | None:
        data = self.known.get(key)
        if data is None:
            return None
        try:
            sheet = Worksheet.model_validate(data)
        except ValidationError:
            return None
        self.seen[key] = data
        return sheet

    def put(self, key: str, sheet: Worksheet) -> None:
        self.seen[key] = sheet.model_dump(mode="json")

    def save(self) -> None:
        """Keep the worksheets of this load (and only those), when anything changed; a folder that
        can't be written to just goes without."""
        if self.seen.keys() == self.known.keys():
            return
        data = json.dumps({"version": self.version, "sheets": self.seen}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".sheets-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(data)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
