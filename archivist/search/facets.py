"""Facets: declared once, counted over the whole matching set, labelled for display.

Each facet is a raw string fast field (f_<name>). All facets are counted in one pass of Tantivy's
aggregation collector; a facet with chosen values is counted again without its own filter, so its
other values show how many documents choosing them too would add (OR within a facet).
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from archivist.search.schema import SCHEMA


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    size: int = 10
    chronological: bool = False  # shown in date order instead of by count

    @property
    def field(self) -> str:
        return f"f_{self.name}"

    def value_label(self, value: str, labels: dict[str, str]) -> str:
        if self.name == "decade":
            return f"{value}s"
        return labels.get(value, value)


FACETS = (
    Facet("people", "People"),
    Facet("places", "Places"),
    Facet("topics", "Topics"),
    Facet("subjects", "Subjects"),
    Facet("languages", "Languages"),
    Facet("archives", "Archives"),
    Facet("decade", "Decade", size=20, chronological=True),
    Facet("year", "Year", size=100, chronological=True),
)
BY_NAME = {facet.name: facet for facet in FACETS}


def filter_query(facet: Facet, values: list[str]) -> tantivy.Query:
    """Documents having any of the values."""
    return tantivy.Query.term_set_query(SCHEMA, facet.field, values)


def count(searcher: tantivy.Searcher, query: tantivy.Query, facets: tuple[Facet, ...]) -> dict[str, list]:
    """{facet name: [(value, count), ...]} for the documents matching `query`, most frequent first."""
    if not facets:
        return {}
    request = {facet.name: {"terms": {"field": facet.field, "size": facet.size,
                                      "segment_size": max(facet.size * 10, 1000)}}
               for facet in facets}
    result = searcher.aggregate(query, request)
    return {name: [(str(b["key"]), b["doc_count"]) for b in agg["buckets"]] for name, agg in result.items()}
