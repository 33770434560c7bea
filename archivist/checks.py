"""`archivist check`: gathers the integrity checks that each app declares in its `integrity` module."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    severity: str  # error, warning or info
    what: str
    where: str


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
