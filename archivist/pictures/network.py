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

from archivist.pictures.names import public_names
from archivist.pictures.scope import Scope, count, everything, side_by_side
from archivist.search.facets import ALL_VALUES, by_complement, not_matching, top_values, totals
from archivist.search.schema import SCHEMA
from archivist.search.service import Matching
from archivist.web.links import BROWSE_PATHS

FACET = "people"  # the search page's facet of people and organizations: values "person/KEY"
MAX_PEOPLE = 100
OVERALL = 200  # the whole index's people whose pairs are kept for a commit (see _edges)


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
        picture["edges"] = _edges(found, values, total)
    return picture


def for_person(key: str) -> dict:
    """A person's own network: the people who appear with them, in all their documents."""
    return for_search(Scope([(FACET, f"person/{key}")]))


Pairs = dict[tuple[str, str, str], int]  # (kind, source value, target value) -> documents


def _edges(found: Matching, values: list[str], total: int) -> list[dict]:
    """"together" between each two of `values` linked to the same documents, "wrote_to" from each
    author to each recipient among them; keys without their kind (as the people's `key`).

    Over most of the index, pairs are counted from the other side, as facets are: the pairs of the
    whole index (of its OVERALL people with most documents, counted once per commit) less those of the
    documents that do not match, when the search's people are among them and the index holds every
    change (else the counts would include documents it still holds but no longer publishes)."""
    pairs = None
    if found.pending is None and by_complement(found.searcher, total, total):
        everywhere = _overall_pairs(found)
        if everywhere is not None and set(values) <= everywhere[0]:
            outside = _pairs(found.searcher, not_matching(found.query), values)
            pairs = {pair: n - outside.get(pair, 0) for pair, n in everywhere[1].items()
                     if pair[1] in values and pair[2] in values}
    if pairs is None:
        pairs = _pairs(found.searcher, found.query, values)
    order = {value: i for i, value in enumerate(values)}
    edges = [{"source": source.split("/", 1)[1], "target": target.split("/", 1)[1], "kind": kind,
              "documents": n}
             for (kind, source, target), n in pairs.items()
             if n > 0 and source != target and (kind == "wrote_to" or order[source] < order[target])]
    # "together" once per pair, from the one with more documents
    return sorted(edges, key=lambda edge: (edge["kind"], -edge["documents"], edge["source"], edge["target"]))


def _overall_pairs(found: Matching) -> tuple[frozenset[str], Pairs] | None:
    """The pairs among the whole index's OVERALL people with most documents, kept for the commit."""
    if "pictures.pairs" not in found.cache:
        overall = [value for value, _ in totals(found.searcher, found.cache)[FACET][:OVERALL]]
        found.cache["pictures.pairs"] = (frozenset(overall), _pairs(found.searcher, everything(), overall)
                                         if overall else {})
    return found.cache["pictures.pairs"]


def _pairs(searcher: tantivy.Searcher, query: tantivy.Query, values: list[str]) -> Pairs:
    """Documents of `query` for each two of `values` (both ways round): linked to both, and by author
    and recipient; two passes side by side, each over only the documents holding one of `values`."""
    def terms(field: str) -> dict:
        return {"terms": {"field": field, "include": values, "size": len(values), "segment_size": ALL_VALUES}}

    def holding(field: str) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (
            tantivy.Occur.Must, tantivy.Query.term_set_query(SCHEMA, field, values))])

    result = {}
    for counted in side_by_side(
            partial(searcher.aggregate, holding("f_people"),
                    {"together": {**terms("f_people"), "aggs": {"with": terms("f_people")}}}),
            partial(searcher.aggregate, holding("f_author"),
                    {"wrote_to": {**terms("f_author"), "aggs": {"with": terms("f_recipient")}}})):
        result.update(counted)
    return {(kind, bucket["key"], other["key"]): other["doc_count"]
            for kind in ("together", "wrote_to") for bucket in result[kind]["buckets"]
            for other in bucket["with"]["buckets"]}

