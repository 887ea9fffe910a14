"""What an import did (or, previewed, would do): counts per outcome, overall and per
file, and every refused line with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

CREATED, UPDATED, UNCHANGED, DEACTIVATED, REFUSED = (
    "created",
    "updated",
    "unchanged",
    "deactivated",
    "refused",
)
OUTCOMES = (CREATED, UPDATED, UNCHANGED, DEACTIVATED, REFUSED)


class Problem(NamedTuple):
    """A refused line: its file, the line it starts on, its sourcedId, and why."""

    file_name: str
    line: int
    sourced_id: str
    reason: str


@dataclass
class RosterReport:
    version: str = ""
    mode: str = ""
    dry_run: bool = False
    by_file: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def count(self, file_name: str, outcome: str, n: int = 1) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"Unknown outcome {outcome!r}.")
        counts = self.by_file.setdefault(file_name, dict.fromkeys(OUTCOMES, 0))
        counts[outcome] += n

    def refuse(self, file_name: str, line: int, sourced_id: str, reason: str) -> None:
        self.count(file_name, REFUSED)
        self.problems.append(Problem(file_name, line, sourced_id, reason))

    @property
    def totals(self) -> dict[str, int]:
        return {
            outcome: sum(counts[outcome] for counts in self.by_file.values())
            for outcome in OUTCOMES
        }

    @property
    def processed(self) -> int:
        return sum(self.totals.values())

    def as_counts(self) -> dict[str, Any]:
        """The shape of `RosterImport.counts`."""
        return {**self.totals, "by_file": {name: dict(c) for name, c in self.by_file.items()}}

    def lines(self) -> list[str]:
        """The report as text: one line per file, the totals, then each refused line."""
        out = []
        for name, counts in self.by_file.items():
            out.append(f"{name}: " + ", ".join(f"{o} {counts[o]}" for o in OUTCOMES))
        totals = self.totals
        out.append("Total: " + ", ".join(f"{o} {totals[o]}" for o in OUTCOMES))
        if self.problems:
            out.append(f"Refused lines ({len(self.problems)}):")
            order = {name: i for i, name in enumerate(self.by_file)}
            for p in sorted(self.problems, key=lambda p: (order.get(p.file_name, 0), p.line)):
                sid = f" {p.sourced_id}" if p.sourced_id else ""
                out.append(f"  {p.file_name}:{p.line}{sid}: {p.reason}")
        return out
