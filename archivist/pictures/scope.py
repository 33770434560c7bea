"""The search a picture shows: read from the search page's own query string, found as the search finds
it (search.service.matching), and the addresses that narrow it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlencode

import tantivy
from django.core import exceptions as django_exceptions
from django.http import QueryDict

from archivist.pictures.names import public_names
from archivist.search.facets import BY_NAME, FACETS
from archivist.search.schema import POSITION_ID, SCHEMA
from archivist.search.service import Matching, matching

MODE_PARAMETERS = tuple(facet.mode_parameter for facet in FACETS if facet.default_mode)
# What a search's address holds, in the search page's order; page and sort do not change its documents.
STATE_KEYS = ("q", "from", "to", *(facet.name for facet in FACETS), *MODE_PARAMETERS)
_PLAIN = re.compile(r"[A-Za-z0-9_.\-~/]+")  # a facet value that urlencode writes as it is, but for "/"
# Counts run here side by side: Tantivy lets go of the GIL while it counts.
_COUNTING = ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2), thread_name_prefix="pictures")


class BadRequest(django_exceptions.BadRequest):
    """A picture's own parameter (unit, limit) that it cannot read (a 400); the message says which."""


@dataclass
class Scope:
    """A search as the search page reads it, with its query string's pairs for the addresses."""

    state: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_query(cls, params: QueryDict) -> Scope:
        """From a request's query string: the search's own parameters, nothing else."""
        return cls([(key, value) for key in STATE_KEYS for value in params.getlist(key) if value])

    def get(self, key: str) -> str:
        return next((value for k, value in self.state if k == key), "")

    def values(self, key: str) -> list[str]:
        return [value for k, value in self.state if k == key]

    def narrowing(self, path: str, key: str) -> Callable[[str], str]:
        """The address of `path` for this search with one more value of `key` chosen, as a function of
        the value (a map's thousands of places share the rest of the query string, encoded once)."""
        base = self.url(path)
        joined = base + ("&" if self.state else "?") + quote_plus(key) + "="

        def address(value: str) -> str:
            if (key, value) in self.state:
                return base
            return joined + (value.replace("/", "%2F") if _PLAIN.fullmatch(value) else quote_plus(value))

        return address

    def found(self) -> Matching:
        return matching(self.get("q"), {facet.name: self.values(facet.name) for facet in FACETS},
                        date_from=self.get("from"), date_to=self.get("to"),
                        modes={facet.name: self.get(facet.mode_parameter) for facet in FACETS
                               if facet.default_mode})

    def url(self, path: str, extra: list[tuple[str, str]] = (), drop: tuple[str, ...] = ()) -> str:
        """`path` with this search's query string, less the keys in `drop`, plus `extra`."""
        pairs = [(k, v) for k, v in self.state if k not in drop] + list(extra)
        return f"{path}?{urlencode(pairs)}" if pairs else path


def count(found: Matching) -> int:
    """How many documents the search finds."""
    if found.query is None:
        return 0
    return found.searcher.search(found.query, 1, count=True).count


def everything() -> tantivy.Query:
    """Every document of the index, but the indexer's position, which is a document too."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, tantivy.Query.all_query()),
        (tantivy.Occur.MustNot, tantivy.Query.term_query(SCHEMA, "record_id", POSITION_ID))])


def side_by_side(*calls: Callable[[], Any]) -> list[Any]:
    """The results of the calls (Tantivy counts), run at the same time."""
    running = [_COUNTING.submit(call) for call in calls]
    return [job.result() for job in running]


def limit(asked: str, most: int) -> int:
    """A picture's `limit` parameter: a whole number from 1 to `most`; empty means `most`."""
    if not asked.strip():
        return most
    # ASCII digits only: str.isdigit() admits "²", which int() refuses, and 5,000 digits int() refuses too
    if not re.fullmatch(r"[0-9]{1,9}", asked.strip()) or not 1 <= int(asked) <= most:
        raise BadRequest(f"limit must be a whole number from 1 to {most}, not {asked[:40]!r}")
    return int(asked)


def chosen(scope: Scope) -> list[dict]:
    """The search's dates and facet choices, each labelled as the search page labels it."""
    labels = public_names([value for key, value in scope.state if key in BY_NAME and "/" in value],
                          checked=False)  # typed in the address: named only when public, else as typed
    found = [{"label": f"{label} {scope.get(key)}"} for key, label in (("from", "From"), ("to", "To"))
             if scope.get(key)]
    return found + [{"label": f"{BY_NAME[key].label}: {labels.get(value, value)}"}
                    for key, value in scope.state if key in BY_NAME]
