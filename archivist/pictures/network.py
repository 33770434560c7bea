"""The network of a search: the people (and organizations) with most documents in it, who appears with
whom (linked to the same documents) and who wrote to whom (author and recipient of a document), each
edge weighted by its documents.

One Tantivy pass counts the most frequent people (from the other side over most of the index:
facets.top_values); then two passes side by side count, among the documents of each of them, each other
one (a terms aggregation inside another), and each author's recipients likewise (the index's f_author
and f_recipient columns).
"""

from __future__ import annotations

from functools import partial

import tantivy

from archivist.pictures.places import by_keys
from archivist.pictures.scope import Scope, count, side_by_side
from archivist.search.facets import ALL_VALUES, top_values
from archivist.search.schema import SCHEMA
from archivist.search.service import Matching
from archivist.web.links import BROWSE_PATHS

FACET = "people"  # the search page's facet of people and organizations: values "person/KEY"
MAX_PEOPLE = 100


def for_search(scope: Scope, limit: int = MAX_PEOPLE) -> dict:
    """The `limit` people with most documents in the search and the edges between them."""
    found = scope.found()
    total = count(found)
    picture = {"total": total, "people": [], "edges": [], "notices": found.notices}
    if found.query is None:
        return picture
    counted = top_values(found.searcher, found.cache, found.query, FACET, limit, total)
    names = public_names([value for value, _ in counted], checked=found.pending is None)
    counted = [(value, n) for value, n in counted if value in names]
    values = [value for value, _ in counted]
    narrowed = scope.narrowing("/search", FACET)
    for value, documents in counted:
        kind, key = value.split("/", 1)
        picture["people"].append({"key": key, "kind": kind, "name": names[value], "documents": documents,
                                  "search": narrowed(value),
                                  "url": f"/{BROWSE_PATHS[kind]}/{key}"})
    if values:
        picture["edges"] = _edges(found, values)
    return picture


def for_person(key: str, kind: str = "person", limit: int = MAX_PEOPLE) -> dict:
    """A person's own network: the people who appear with them, in all their documents."""
    return for_search(Scope([(FACET, f"{kind}/{key}")]), limit)


def _edges(found: Matching, values: list[str]) -> list[dict]:
    """"together" between each two of `values` linked to the same documents, "wrote_to" from each
    author to each recipient among them; keys without their kind (as the people's `key`)."""
    def pairs(field: str) -> dict:
        return {"terms": {"field": field, "include": values, "size": len(values), "segment_size": ALL_VALUES}}

    def holding(field: str) -> tantivy.Query:  # the documents that can count at all: fewer to visit
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, found.query), (
            tantivy.Occur.Must, tantivy.Query.term_set_query(SCHEMA, field, values))])

    result = {}
    for counted in side_by_side(
            partial(found.searcher.aggregate, holding("f_people"),
                    {"together": {**pairs("f_people"), "aggs": {"with": pairs("f_people")}}}),
            partial(found.searcher.aggregate, holding("f_author"),
                    {"wrote_to": {**pairs("f_author"), "aggs": {"with": pairs("f_recipient")}}})):
        result.update(counted)
    order = {value: i for i, value in enumerate(values)}
    edges = []
    for kind in ("together", "wrote_to"):
        for bucket in result[kind]["buckets"]:
            source = bucket["key"]
            for other in bucket["with"]["buckets"]:
                target = other["key"]
                if source == target or (kind == "together" and order[source] > order[target]):
                    continue  # "together" once per pair, from the one with more documents
                edges.append({"source": source.split("/", 1)[1], "target": target.split("/", 1)[1],
                              "kind": kind, "documents": other["doc_count"]})
    return sorted(edges, key=lambda edge: (edge["kind"], -edge["documents"], edge["source"], edge["target"]))


def public_names(values: list[str], checked: bool) -> dict[str, str]:
    """Display names of the records among the facet values ("person/KEY") that the public site shows.
    Values the index counts are public when it holds every change (`checked`); else only those linked
    visibly to a published document now."""
    by_kind: dict[str, list[str]] = {}
    for value in values:
        kind, key = value.split("/", 1)
        by_kind.setdefault(kind, []).append(key)
    return {f"{kind}/{key}": name for kind, keys in by_kind.items()
            for key, name in by_keys(kind, keys, ("key", "display_name"), checked)}
