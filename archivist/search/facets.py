"""Facets: declared once, counted exactly over the whole matching set, labelled for display.

Tantivy's terms aggregation counts the facets, all at once, in one pass over the matching documents,
on the columns of the values' numbers (schema.facet_number), whose counts it merges across segments
in about half the time strings take. That pass costs time in proportion to the documents it visits,
so a query matching most of the archive is counted from the other side: the facet totals of the
whole index (read once per commit, when first needed) minus the counts over the documents that do
not match. Only the most frequent values overall can be in the top list then, and the result is
exact: the complement is counted for the first CANDIDATES values by total, and a value further down
can count at most its total, which must not reach the last value shown, or that facet is counted
directly after all. Decades are summed from the year counts rather than counted again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import tantivy

from archivist.search.schema import NUMBERED_FACETS, POSITION_ID, SCHEMA, facet_number

CANDIDATES = 200
ALL_VALUES = 10_000_000  # per-segment list size: more than a segment's values, so merged counts are exact
MOST_BUCKETS = 65_000  # a terms aggregation refuses to list more values than this
_READING_TERMS = threading.Lock()  # the facets of one search are counted on several threads

ALL, ANY = "all", "any"  # how several chosen values of one facet combine
MODES = (ALL, ANY)


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    size: int = 10
    chronological: bool = False  # shown in date order instead of by count
    # Whether several chosen values all must hold (ALL) or any may (ANY): a reader chooses for the
    # facets with a default here; the others (one value per document, or nearly) take any of them.
    default_mode: str | None = None

    @property
    def field(self) -> str:
        return f"f_{self.name}"

    @property
    def mode_parameter(self) -> str:
        return f"{self.name}_mode"

    def mode(self, asked: str | None) -> str:
        """The mode asked for, if this facet offers a choice and it is one, else the facet's own."""
        if self.default_mode is None:
            return ANY
        return asked if asked in MODES else self.default_mode

    def value_label(self, value: str, labels: dict[str, str]) -> str:
        if self.name == "decade":
            return f"{value}s"
        return labels.get(value, value)


FACETS = (
    Facet("people", "People", default_mode=ALL),  # Dobrynin and Gromyko: documents with both
    Facet("places", "Places", default_mode=ANY),
    Facet("topics", "Topics", default_mode=ANY),
    Facet("subjects", "Subjects"),
    Facet("languages", "Languages"),
    Facet("archives", "Archives"),
    Facet("decade", "Decade", size=1000, chronological=True),
    Facet("year", "Year", size=1000, chronological=True),
)
BY_NAME = {facet.name: facet for facet in FACETS}
Counts = dict[str, list[tuple[str, int]]]


def filter_query(facet: Facet, values: list[str], mode: str = ANY) -> tantivy.Query:
    """Documents having any (or all) of the values. Term queries rather than a term set: a set query
    first reads every document of its terms into a bitset, which a frequent value (a decade) makes slow."""
    terms = [tantivy.Query.term_query(SCHEMA, facet.field, value) for value in values]
    if len(terms) == 1:
        return terms[0]
    occur = tantivy.Occur.Must if mode == ALL else tantivy.Occur.Should
    return tantivy.Query.boolean_query([(occur, term) for term in terms])


def by_complement(searcher: tantivy.Searcher, least: int, most: int) -> bool | None:
    """Whether a query matching between `least` and `most` documents is counted from the other side
    (see the module's docstring); None while the bounds leave it open."""
    documents = searcher.num_docs - 1  # the indexer's position is a document too
    if least * 2 > documents:
        return True
    if most * 2 <= documents:
        return False
    return None


def count(searcher: tantivy.Searcher, cache: dict, query: tantivy.Query, complement: bool,
          facets: tuple[Facet, ...]) -> Counts:
    """{facet name: [(value, count), ...]}, most frequent first, for the documents of `query`."""
    wanted = _counted(facets)
    if not wanted:
        return {}
    prepare(searcher, cache)
    counts = _by_complement(searcher, cache, query, wanted) if complement else {}
    direct = tuple(facet for facet in wanted if facet.name not in counts)
    if direct:
        counts.update(_aggregate(searcher, cache, query, {f.name: _terms(f, cache) for f in direct}))
    return _with_decades(counts, facets)


def count_chosen(searcher: tantivy.Searcher, cache: dict, query: tantivy.Query, facet: Facet,
                 values: list[str]) -> list[tuple[str, int]]:
    """A facet with chosen values, counted over `query` (the matches of the other facets' choices): its
    most frequent values, then the chosen ones not among them, counted in the same pass."""
    prepare(searcher, cache)
    request = {f.name: _terms(f, cache) for f in _counted((facet,))}
    if not facet.chronological:  # chronological facets list every value already
        request["chosen"] = _chosen_terms(facet, values)
    found = _aggregate(searcher, cache, query, request)
    counted = dict(found.pop("chosen", []))
    pairs = _with_decades(found, (facet,))[facet.name]
    shown = dict(pairs)
    return pairs + [(value, counted.get(value, 0)) for value in values
                    if value not in shown and not facet.chronological]


def side_by_side(searcher: tantivy.Searcher, cache: dict, facets: tuple[Facet, ...],
                 sets: int) -> list[tuple[Facet, ...]]:
    """The facets in up to `sets` sets of about equal cost, to count at the same time: counting costs
    about in proportion to the values it meets, so each set gets about as many of the archive's value
    occurrences (people usually alone, or nearly)."""
    prepare(searcher, cache)
    occurrences = cache["occurrences"]
    groups: list[list[Facet]] = [[] for _ in range(max(1, sets))]
    load = [0] * len(groups)
    for facet in sorted(_counted(facets), key=lambda f: -occurrences[f.name]):
        lighter = load.index(min(load))
        groups[lighter].append(facet)
        load[lighter] += occurrences[facet.name]
    if "decade" in {f.name for f in facets}:  # decades are summed from the year counts
        next(group for group in groups if BY_NAME["year"] in group).append(BY_NAME["decade"])
    return [tuple(f for f in group if f in facets) for group in groups if group]


def _counted(facets: tuple[Facet, ...]) -> tuple[Facet, ...]:
    names = {facet.name for facet in facets}
    if "decade" in names:
        names = (names - {"decade"}) | {"year"}
    return tuple(facet for facet in FACETS if facet.name in names)


def _terms(facet: Facet, cache: dict) -> dict:
    """The facet's most frequent values, counted on its numbers' column when they can be told apart."""
    field = f"n_{facet.name}" if facet.name in cache["numbered"] else facet.field
    return {"terms": {"field": field, "size": facet.size, "segment_size": ALL_VALUES}}


def _chosen_terms(facet: Facet, values: list[str]) -> dict:
    """Counts of the given values only (Tantivy filters values by their strings)."""
    return {"terms": {"field": facet.field, "size": len(values), "segment_size": ALL_VALUES,
                      "include": values}}


def _aggregate(searcher: tantivy.Searcher, cache: dict, query: tantivy.Query, request: dict) -> Counts:
    result = searcher.aggregate(query, request)
    numbered = cache["numbered"]
    return {name: sorted(((numbered[name][b["key"]] if isinstance(b["key"], int) and name in numbered
                           else str(b["key"]), b["doc_count"]) for b in agg["buckets"]),
                         key=lambda pair: (-pair[1], pair[0]))
            for name, agg in result.items()}


def prepare(searcher: tantivy.Searcher, cache: dict) -> None:
    """Number the commit's facet values, once, before counting: the value behind each number a count
    returns, and each facet's value occurrences, which side_by_side balances. Neither needs live
    counts, so the term dictionaries are read as they are (about a quarter of the cost of totals)."""
    with _READING_TERMS:
        if "numbered" not in cache:
            numbered, occurrences = {}, {}
            for name in NUMBERED_FACETS:
                pairs = searcher.terms_with_prefix(BY_NAME[name].field, "")
                by_number = {facet_number(value): value for value, _ in pairs}
                if len(by_number) == len(pairs):  # else two values share a number: count the strings
                    numbered[name] = by_number
                occurrences[name] = sum(n for _, n in pairs)
            cache["numbered"], cache["occurrences"] = numbered, occurrences


def totals(searcher: tantivy.Searcher, cache: dict) -> Counts:
    """Every value of every facet with its count over the whole index, most frequent first.

    Read from the term dictionaries, counting live documents only: a terms aggregation refuses to
    return more than 65,000 values, and an archive may well name more people than that.
    """
    with _READING_TERMS:
        if "totals" not in cache:
            live = tantivy.Query.all_query()
            cache["totals"] = {name: [(v, n) for v, n in searcher.terms_with_prefix(BY_NAME[name].field, "",
                                                                                    live) if n]
                               for name in NUMBERED_FACETS}
    return cache["totals"]


def _by_complement(searcher: tantivy.Searcher, cache: dict, query: tantivy.Query,
                   facets: tuple[Facet, ...]) -> Counts:
    """Counts for the facets whose top values are settled by totals minus the non-matching documents."""
    overall = totals(searcher, cache)
    outside_query = not_matching(query)
    candidates = {f.name: overall[f.name][:CANDIDATES] for f in facets}
    request = {f.name: _chosen_terms(f, [value for value, _ in candidates[f.name]])
               for f in facets if candidates[f.name]}
    outside = _aggregate(searcher, cache, outside_query, request) if request else {}
    counts = {}
    for facet in facets:
        missing = dict(outside.get(facet.name, []))
        pairs = [(value, total - missing.get(value, 0)) for value, total in candidates[facet.name]]
        pairs = sorted((p for p in pairs if p[1] > 0), key=lambda p: (-p[1], p[0]))[:facet.size]
        rest = overall[facet.name][CANDIDATES:]
        if not rest or (len(pairs) == facet.size and pairs[-1][1] >= rest[0][1]):
            counts[facet.name] = pairs
    return counts


def not_matching(query: tantivy.Query) -> tantivy.Query:
    """The documents `query` does not match (but not the indexer's position, which is a document too)."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, query),
        (tantivy.Occur.MustNot, tantivy.Query.term_query(SCHEMA, "record_id", POSITION_ID))])


def _with_decades(counts: Counts, facets: tuple[Facet, ...]) -> Counts:
    names = {facet.name for facet in facets}
    if "decade" in names:
        decades: dict[str, int] = {}
        for year, n in counts.get("year", []):
            decade = str(int(year) - int(year) % 10)
            decades[decade] = decades.get(decade, 0) + n
        counts["decade"] = sorted(decades.items(), key=lambda p: (-p[1], p[0]))
    return {name: pairs for name, pairs in counts.items() if name in names}


def top_values(searcher: tantivy.Searcher, cache: dict, query: tantivy.Query, name: str, size: int,
               matches: int) -> list[tuple[str, int]]:
    """A facet's `size` most frequent values over the documents of `query` (which match `matches`
    documents), counted exactly (the pictures: every place of a search, its most frequent people).

    Over most of the index, every value is counted from the other side: its total less its count over
    the documents that do not match (see the module's docstring), when a terms aggregation can list them
    all."""
    prepare(searcher, cache)
    facet = BY_NAME[name]
    overall = totals(searcher, cache)[name] if by_complement(searcher, matches, matches) else []
    if overall and len(overall) <= MOST_BUCKETS:
        request = {name: _terms(Facet(facet.name, facet.label, size=len(overall)), cache)}
        outside = dict(_aggregate(searcher, cache, not_matching(query), request).get(name, []))
        pairs = sorted(((value, total - outside.get(value, 0)) for value, total in overall),
                       key=lambda pair: (-pair[1], pair[0]))
        return [pair for pair in pairs if pair[1] > 0][:size]
    request = {name: _terms(Facet(facet.name, facet.label, size=size), cache)}
    return _aggregate(searcher, cache, query, request).get(name, [])
