"""Pathway requirement trees: build, check, evaluate, find cycles. Pure: no ORM.

A pathway's requirements form a tree. Its root is a group; a group is "all of" its
children or "N of" them; a leaf is a badge, or another pathway (met by holding that
pathway's badge). The callers turn database rows into `Row`s and hand in the set of
badge class ids an earner currently holds; everything here is plain Python, so a page
can load every tree it needs in one query and evaluate them all in memory.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

ALL = "all"
N_OF = "n_of"
BADGE = "badge"
PATHWAY = "pathway"
GROUPS = frozenset({ALL, N_OF})
LEAVES = frozenset({BADGE, PATHWAY})


@dataclass(frozen=True)
class Row:
    """What the tree needs of one requirement row.

    For a pathway leaf, `badge_class_id` is the nested pathway's badge: holding it
    meets the leaf.
    """

    id: int
    parent_id: int | None
    kind: str
    position: int = 0
    n: int | None = None
    badge_class_id: int | None = None
    nested_pathway_id: int | None = None
    label: str = ""
    public_id: str = ""


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    n: int | None
    badge_class_id: int | None
    nested_pathway_id: int | None
    label: str
    public_id: str
    children: tuple[Node, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.kind in GROUPS

    @property
    def required_count(self) -> int:
        """How many of its children a group needs."""
        if self.kind == N_OF:
            return self.n or 0
        return len(self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Node]:
        return (n for n in self.walk() if not n.is_group)


def build_tree(rows: Iterable[Row]) -> Node | None:
    """The tree of one pathway's rows, children in position order; None without a root.

    Rows whose parent is not in the tree (or that form a loop of parents) are left out.
    """
    by_parent: dict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id].append(row)
    roots = by_parent.get(None, [])
    if len(roots) != 1:
        if len(roots) > 1:
            raise ValueError("A pathway has exactly one root group.")
        return None

    def make(row: Row, seen: frozenset[int]) -> Node:
        children = sorted(by_parent.get(row.id, []), key=lambda r: (r.position, r.id))
        seen = seen | {row.id}
        return Node(
            id=row.id,
            kind=row.kind,
            n=row.n,
            badge_class_id=row.badge_class_id,
            nested_pathway_id=row.nested_pathway_id,
            label=row.label,
            public_id=row.public_id,
            children=tuple(make(c, seen) for c in children if c.id not in seen),
        )

    return make(roots[0], frozenset())


def problems(root: Node | None) -> list[str]:
    """What keeps a tree from being activated, in words for the builder page."""
    if root is None:
        return ["The pathway has no requirements yet."]
    found = []
    if not root.is_group:
        found.append("The top of a pathway must be a group.")
    for node in root.walk():
        if not node.is_group:
            continue
        name = f"“{node.label}”" if node.label else "A group"
        if not node.children:
            found.append(f"{name} is empty: add badges or pathways to it.")
        elif node.kind == N_OF and (node.n or 0) > len(node.children):
            found.append(
                f"{name} needs {node.n} but holds only {len(node.children)}: "
                "add more or lower the number."
            )
        elif node.kind == N_OF and (node.n or 0) < 1:
            found.append(f"{name} must need at least one.")
    return found


@dataclass(frozen=True)
class Progress:
    """How far an earner is through one node.

    `done` of `needed` counts leaves (a nested pathway counts as one): the fewest that
    would meet the node, and how many of those the earner has. `nested` is a pathway
    leaf's own progress through that pathway (for display; holding its badge is what
    meets the leaf).
    """

    node: Node
    met: bool
    done: int
    needed: int
    children: tuple[Progress, ...] = ()
    nested: Progress | None = None

    def next_steps(self, limit: int = 3) -> list[Node]:
        """Leaves still to earn that would move this node on, in outline order."""
        found: list[Node] = []
        seen: set[int] = set()
        for leaf in self._open_leaves():
            if leaf.id not in seen:
                seen.add(leaf.id)
                found.append(leaf)
            if len(found) >= limit:
                break
        return found

    def _open_leaves(self) -> Iterator[Node]:
        if self.met:
            return
        if not self.node.is_group:
            yield self.node
            return
        for child in self.children:
            yield from child._open_leaves()

    def met_leaves(self) -> list[Node]:
        """The leaves the earner holds (the evidence of a completed pathway)."""
        if not self.node.is_group:
            return [self.node] if self.met else []
        return [leaf for child in self.children for leaf in child.met_leaves()]


def evaluate(
    node: Node,
    held: Collection[int],
    trees: Mapping[int, Node] | None = None,
    _visiting: frozenset[int] = frozenset(),
) -> Progress:
    """Progress through `node` for an earner holding the badge classes `held`.

    `trees` (pathway id → root) lets a pathway leaf show its nested progress; a
    pathway already being evaluated further up is not entered again.
    """
    if not node.is_group:
        met = node.badge_class_id is not None and node.badge_class_id in held
        nested = None
        pid = node.nested_pathway_id
        if trees is not None and pid is not None and pid in trees and pid not in _visiting:
            nested = evaluate(trees[pid], held, trees, _visiting | {pid})
        return Progress(node=node, met=met, done=int(met), needed=1, nested=nested)

    children = tuple(evaluate(c, held, trees, _visiting) for c in node.children)
    if node.kind == N_OF:
        want = min(node.n or 0, len(children))
        met = bool(children) and want >= 1 and sum(c.met for c in children) >= (node.n or 0)
        needed = sum(sorted(c.needed for c in children)[:want])
        best = sorted(children, key=lambda c: (c.met, c.done), reverse=True)[:want]
        done = sum(min(c.done, c.needed) for c in best)
    else:
        met = bool(children) and all(c.met for c in children)
        needed = sum(c.needed for c in children)
        done = sum(min(c.done, c.needed) for c in children)
    if met:
        done = needed
    return Progress(node=node, met=met, done=min(done, needed), needed=needed, children=children)


def touching(trees: Mapping[int, Node], held: Collection[int]) -> set[int]:
    """Pathways an earner has started: a badge they hold is in the tree, or in a
    nested pathway's tree (at any depth)."""
    started = {
        pid
        for pid, root in trees.items()
        if any(leaf.badge_class_id in held for leaf in root.leaves())
    }
    changed = True
    while changed:
        changed = False
        for pid, root in trees.items():
            if pid in started:
                continue
            if any(leaf.nested_pathway_id in started for leaf in root.leaves()):
                started.add(pid)
                changed = True
    return started


def edges(trees: Mapping[int, Node], pathway_of_badge: Mapping[int, int]) -> dict[int, set[int]]:
    """Which pathways each pathway contains: its pathway leaves, and badge leaves that
    are another pathway's badge."""
    graph: dict[int, set[int]] = {pid: set() for pid in trees}
    for pid, root in trees.items():
        for leaf in root.leaves():
            if leaf.nested_pathway_id is not None:
                graph[pid].add(leaf.nested_pathway_id)
            elif leaf.badge_class_id in pathway_of_badge:
                graph[pid].add(pathway_of_badge[leaf.badge_class_id])
    return graph


def cycle_through(graph: Mapping[int, Iterable[int]], parent: int, child: int) -> list[int] | None:
    """If putting `child` into `parent` would make a pathway contain itself, the loop
    (parent, child, …, parent); else None."""
    if parent == child:
        return [parent, parent]
    came_from: dict[int, int] = {child: child}
    queue = deque([child])
    while queue:
        current = queue.popleft()
        for nxt in graph.get(current, ()):
            if nxt in came_from:
                continue
            came_from[nxt] = current
            if nxt == parent:
                back = [parent]  # walk back from parent to child
                step = current
                while step != child:
                    back.append(step)
                    step = came_from[step]
                back.append(child)
                return [parent, *reversed(back)]
            queue.append(nxt)
    return None
