"""What every section of a worksheet has; each family of section types builds on it."""

from __future__ import annotations

from .fields import Markdown, Model, Slug, Text


class Section(Model):
    """What every section has."""

    title: Text | None = None
    """The heading printed above the section; each type has a sensible default."""
    intro: Markdown | None = None
    """A sentence or two under the heading: what to write here and how."""
    name: Slug | None = None
    """A short name an assignment uses to adjust or leave out this section."""
    optional: bool = False
    """True when a therapist may leave this section out of a tailored copy."""
