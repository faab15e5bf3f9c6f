"""sitemap.xml and an Atom feed of new and updated worksheets, made only when a base URL is set.

Dates come from the worksheets' ``reviewed`` dates (or ``SOURCE_DATE_EPOCH``), never the clock, so
the same library gives the same files.
"""

from __future__ import annotations

import datetime as dt
import os
from xml.etree import ElementTree as ET

from ..format.library import Library
from .site import Page, page_path

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _fallback_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date(2000, 1, 1)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def sitemap(lib: Library, pages: list[Page]) -> bytes:
    base = lib.settings.base_url or ""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted(pages, key=lambda p: p.path):
        if page.path == "404.html":
            continue
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = base + page.path
        sheet = page.context.get("sheet")
        if sheet is not None and sheet.reviewed:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = sheet.reviewed.isoformat()
    return _xml(root)


def feed(lib: Library) -> bytes:
    base = lib.settings.base_url or ""
    fallback = _fallback_date()
    dated = sorted(lib.worksheets.values(), key=lambda s: (s.reviewed or fallback, s.id), reverse=True)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"{lib.settings.clinic}: new and updated worksheets"
    ET.SubElement(root, f"{{{ATOM}}}id").text = base + "feed.xml"
    ET.SubElement(root, f"{{{ATOM}}}link", href=base, rel="alternate")
    ET.SubElement(root, f"{{{ATOM}}}link", href=base + "feed.xml", rel="self")
    newest = dated[0].reviewed or fallback if dated else fallback
    ET.SubElement(root, f"{{{ATOM}}}updated").text = f"{newest.isoformat()}T00:00:00Z"
    ET.SubElement(ET.SubElement(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = lib.settings.clinic
    for sheet in dated[:50]:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = sheet.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = base + page_path(sheet.id)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=base + page_path(sheet.id), rel="alternate")
        day = sheet.reviewed or fallback
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{day.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = f"{sheet.summary} (version {sheet.version})"
    return _xml(root)
