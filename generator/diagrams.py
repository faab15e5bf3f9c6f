"""Drawn sections laid out as SVG, for the paper and the site: a decision tree, a cycle of linked
boxes, a graph to plot by hand, and the shapes of a drawing space.

Lengths are millimetres (the SVG's user unit), so a drawing made for the page's width prints at
its size and scales on screen. Text is wrapped here with the real widths of the sheet's font, so it
stays inside its box; each place the client writes is returned as a :class:`Space`, where the
fillable variant lays a form field over the drawing.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from markupsafe import Markup, escape

from .format.drawn import Action, DiagramSection, DrawingSection, GraphSection, Question

PT = 25.4 / 72
"""One point in millimetres."""
INK = "#000"
LIGHT = "#9a9a9a"
FAINT = "#c8c8c8"
TINT = "#efefef"
FONT = "Atkinson Hyperlegible, Noto Sans, Noto Sans Arabic, sans-serif"
SLACK = 1.06
"""Text is measured a little wide, so a fallback font on screen still fits."""


@dataclass(frozen=True)
class Style:
    """Sizes for ordinary or large print."""

    text: float  # pt
    small: float  # pt
    rule: float  # mm between ruled lines
    pad: float  # mm inside a box

    @property
    def line(self) -> float:
        """The height of a line of text, in mm."""
        return self.text * PT * 1.3

    @property
    def small_line(self) -> float:
        return self.small * PT * 1.3


NORMAL = Style(text=10.5, small=9.0, rule=7.5, pad=2.2)
LARGE = Style(text=15.0, small=13.0, rule=10.0, pad=3.0)


@dataclass
class Space:
    """A place the client writes in or rates: a form field in the fillable variant."""

    x: float
    y: float
    width: float
    height: float
    label: str
    kind: Literal["text", "number"] = "text"


@dataclass
class Drawn:
    """One laid-out drawing: its SVG, its size, and the spaces to write in."""

    width: float
    height: float
    parts: list[str] = field(default_factory=list)
    spaces: list[Space] = field(default_factory=list)
    label: str = ""
    scale: float = 1.0
    """Less than 1 when the drawing was shrunk to fit a page's height."""
    labels: list[Label] = field(default_factory=list)
    """Right to left, the drawing's text, set over it in HTML (the PDF renderer draws SVG text
    one character at a time, so Arabic would lose its joins and its order)."""
    rtl: bool = False
    """Mirrored for a right-to-left page: the boxes and arrows flipped, the text and the spaces
    to write in placed from the right."""

    def fit(self, height: float) -> Drawn:
        """Shrink the drawing, if need be, so that it is at most ``height`` mm tall."""
        self.scale = min(1.0, height / self.height) if self.height else 1.0
        return self

    @property
    def shown(self) -> tuple[float, float]:
        """The printed width and height, in mm."""
        return self.width * self.scale, self.height * self.scale

    def placed(self) -> list[Space]:
        """The spaces to write in, where they are printed."""
        k = self.scale
        return [
            Space(
                ((self.width - s.x - s.width) if self.rtl else s.x) * k,
                s.y * k,
                s.width * k,
                s.height * k,
                s.label,
                s.kind,
            )
            for s in self.spaces
        ]

    def placed_labels(self) -> list[tuple[str, str, float, str]]:
        """Right to left: each line of text as (CSS box, style flags, size in pt, text), where it prints."""
        k = self.scale
        found = []
        for label in self.labels:
            top = (label.y - label.size * PT * 0.95) * k
            x = (self.width - label.x) * k  # the mirrored anchor point
            if label.anchor == "middle":
                box = f"left: {x - 60:.2f}mm; width: 120mm; text-align: center"
            elif label.anchor == "end":
                box = f"left: {x:.2f}mm; text-align: left"
            else:
                box = f"right: {self.width * k - x:.2f}mm; text-align: right"
            box += f"; top: {top:.2f}mm"
            flags = " ".join(name for name, on in (("bold", label.bold), ("italic", label.italic)) if on)
            found.append((box, flags, label.size * k, label.text))
        return found

    @property
    def svg(self) -> Markup:
        width, height = self.shown
        body = "".join(self.parts)
        if self.rtl:
            body = f'<g transform="translate({self.width:.2f} 0) scale(-1 1)">{body}</g>'
        return Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="drawn-svg" width="{width:.1f}mm" '
            f'height="{height:.1f}mm" viewBox="0 0 {self.width:.2f} {self.height:.2f}" '
            f'font-family="{FONT}" aria-hidden="true" focusable="false">' + body + "</svg>"
        )

    def right_to_left(self) -> Drawn:
        """This drawing for a right-to-left page: its text taken out of the SVG to be set in HTML,
        and the rest mirrored. Text turned on its side (an axis label) stays in the SVG."""
        kept = []
        for part in self.parts:
            pieces = _TEXT.split(part)
            for attrs, content in zip(pieces[1::3], pieces[2::3], strict=True):
                self.labels.append(_label(attrs, content))
            kept.append("".join(pieces[0::3]))
        self.parts = kept
        self.rtl = True
        return self


@dataclass
class Label:
    """A line of a drawing's text, anchored as SVG anchors it (``x`` at its start, middle or end;
    ``y`` its baseline), in the drawing's millimetres."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    anchor: str = "start"


_TEXT = re.compile(r'<text (x="[^"]*" y="[^"]*"[^>]*)>([^<]*)</text>')
_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')


def _label(attrs: str, content: str) -> Label:
    found = dict(_ATTR.findall(attrs))
    size = float(found["font-size"]) / PT
    return Label(
        float(found["x"]),
        float(found["y"]),
        html.unescape(content),
        size,
        bold=found.get("font-weight") == "700",
        italic=found.get("font-style") == "italic",
        anchor=found.get("text-anchor", "start"),
    )


# -- text -----------------------------------------------------------------------------------------


@cache
def _metrics(bold: bool) -> tuple[dict[int, int], float, int]:
    """(advance width per character, units per em, default advance) of the sheet's font."""
    from fontTools.ttLib import TTFont

    from .paper.printing import font_dirs

    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    font = TTFont(font_dirs()[0] / name, lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    units = float(font["head"].unitsPerEm)
    return widths, units, hmtx[".notdef"][0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` pt, in mm."""
    widths, units, default = _metrics(bold)
    return sum(widths.get(ord(ch), default) for ch in text) / units * size * PT * SLACK


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` mm (a word too long is broken by itself)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _text(
    x: float,
    y: float,
    lines: list[str],
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    anchor: str = "start",
    leading: float = 1.3,
) -> str:
    """Lines of text with the first baseline at ``y``."""
    attrs = f'font-size="{size * PT:.2f}"'
    if bold:
        attrs += ' font-weight="700"'
    if italic:
        attrs += ' font-style="italic"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    step = size * PT * leading
    return "".join(
        f'<text x="{x:.2f}" y="{y + i * step:.2f}" {attrs} fill="{INK}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def _rect(
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: str = "#fff",
    stroke: str = INK,
    width: float = 0.4,
    radius: float = 0,
) -> str:
    return (
        f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" rx="{radius:.2f}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, *, stroke: str = INK, width: float = 0.35, dash: str = ""
) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{stroke}" '
        f'stroke-width="{width}"{extra}/>'
    )


def _head(x: float, y: float, angle: float, size: float = 2.4) -> str:
    """A filled arrowhead with its point at (x, y), pointing along ``angle`` (radians)."""
    left = (x - size * math.cos(angle - 0.4), y - size * math.sin(angle - 0.4))
    right = (x - size * math.cos(angle + 0.4), y - size * math.sin(angle + 0.4))
    return f'<path d="M{x:.2f},{y:.2f} L{left[0]:.2f},{left[1]:.2f} L{right[0]:.2f},{right[1]:.2f} Z" fill="{INK}"/>'


def _arrow(points: list[tuple[float, float]], *, both: bool = False) -> str:
    """A line through ``points`` with an arrowhead at the end (and at the start when ``both``)."""
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.2f},{y:.2f}" for i, (x, y) in enumerate(points))
    parts = [f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="0.45"/>']
    (x1, y1), (x2, y2) = points[-2], points[-1]
    parts.append(_head(x2, y2, math.atan2(y2 - y1, x2 - x1)))
    if both:
        (x1, y1), (x2, y2) = points[1], points[0]
        parts.append(_head(x2, y2, math.atan2(y2 - y1, x2 - x1)))
    return "".join(parts)


def _ruled(x: float, y: float, w: float, count: int, style: Style) -> str:
    return "".join(
        _line(x, y + (i + 1) * style.rule, x + w, y + (i + 1) * style.rule, stroke=LIGHT, width=0.3)
        for i in range(count)
    )


# -- boxes ----------------------------------------------------------------------------------------


@dataclass
class Box:
    """A box of a diagram: a heading, a hint, and ruled lines to write on."""

    heading: list[str]
    hint: list[str]
    write: int
    width: float
    style: Style
    shape: Literal["question", "action", "plain"] = "plain"
    x: float = 0
    y: float = 0
    height: float = 0
    label: str = ""

    def measure(self) -> float:
        s = self.style
        self.height = (
            2 * s.pad
            + len(self.heading) * s.line
            + len(self.hint) * s.small_line
            + (self.write * s.rule + 1.0 if self.write else 0)
        )
        return self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def draw(self, drawn: Drawn) -> None:
        s = self.style
        fill = TINT if self.shape == "question" else "#fff"
        radius = 3.0 if self.shape == "question" else 0.6
        stroke = 0.5 if self.shape == "action" else 0.4
        drawn.parts.append(
            _rect(self.x, self.y, self.width, self.height, fill=fill, width=stroke, radius=radius)
        )
        y = self.y + s.pad + s.text * PT * 0.95
        centred = self.shape == "question" and not self.write
        x, anchor = (self.cx, "middle") if centred else (self.x + s.pad, "start")
        drawn.parts.append(_text(x, y, self.heading, s.text, bold=self.shape != "action", anchor=anchor))
        y += len(self.heading) * s.line
        if self.hint:
            drawn.parts.append(
                _text(x, y - s.line + s.small_line, self.hint, s.small, italic=True, anchor=anchor)
            )
            y += len(self.hint) * s.small_line
        if self.write:
            top = y - s.line + 0.8
            inner = self.width - 2 * s.pad
            drawn.parts.append(_ruled(self.x + s.pad, top, inner, self.write, s))
            drawn.spaces.append(Space(self.x + s.pad, top, inner, self.write * s.rule + 0.5, self.label))

    def edge_towards(self, px: float, py: float, margin: float = 1.2) -> tuple[float, float]:
        """Where the line from the box's centre towards (px, py) leaves the box (plus a margin)."""
        cx, cy = self.cx, self.y + self.height / 2
        dx, dy = px - cx, py - cy
        if dx == 0 and dy == 0:
            return cx, cy
        half_w, half_h = self.width / 2 + margin, self.height / 2 + margin
        scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
        return cx + dx * scale, cy + dy * scale


def _box(
    heading: str,
    width: float,
    style: Style,
    *,
    hint: str | None = None,
    write: int = 0,
    shape: Literal["question", "action", "plain"] = "plain",
) -> Box:
    inner = width - 2 * style.pad
    box = Box(
        wrap(heading, inner, style.text, bold=shape != "action"),
        wrap(hint, inner, style.small) if hint else [],
        write,
        width,
        style,
        shape,
        label=heading,
    )
    box.measure()
    return box


# -- a decision tree ------------------------------------------------------------------------------

GAP = 6.0
"""Space between boxes side by side, in mm."""
DROP = 11.0
"""Space between rows of a tree, for the arrows and their yes/no words."""


def tree(section: DiagramSection, width: float, large: bool = False) -> Drawn:
    """Questions in rounded, tinted boxes; actions in square white ones; each end gets its own column,
    and a question sits centred over its two branches."""
    assert section.tree is not None
    style = LARGE if large else NORMAL
    ends = _ends(section.tree)
    column = width / ends
    rows: list[list[tuple[Box, Box | None, str]]] = []  # per depth: (box, parent, branch word)
    placed: list[tuple[Box, Box | None, str]] = []

    def place(node: Question | Action, first: int, depth: int, parent: Box | None, word: str) -> int:
        """Lay out ``node`` over the columns from ``first``; returns how many columns it takes."""
        span = _ends(node)
        box_width = min(span * column - GAP, max(column - GAP, 120.0 if span > 1 else column - GAP))
        if isinstance(node, Question):
            box = _box(node.ask, box_width, style, write=node.write, shape="question")
        else:
            box = _box(node.do, box_width, style, write=node.write, shape="action")
        box.x = first * column + (span * column - box_width) / 2
        while len(rows) <= depth:
            rows.append([])
        rows[depth].append((box, parent, word))
        placed.append((box, parent, word))
        if isinstance(node, Question):
            used = place(node.yes, first, depth + 1, box, node.yes_label)
            place(node.no, first + used, depth + 1, box, node.no_label)
        return span

    start_box: Box | None = None
    if section.start is not None:
        start_box = _box(section.start.text, min(width, 130.0), style, write=section.start.write)
        start_box.x = (width - start_box.width) / 2
    place(section.tree, 0, 0, start_box, "")

    y = 0.0
    if start_box is not None:
        start_box.y = 0.4
        y = start_box.bottom + DROP * 0.8
    for row in rows:
        height = max(box.height for box, _, _ in row)
        for box, _, _ in row:
            box.y = y
        y += height + DROP
    drawn = Drawn(width, y - DROP + 1.0, label=section.title or "")
    for box, parent, word in placed:
        if parent is None:
            continue
        drawn.parts.append(_tree_arrow(parent, box, word, style))
    if start_box is not None:
        first = rows[0][0][0]
        drawn.parts.append(_arrow([(first.cx, start_box.bottom), (first.cx, first.y - 0.6)]))
    for box in ([start_box] if start_box else []) + [b for b, _, _ in placed]:
        box.draw(drawn)
    return drawn


def _tree_arrow(parent: Box, child: Box, word: str, style: Style) -> str:
    """Down from the parent, across, and down into the child, with the branch's word beside it."""
    top = parent.bottom
    bend = top + (child.y - top) * 0.4
    start_x = min(max(child.cx, parent.x + 6), parent.x + parent.width - 6)
    points = [(start_x, top), (start_x, bend), (child.cx, bend), (child.cx, child.y - 0.6)]
    if abs(start_x - child.cx) < 0.01:
        points = [(child.cx, top), (child.cx, child.y - 0.6)]
    size = style.small
    label_y = bend + (child.y - bend) / 2 + size * PT * 0.35
    label_w = text_width(word, size, bold=True) + 2
    pad = _rect(
        child.cx + 1.2,
        label_y - size * PT * 0.95,
        label_w,
        size * PT * 1.3,
        fill="#fff",
        stroke="none",
        width=0,
    )
    return _arrow(points) + pad + _text(child.cx + 2.0, label_y, [word], size, bold=True)


def _ends(node: Question | Action) -> int:
    return 1 if isinstance(node, Action) else _ends(node.yes) + _ends(node.no)


# -- a cycle --------------------------------------------------------------------------------------

SLOTS: dict[int, list[tuple[float, int]]] = {
    3: [(0.5, 0), (0.78, 1), (0.22, 1)],
    4: [(0.25, 0), (0.75, 0), (0.75, 1), (0.25, 1)],
    5: [(0.5, 0), (0.84, 1), (0.68, 2), (0.32, 2), (0.16, 1)],
    6: [(0.3, 0), (0.7, 0), (0.84, 1), (0.7, 2), (0.3, 2), (0.16, 1)],
}
"""Where each box of a cycle sits, clockwise from the top: (centre as a share of the width, row)."""


def cycle(section: DiagramSection, width: float, large: bool = False) -> Drawn:
    """Boxes clockwise from the top, with arrows from each to the next (or between every pair, with
    a head at both ends), and an optional situation box across the top that leads into them."""
    style = LARGE if large else NORMAL
    specs = section.box_list
    slots = SLOTS[len(specs)]
    box_width = (width - 26.0) / 2 if len(specs) <= 4 else width * 0.31
    boxes = [_box(b.label, box_width, style, hint=b.hint, write=b.write) for b in specs]
    height = max(b.height for b in boxes)
    for b in boxes:
        b.height = height
    top = 0.4
    context: Box | None = None
    if section.context is not None:
        c = section.context
        context = _box(c.label, min(width * 0.62, 140.0), style, hint=c.hint, write=c.write, shape="question")
        context.x, context.y = (width - context.width) / 2, top
        top = context.bottom + 12.0
    row_gap = 15.0 if len(specs) <= 4 else 9.0
    for b, (share, row) in zip(boxes, slots, strict=True):
        b.x = share * width - b.width / 2
        b.y = top + row * (height + row_gap)
    rows = max(row for _, row in slots) + 1
    drawn = Drawn(width, top + rows * height + (rows - 1) * row_gap + 1.0, label=section.title or "")
    pairs = (
        [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))]
        if section.links == "all"
        else [(i, (i + 1) % len(boxes)) for i in range(len(boxes))]
    )
    for i, j in pairs:
        a, b = boxes[i], boxes[j]
        ax, ay = a.cx, a.y + a.height / 2
        bx, by = b.cx, b.y + b.height / 2
        drawn.parts.append(
            _arrow([a.edge_towards(bx, by), b.edge_towards(ax, ay)], both=section.links == "all")
        )
    if context is not None:
        targets = [b for b, (_, row) in zip(boxes, slots, strict=True) if row == 0]
        if section.context_into is not None:
            targets = [b for b, spec in zip(boxes, specs, strict=True) if spec.label == section.context_into]
        for b in targets:
            drawn.parts.append(_arrow([context.edge_towards(b.cx, b.y), (b.cx, b.y - 1.2)]))
        context.draw(drawn)
    for b in boxes:
        b.draw(drawn)
    return drawn


# -- a graph to plot ------------------------------------------------------------------------------

DASHES = ("", "2.4 1.4", "0.6 1.2")
"""Solid, dashed and dotted lines for up to three things plotted, so the key reads in grayscale."""


def graph(section: GraphSection, width: float, large: bool = False) -> Drawn:
    """Light squares with a line at every point and every step; numbers on both axes; the axis
    labels; a key when more than one thing is plotted; and a row of boxes for the numbers."""
    style = LARGE if large else NORMAL
    size = style.small
    names = section.x.names
    values = section.y.values
    anchors = section.y.anchors or {}
    anchor_w = max((text_width(t, size) for t in anchors.values()), default=0.0)
    number_w = max(text_width(str(v), size) for v in values)
    series = section.lines or [section.y.label]
    series_w = (
        max(text_width(s, size, bold=True) for s in series) if section.numbers and len(series) > 1 else 0
    )
    left = max(6.0 + number_w + 2.0 + (anchor_w + 2.0 if anchor_w else 0), series_w + 8.0)
    right = 5.5
    plot_w = width - left - right
    step_x = plot_w / max(len(names) - 1, 1)
    rows = len(values) - 1
    if section.height is not None:
        step_y = section.height / rows
    else:
        step_y = min(step_x, 90.0 / rows, 12.0)
        step_y = max(step_y, 4.5 if not large else 6.0)
    key_h = style.small_line + 2.0 if section.lines and len(section.lines) > 1 else 0
    top = key_h + 2.5
    plot_h = step_y * rows
    bottom = top + plot_h
    drawn = Drawn(width, 0, label=section.title or "")
    parts = drawn.parts
    for i in range(len(names)):
        x = left + i * step_x
        parts.append(_line(x, top, x, bottom, stroke=FAINT, width=0.25))
    for i in range(rows + 1):
        y = bottom - i * step_y
        parts.append(_line(left, y, left + plot_w, y, stroke=FAINT, width=0.25))
    parts.append(_line(left, top, left, bottom, width=0.5))
    parts.append(_line(left, bottom, left + plot_w, bottom, width=0.5))
    every = _label_every(step_y, size)
    near = {i for i, v in enumerate(values) if v in anchors}
    for i, value in enumerate(values):
        anchor = value in anchors
        crowded = any(abs(i - j) < every for j in near)
        if not anchor and (crowded or (i % every and i != rows)):
            continue
        y = bottom - i * step_y + size * PT * 0.35
        parts.append(_text(left - 1.8, y, [str(value)], size, anchor="end"))
        if value in anchors:
            parts.append(_text(left - 3.5 - number_w, y, [anchors[value]], size, italic=True, anchor="end"))
    label_every = _label_every(step_x, size, wide=max(text_width(n, size) for n in names))
    y_names = bottom + size * PT * 1.35
    for i, name in enumerate(names):
        if i % label_every and i != len(names) - 1:
            continue
        parts.append(_text(left + i * step_x, y_names, [name], size, anchor="middle"))
    y_axis = y_names + style.small_line + 0.6
    parts.append(_text(left + plot_w / 2, y_axis, [section.x.label], size, bold=True, anchor="middle"))
    y_label_x = 3.2
    parts.append(
        f'<text transform="translate({y_label_x:.2f},{top + plot_h / 2:.2f}) rotate(-90)" font-size="{size * PT:.2f}" '
        f'font-weight="700" text-anchor="middle" fill="{INK}">{escape(section.y.label)}</text>'
    )
    if key_h:
        x = left
        for index, name in enumerate(series):
            dash = DASHES[index]
            parts.append(_line(x, key_h / 2, x + 9, key_h / 2, width=0.6, dash=dash))
            parts.append(_text(x + 11, key_h / 2 + size * PT * 0.35, [name], size, bold=True))
            x += 11 + text_width(name, size, bold=True) + 8
    y = y_axis + 2.0
    if section.numbers:
        box_w = min(step_x * 0.86, 9.0)
        box_h = 5.2 if not large else 7.5
        for name in series:
            if len(series) > 1:
                parts.append(
                    _text(left - box_w / 2 - 1.5, y + box_h * 0.72, [name], size, bold=True, anchor="end")
                )
            for i, point in enumerate(names):
                x = left + i * step_x - box_w / 2
                parts.append(_rect(x, y, box_w, box_h, stroke=LIGHT, width=0.3, radius=0.5))
                drawn.spaces.append(Space(x, y, box_w, box_h, f"{name}, {section.x.label} {point}", "number"))
            y += box_h + 1.5
    drawn.height = y + 0.5
    return drawn


def _label_every(step: float, size: float, wide: float = 0.0) -> int:
    """Label every n-th line so the numbers never crowd each other."""
    need = max(size * PT * 1.4, wide + 1.2)
    return max(1, math.ceil(need / step))


# -- a space to draw in ---------------------------------------------------------------------------


def drawing(section: DrawingSection, width: float, large: bool = False) -> Drawn:
    """A light frame of the section's height, with a circle or two axes when asked for."""
    style = LARGE if large else NORMAL
    height = float(section.height)
    drawn = Drawn(width, height, label=section.title or "")
    drawn.parts.append(_rect(0.3, 0.3, width - 0.6, height - 0.6, stroke=LIGHT, width=0.3, radius=1.5))
    if section.shape == "circle":
        radius = min(width, height) / 2 - 5.0
        drawn.parts.append(
            f'<circle cx="{width / 2:.2f}" cy="{height / 2:.2f}" r="{radius:.2f}" fill="none" stroke="{INK}" stroke-width="0.5"/>'
        )
        drawn.parts.append(f'<circle cx="{width / 2:.2f}" cy="{height / 2:.2f}" r="0.7" fill="{INK}"/>')
    elif section.shape == "axes":
        size = style.small
        x0, y0 = 9.0, height - 9.0
        drawn.parts.append(_arrow([(x0, y0), (x0, 5.0)]))
        drawn.parts.append(_arrow([(x0, y0), (width - 5.0, y0)]))
        if section.x_label:
            drawn.parts.append(
                _text(width - 6.0, height - 3.0, [section.x_label], size, bold=True, anchor="end")
            )
        if section.y_label:
            drawn.parts.append(
                f'<text transform="translate(5.2,6.0) rotate(-90)" font-size="{size * PT:.2f}" font-weight="700" '
                f'text-anchor="end" fill="{INK}">{escape(section.y_label)}</text>'
            )
    return drawn


def draw(section: DiagramSection | GraphSection | DrawingSection, width: float, large: bool = False) -> Drawn:
    """The drawing of a drawn section, ``width`` mm wide."""
    if isinstance(section, GraphSection):
        return graph(section, width, large)
    if isinstance(section, DrawingSection):
        return drawing(section, width, large)
    return tree(section, width, large) if section.kind == "tree" else cycle(section, width, large)
