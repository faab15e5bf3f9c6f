"""The library that ships in this repository: valid, and it shows every section type in use."""

from __future__ import annotations

from generator.format.library import load_library
from generator.format.model import SECTION_TYPES

from conftest import REPO


def test_bundled_library_is_valid_and_uses_every_section_type() -> None:
    lib = load_library(REPO)
    assert len(lib.worksheets) >= 5
    used = {section.type for sheet in lib.worksheets.values() for section in sheet.sections}  # type: ignore[attr-defined]
    assert used == set(SECTION_TYPES)


def test_bundled_worksheets_carry_the_evidence_based_elements() -> None:
    for ident, sheet in load_library(REPO).worksheets.items():
        kinds = {section.type for section in sheet.sections}  # type: ignore[attr-defined]
        assert {"plan", "obstacles", "review"} <= kinds and sheet.has_log, ident
        assert sheet.references and sheet.guide and sheet.reviewed, ident
        first_line = (REPO / sheet.file).read_text("utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schema/worksheet.schema.json", ident
