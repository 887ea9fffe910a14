"""A framework as one nested outline (small frameworks; big ones are browsed by level)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Competency, Framework


@dataclass(frozen=True)
class OutlineRow:
    """One competency in a framework's outline, with what a nested list needs.

    Render rows in order as `<li>`s: open a `<ul>` before a row when `opens`;
    leave the `<li>` open when `has_children` (its children follow), otherwise
    close it and then close `closes` enclosing lists (`</ul></li>` each).
    """

    competency: Competency
    depth: int
    opens: bool
    has_children: bool
    closes: range


def framework_outline(*, framework: Framework) -> list[OutlineRow]:
    """The framework's competencies as an outline, in one query."""
    competencies = list(
        Competency.objects.filter(framework=framework).order_by("list_order", "code", "pk")
    )
    return outline_rows(competencies)


def outline_rows(competencies: list[Competency]) -> list[OutlineRow]:
    """Arrange competencies (already in sibling order) depth-first. No queries."""
    by_pk = {c.pk: c for c in competencies}
    children: dict[int | None, list[Competency]] = {}
    for c in competencies:
        parent = c.parent_id if c.parent_id in by_pk else None
        children.setdefault(parent, []).append(c)

    ordered: list[tuple[Competency, int]] = []
    seen: set[int] = set()
    # Roots first; then anything a hand-edited parent loop left unreached, as a root.
    for start in [*children.get(None, []), *competencies]:
        if start.pk in seen:
            continue
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node.pk in seen:
                continue
            seen.add(node.pk)
            ordered.append((node, depth))
            stack.extend((kid, depth + 1) for kid in reversed(children.get(node.pk, [])))

    rows = []
    for index, (competency, depth) in enumerate(ordered):
        previous = ordered[index - 1][1] if index else 0
        following = ordered[index + 1][1] if index + 1 < len(ordered) else 0
        has_children = following > depth
        rows.append(
            OutlineRow(
                competency=competency,
                depth=depth,
                opens=depth > previous,
                has_children=has_children,
                closes=range(0 if has_children else depth - following),
            )
        )
    return rows
