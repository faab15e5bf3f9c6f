"""The order a sheet reads in, on paper and on the site: the task first (in the author's order),
then one "My plan this week" block, then the log and the review."""

from __future__ import annotations

from dataclasses import dataclass

from .model import AnySection

PLAN_TYPES = ("plan", "obstacles", "readiness", "agreement")
"""Sections printed together in one compact "My plan this week" block, after the task."""
CLOSING_TYPES = ("log", "review")
"""Sections printed after the plan: how often and how well it went."""


@dataclass
class SheetLayout:
    """The order of a printed sheet: the task first (in the author's order), then the plan, then
    the log and the review. Each section comes with its index in ``sections``."""

    task: list[tuple[int, AnySection]]
    plan: dict[str, tuple[int, AnySection]]
    """The plan block's parts by type (each at most once: the first of its type)."""
    plan_extra: list[tuple[int, AnySection]]
    """A second section of a plan type, printed on its own after the block."""
    closing: list[tuple[int, AnySection]]

    @property
    def reading_order(self) -> list[AnySection]:
        """Every section in the order the sheet reads."""
        parts = [*self.task, *self.plan.values(), *self.plan_extra, *self.closing]
        return [section for _, section in parts]

    @property
    def has_review(self) -> bool:
        """Review questions follow, so a therapist's rating at review has a place."""
        return any(section.type == "review" for _, section in self.closing)

    @property
    def plan_index(self) -> int | None:
        """The section the plan block is located at: the plan, else its first part."""
        if not self.plan:
            return None
        return self.plan["plan"][0] if "plan" in self.plan else min(i for i, _ in self.plan.values())


def sheet_layout(sections: list[AnySection]) -> SheetLayout:
    layout = SheetLayout([], {}, [], [])
    for index, section in enumerate(sections):
        if section.type in PLAN_TYPES:
            if section.type in layout.plan:
                layout.plan_extra.append((index, section))
            else:
                layout.plan[section.type] = (index, section)
        elif section.type in CLOSING_TYPES:
            layout.closing.append((index, section))
        else:
            layout.task.append((index, section))
    return layout
