"""`archivist check`: gathers the integrity checks that each app declares in its `integrity` module.

What they find is of three sorts. A problem (severity "error") is the archive contradicting itself: a
stored file missing, a link of the wrong kind, a search index out of step with the database. A thing to
do ("warning") is work waiting for a person: proposed links to review, dates and coordinates to add. The
rest ("info") is for information: records no document names, which a source may list all the same.
Each finding may name its fix, the command or page that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

SEVERITIES = ("error", "warning", "info")
PROBLEM = "error"
# How `archivist check` heads each sort, and counts its findings: one, several.
HEADINGS = {"error": ("Problems", "problem", "problems"), "warning": ("To do", "thing to do", "things to do"),
            "info": ("For information", "for information", "for information")}


@dataclass(frozen=True)
class Problem:
    severity: str  # error (a problem), warning (a thing to do) or info (for information)
    what: str
    where: str
    fix: str = ""  # the command or page that settles it


@dataclass
class Kind:
    """The findings of one kind: what they are, how many, where, and what settles them."""

    severity: str
    what: str
    fix: str
    where: list[str] = field(default_factory=list)

    @property
    def is_problem(self) -> bool:
        return self.severity == PROBLEM


def run_checks() -> list[Problem]:
    problems: list[Problem] = []
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.integrity")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.integrity":
                raise
            continue
        for check in module.CHECKS:
            problems += check()
    return sorted(problems, key=lambda p: (SEVERITIES.index(p.severity), p.what, p.where))


def by_kind(problems: list[Problem]) -> list[Kind]:
    """The findings grouped by kind, problems first, then things to do, each the most numerous first."""
    kinds: dict[tuple[str, str], Kind] = {}
    for problem in problems:
        kind = kinds.setdefault((problem.severity, problem.what),
                                Kind(problem.severity, problem.what, problem.fix))
        kind.where.append(problem.where)
    return sorted(kinds.values(), key=lambda k: (SEVERITIES.index(k.severity), -len(k.where), k.what))
