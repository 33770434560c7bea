"""The search service: one function that the CLI, the web pages and the API all call.

Only documents published in the database at the moment of the search are found, even while the index
is behind the outbox (its writer held by a long ingest or reindex): see `_hidden`.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field

import tantivy
from django.conf import settings

from archivist.search import facets as facet_module
from archivist.search import names, snippets, suggest
from archivist.search import query as query_module
from archivist.search.facets import FACETS, Facet
from archivist.search.indexer import position_of
from archivist.search.pages import PageHit, page_hits
from archivist.search.schema import SCHEMA, STORED_PAGES, reader, stored_field

SORTS = ("relevance", "date", "-date")
MAX_PER_PAGE = 100
SNIPPET_SOURCES = ("body", "summary", "title", "notes")  # in the order a snippet is looked for (_hits)
MAX_OFFSET = 10_000  # deeper pages cost a heap of that many hits: narrow the search instead
# Facet counts run here, beside each other and beside the thread making the page of hits.
_CORES = os.cpu_count() or 2
_WORKERS = ThreadPoolExecutor(max_workers=2 * _CORES, thread_name_prefix="facets")
FACETS_LEFT_OUT = ("The facets are left out: counting them took this search too long (it matches very "
                   "many documents, or the server is busy). Narrow the search, or ask again, to see them.")


@dataclass
class Hit:
    record_id: str
    title: str
    date: str
    snippet: str  # HTML: escaped text with <mark> around the matches
    score: float | None
    pages: list[PageHit] = field(default_factory=list)  # scanned pages holding the query's words


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    name: str
    label: str
    values: list[FacetValue]
    mode: str | None = None  # "all" or "any" for a facet whose chosen values combine either way


@dataclass
class SearchResults:
    q: str
    query: query_module.ParsedQuery
    total: int
    page: int
    per_page: int
    sort: str
    filters: dict[str, list[str]]
    date_from: str
    date_to: str
    modes: dict[str, str] = field(default_factory=dict)  # facet name -> "all" or "any"
    hits: list[Hit] = field(default_factory=list)
    facets: list[FacetCounts] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    chosen_labels: dict[str, str] = field(default_factory=dict)  # when the facets, with labels, are left out
    did_you_mean: list[suggest.Suggestion] = field(default_factory=list)  # when nothing is found

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_json(self) -> dict:
        return {"q": self.q, "query": self.query.as_json(), "total": self.total, "page": self.page,
                "pages": self.pages, "per_page": self.per_page, "sort": self.sort, "filters": self.filters,
                "modes": self.modes, "from": self.date_from, "to": self.date_to, "notices": self.notices,
                "did_you_mean": [s.as_json() for s in self.did_you_mean],
                "results": [asdict(hit) for hit in self.hits],
                "facets": [{"name": f.name, "label": f.label, "mode": f.mode,
                            "values": [vars(v).copy() for v in f.values]} for f in self.facets]}


def search(q: str = "", filters: dict[str, list[str]] | None = None, date_from: str = "",
           date_to: str = "", sort: str = "relevance", page: int = 1, per_page: int = 20,
           with_facets: bool = True, modes: dict[str, str] | None = None,
           among: list[str] | None = None, facet_budget_ms: int | None = None) -> SearchResults:
    """Published documents matching the query, facet choices and date range, one page of them.

    `modes` says, for the facets that offer the choice (facets.Facet.default_mode), whether a document
    must have all of the facet's chosen values or any of them; an unknown mode is the facet's default.
    `among`, when given, keeps to the documents of those record IDs (the newest published, for a feed).
    `facet_budget_ms`: how long the facets may take to count (_facet_deadline); by default the
    setting's, 0 for no limit.
    """
    found_by = matching(q, filters, date_from, date_to, modes, among)
    searcher, cache, parsed, notices = found_by.searcher, found_by.cache, found_by.parsed, found_by.notices
    filters, modes = found_by.filters, found_by.modes
    sort = sort if sort in SORTS else "relevance"
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    if (page - 1) * per_page > MAX_OFFSET:
        page = MAX_OFFSET // per_page + 1
        notices.append(f"Results are shown up to number {MAX_OFFSET + per_page}: narrow the search to see "
                       "the others.")
    results = SearchResults(q=q, query=parsed, total=0, page=page, per_page=per_page, sort=sort,
                            filters=filters, date_from=date_from, date_to=date_to, modes=modes,
                            notices=notices)
    if found_by.query is None:  # "***" or "-moscow" alone: a notice, not every document
        return results
    restrictions, facet_filters, hidden = found_by.restrictions, found_by.facet_filters, found_by.hidden
    selection = _combine(_without(query_module.to_tantivy(parsed, ranked=sort == "relevance"), hidden),
                         restrictions + list(facet_filters.values()))
    unranked = _without(query_module.to_tantivy(parsed, ranked=False), hidden)
    counting = (_FacetCounting(searcher, cache, unranked, restrictions, filters, facet_filters, modes,
                               labels_cached=found_by.pending is None) if with_facets else None)
    if counting:
        facet_module.prepare(searcher, cache)  # once a commit (its first search pays), outside the budget
        started = time.monotonic()
        bounds = query_module.match_bounds(parsed, searcher)
        if bounds and hidden:  # the hidden documents may be among the matches the dictionary counts
            bounds = (0, bounds[1])
        counting.start_early(bounds)
    found = _top(searcher, selection, sort, page, per_page)
    results.total = found.count
    if counting and not counting.rest:
        counting.count_the_rest(facet_module.by_complement(searcher, results.total, results.total))
    results.hits = _hits(searcher, parsed, found.hits, sort, q)
    if not results.total and among is None:  # among a few documents, a miss says nothing of spelling
        results.did_you_mean = suggest.did_you_mean(parsed)
    if counting:
        counted = counting.result(_facet_deadline(started, facet_budget_ms))
        if counted is None:
            notices.append(FACETS_LEFT_OUT)
            results.chosen_labels = counting.chosen_labels()
        else:
            results.facets = counted
    return results


def _facet_deadline(started: float, budget_ms: int | None) -> float | None:
    """When a search stops waiting for its facet counts: ARCHIVIST_FACET_BUDGET_MS (or `budget_ms`)
    after they start, the commit's facet values numbered.

    A phrase of three very common words reads word positions in nearly every document: 0.4 s with the
    facets at a million documents, where the page of hits alone takes 0.17 s. Past the budget the page
    comes without the facets, so that such searches do not hold the server's workers; their counts not
    yet started are dropped, so that other searches' counts do not wait behind them."""
    budget = settings.SEARCH_FACET_BUDGET_MS if budget_ms is None else budget_ms
    return started + budget / 1000 if budget else None


@dataclass
class Matching:
    """The documents a search finds, as one unranked query, with what reading the search said."""

    searcher: tantivy.Searcher
    cache: dict  # the commit's (schema.Reader.current)
    parsed: query_module.ParsedQuery
    notices: list[str]
    filters: dict[str, list[str]]  # the facet choices, cleaned
    modes: dict[str, str]
    restrictions: list[tantivy.Query]  # the date range, the record IDs
    facet_filters: dict[str, tantivy.Query]
    hidden: list[str]  # record IDs the index still holds but the database no longer publishes
    pending: tuple[int, ...] | None  # see _pending
    query: tantivy.Query | None  # None when there is nothing to find ("***", "-moscow" alone)


def matching(q: str = "", filters: dict[str, list[str]] | None = None, date_from: str = "",
             date_to: str = "", modes: dict[str, str] | None = None,
             among: list[str] | None = None) -> Matching:
    """The documents `search` finds for the same arguments, to count in other ways (the pictures)."""
    filters = {name: list(dict.fromkeys(v for v in values if v))
               for name, values in (filters or {}).items() if name in facet_module.BY_NAME}
    filters = {name: values for name, values in filters.items() if values}
    modes = {f.name: f.mode((modes or {}).get(f.name)) for f in FACETS if f.default_mode}
    searcher, cache = reader().current()
    pending = _pending(searcher, cache)
    hidden = _hidden(cache, pending)
    parsed = names.expand(query_module.parse(q), _names_cache(cache, hidden), cache["position"], searcher)
    notices = list(parsed.notices)
    restrictions = _date_restrictions(date_from, date_to, notices)
    facet_filters = {name: facet_module.filter_query(facet_module.BY_NAME[name], values,
                                                     modes.get(name, facet_module.ANY))
                     for name, values in filters.items()}
    found = Matching(searcher, cache, parsed, notices, filters, modes, restrictions, facet_filters, hidden,
                     pending, None)
    nothing = query_module.nothing_to_find(q, parsed, restricted=bool(restrictions or facet_filters))
    if nothing:
        notices.append(nothing)
        return found
    if among is not None:
        restrictions.append(tantivy.Query.term_set_query(SCHEMA, "record_id", among))
    found.query = _combine(_without(query_module.to_tantivy(parsed, ranked=False), hidden),
                           restrictions + list(facet_filters.values()))
    return found


def _pending(searcher: tantivy.Searcher, cache: dict) -> tuple[int, ...] | None:
    """None when the index holds every outbox row (the usual case: one indexed query that finds no
    rows), else a stamp of the rows after the commit's position, which changes whenever one commits.

    While rows are pending, the facet labels kept for the commit may name records no longer public (a
    link rejected), so they are read again for each search.
    """
    from django.db import connection
    from django.db.models import Count, Max

    from archivist.records.models import Change

    if "position" not in cache:
        cache["position"] = position_of(searcher)
    rows = Change.objects.filter(id__gt=cache["position"])
    if connection.vendor == "sqlite":
        # SQLite's one writer takes ids above every committed one (AUTOINCREMENT; rows are never
        # removed), so the last id moves whenever a row commits: one seek, where a count reads every
        # pending row (20,000 while an ingest is being indexed) on each search.
        last = rows.aggregate(last=Max("id"))["last"]
        return None if last is None else (last,)
    # On PostgreSQL a row may commit below the last id: the count still moves.
    stamp = tuple(rows.aggregate(rows=Count("id"), last=Max("id")).values())
    return None if stamp[0] == 0 else stamp


def _hidden(cache: dict, stamp: tuple[int, ...] | None) -> list[str]:
    """Record IDs the index may still hold but the database no longer publishes: those of the outbox
    rows after the commit's position (`stamp` from _pending) whose document is now deleted, restricted,
    draft or renamed.

    Every change to a document writes an outbox row in its own transaction, so these are all of them.
    While the index is behind (a long ingest holding the writer), the answer is kept until another row
    commits.
    """
    from django.db.models import Exists, OuterRef

    from archivist.records.models import Change, Document

    if stamp is None:
        return []
    if cache.get("hidden", (None,))[0] != stamp:
        pending = Change.objects.filter(id__gt=cache["position"])
        published = Document.objects.filter(record_id=OuterRef("record_id"),
                                            status=Document.Status.PUBLISHED)
        hidden = sorted(set(pending.exclude(Exists(published)).values_list("record_id", flat=True)))
        cache["hidden"] = (stamp, hidden)
    return cache["hidden"][1]


def _names_cache(cache: dict, hidden: list[str]) -> dict:
    """Where names.expand keeps its table of names: the commit's cache, or while documents are hidden
    (the commit's table may hold records only they name) one read again for the latest set of them."""
    if not hidden:
        return cache
    if cache.get("hidden_names", (None,))[0] != hidden:
        cache["hidden_names"] = (hidden, {})
    return cache["hidden_names"][1]


def _without(query: tantivy.Query, record_ids: list[str]) -> tantivy.Query:
    """The query less the given documents: a must-not clause, so totals and facet counts leave them out."""
    if not record_ids:
        return query
    return query.and_must_not_match(tantivy.Query.term_set_query(SCHEMA, "record_id", record_ids))


def _combine(query: tantivy.Query, restrictions: list[tantivy.Query]) -> tantivy.Query:
    if not restrictions:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in [query, *restrictions]])


def _date_restrictions(date_from: str, date_to: str, notices: list[str]) -> list[tantivy.Query]:
    bounds = query_module.date_span(date_from, date_to, notices)
    if bounds == (None, None):
        return []
    return [query_module.date_range(*bounds)]


def _top(searcher: tantivy.Searcher, query: tantivy.Query, sort: str, page: int,
         per_page: int) -> tantivy.SearchResult:
    """One page of (score, address) with the count of all matches, in one pass over them."""
    offset = (page - 1) * per_page
    if sort == "relevance":
        return searcher.search(query, per_page, count=True, offset=offset)
    order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
    return searcher.search(query, per_page, count=True, offset=offset, order_by_field="date", order=order)


def _hits(searcher: tantivy.Searcher, parsed: query_module.ParsedQuery, found: list, sort: str,
          q: str) -> list[Hit]:
    """The page of hits, each with its snippet: the passage of its texts, else of its summary, that holds
    words of the query; else, when its title holds them, the beginning of its summary or texts; only then
    the passage of its notes (a source note's file names, "Security Files, Countries Series, USSR,
    Khrushchev Correspondence", match many a query where the text or title says more); else the
    beginning. Each names the scanned pages holding words of the query (search.pages)."""
    words = snippets.matcher(parsed)
    docs = [searcher.doc(address) for _, address in found]
    beginnings = [snippets.beginning(_stored(doc, "summary") or _stored(doc, "body")) for doc in docs]
    chosen: list[str | None] = [None] * len(docs)
    for name in SNIPPET_SOURCES:
        waiting = [i for i, snippet in enumerate(chosen) if snippet is None]
        if not waiting:
            break
        made = snippets.snippets([_stored(docs[i], name) for i in waiting], words)
        for i, snippet in zip(waiting, made, strict=True):
            chosen[i] = beginnings[i] if snippet and name == "title" else snippet
    return [Hit(record_id=doc.get_first("record_id"), title=_stored(doc, "title"),
                date=doc.get_first("date_display") or "", snippet=snippet or beginning,
                score=score if sort == "relevance" else None,
                pages=page_hits(doc.get_first("record_id"), doc.get_first(STORED_PAGES), parsed, q, words))
            for (score, _), doc, snippet, beginning in zip(found, docs, chosen, beginnings, strict=True)]


def _stored(doc: tantivy.Document, name: str) -> str:
    return (doc.get_first(stored_field(name)) or b"").decode()


class _FacetCounting:
    """The facet counts of one search, counted on worker threads while this thread finds and shows
    the page of hits (Tantivy lets go of the GIL while it counts, so the counts also run side by side).

    A facet with chosen values is counted so that each of its other values shows what choosing it too
    would give: where any of the chosen values will do, without the facet's own filter, over the
    documents the other choices leave (choosing one more adds its documents); where all must hold,
    over the matching documents (choosing one more narrows them to those having it too). Those counts
    start at once.
    The other facets are counted over the matching documents in sets side by side
    (facets.side_by_side), directly or from the other side (facets.by_complement). They start as soon as
    that choice is settled: at once when the term dictionary bounds the number of matches well enough
    (query.match_bounds), else when the search for the page of hits has counted them.
    """

    def __init__(self, searcher: tantivy.Searcher, cache: dict, text_query: tantivy.Query,
                 restrictions: list[tantivy.Query], chosen: dict[str, list[str]],
                 facet_filters: dict[str, tantivy.Query], modes: dict[str, str],
                 labels_cached: bool = True) -> None:
        self.searcher, self.cache, self.chosen, self.modes = searcher, cache, chosen, modes
        self.labels_cached = labels_cached
        self.restricted = bool(restrictions or facet_filters)
        self.matching = _combine(text_query, restrictions + list(facet_filters.values()))
        self.jobs: dict[str, Future] = {}
        self.rest: list[Future] = []
        for name, values in chosen.items():
            if modes.get(name) == facet_module.ALL:
                others = self.matching
            else:
                others = _combine(text_query,
                                  restrictions + [q for other, q in facet_filters.items() if other != name])
            self.jobs[name] = _WORKERS.submit(facet_module.count_chosen, searcher, cache, others,
                                               facet_module.BY_NAME[name], values)

    def start_early(self, bounds: tuple[int, int] | None) -> None:
        """Count the other facets now, beside the search for the page of hits, when the term
        dictionary's bounds on the number of matches already settle how."""
        if bounds is None:
            return
        least, most = bounds
        if self.restricted:  # a date range or a choice may leave fewer than the words match
            least = 0
        complement = facet_module.by_complement(self.searcher, least, most)
        if complement is not None:
            self.count_the_rest(complement)

    def count_the_rest(self, complement: bool) -> None:
        plain = tuple(f for f in FACETS if f.name not in self.chosen)
        # As many counts at once as there are cores: the recounts of chosen facets take their share.
        groups = facet_module.side_by_side(self.searcher, self.cache, plain, sets=_CORES - len(self.jobs))
        self.rest = [_WORKERS.submit(facet_module.count, self.searcher, self.cache, self.matching,
                                     complement, group) for group in groups]

    def chosen_labels(self) -> dict[str, str]:
        """The chosen values' labels, for a search whose counts came too late to carry them."""
        return _labels({v for values in self.chosen.values() for v in values},
                       self.cache.setdefault("labels", {}) if self.labels_cached else {})

    def result(self, deadline: float | None) -> list[FacetCounts] | None:
        """The counts, or None if they are not all counted by the deadline (time.monotonic(); None: no
        deadline). Tantivy cannot stop a count once started: a late one ends on its worker thread, unread."""
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        late = wait([*self.rest, *self.jobs.values()], timeout=timeout).not_done
        if late:
            for job in late:  # those still queued go: later searches' counts must not wait behind them
                job.cancel()
            return None
        counts = {}
        for job in self.rest:
            counts.update(job.result())
        counts.update({name: job.result() for name, job in self.jobs.items()})
        labels = _labels({v for pairs in counts.values() for v, _ in pairs}
                         | {v for values in self.chosen.values() for v in values},
                         self.cache.setdefault("labels", {}) if self.labels_cached else {})
        return [_facet_counts(facet, counts.get(facet.name, []), self.chosen.get(facet.name, []), labels,
                              self.modes.get(facet.name)) for facet in FACETS]


def _facet_counts(facet: Facet, counted: list[tuple[str, int]], chosen: list[str],
                  labels: dict[str, str], mode: str | None) -> FacetCounts:
    """A facet's values with their labels. A record's value with no label is one the public site may
    not name (the index may still hold its link while behind the outbox): left out, since its key is
    made from its name, unless the URL chose it, which shows it as typed."""
    found = dict(counted)
    public = [(value, n) for value, n in counted
              if value in chosen or not _names_a_record(value) or value in labels]
    pairs = public + [(value, 0) for value in chosen if value not in found]
    if facet.chronological:
        pairs.sort()
    values = [FacetValue(value, facet.value_label(value, labels), n, value in chosen) for value, n in pairs]
    return FacetCounts(facet.name, facet.label, values, mode)


def _names_a_record(value: str) -> bool:
    """Whether a facet value names an authority record ("person/zhou-enlai"), not a language or year."""
    return "/" in value


def _labels(values: set[str], labels: dict[str, str]) -> dict[str, str]:
    """Display names of the public authority records among the facet values ("person/zhou-enlai"): those
    visibly linked to a published document (a value chosen in the URL may name any record).

    `labels` is kept for the index commit while no change is pending (see _pending): renaming an
    authority reindexes its documents, which makes a new commit.
    """
    from archivist.records.models import Authority
    from archivist.records.publication import publicly_named

    public = publicly_named()
    by_kind: dict[str, list[str]] = {}
    for value in values:
        if _names_a_record(value) and value not in labels:
            kind, key = value.split("/", 1)
            by_kind.setdefault(kind, []).append(key)
    for kind, keys in by_kind.items():
        rows = Authority.objects.filter(public, kind=kind, key__in=keys).values_list("key", "display_name")
        labels.update({f"{kind}/{key}": name for key, name in rows})
    return labels
