"""The search page and its JSON twin; the whole state of a search is in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest

from archivist.search.facets import FACETS
from archivist.search.service import SORTS, SearchResults, search
from archivist.web.pages import Page
from archivist.web.paging import page_number

SORT_LABELS = {"relevance": "relevance", "date": "oldest first", "-date": "newest first"}
STATE_KEYS = ("q", "from", "to", "sort", *(facet.name for facet in FACETS))


def _run(request: HttpRequest) -> SearchResults:
    # No sync here: requests never write the index (the worker of `archivist serve` applies the
    # outbox), and the search leaves out whatever the database no longer publishes.
    params = request.GET
    return search(params.get("q", ""), filters={f.name: params.getlist(f.name) for f in FACETS},
                  date_from=params.get("from", ""), date_to=params.get("to", ""),
                  sort=params.get("sort", "relevance"), page=page_number(request))


def search_page(request: HttpRequest) -> Page:
    """/search and /search.json: results, facets with counts, the parsed query."""
    results = _run(request)
    if results.page > results.pages:  # not "page 7 of 6": that page holds nothing
        raise Http404("No such page")
    state = [(key, value) for key in STATE_KEYS for value in request.GET.getlist(key) if value]
    context = {
        "results": results,
        "first_number": (results.page - 1) * results.per_page + 1,
        "facets": [_with_links(facet, state) for facet in results.facets],
        "sort_links": [(sort, SORT_LABELS[sort], _url(state, {"sort": sort}, drop={"sort"}))
                       for sort in SORTS],
        "previous_url": _url(state, {"page": results.page - 1}) if results.page > 1 else "",
        "next_url": _url(state, {"page": results.page + 1}) if results.page < results.pages else "",
        "did_you_mean": [(suggestion, "/search?" + urlencode({"q": suggestion.q}))
                         for suggestion in results.did_you_mean],
    }
    return Page("archivist/search.html", context, results.as_json())


def _with_links(facet, state: list[tuple[str, str]]) -> dict:
    """Each value with the URL that chooses it (adds it) or lets it go (removes it)."""
    adding = _url(state, {}) + "&"
    values = []
    for value in facet.values:
        if value.selected:
            link = _url([(k, v) for k, v in state if (k, v) != (facet.name, value.value)], {})
        else:
            link = adding + urlencode([(facet.name, value.value)])
        values.append({"value": value, "url": link})
    return {"name": facet.name, "label": facet.label, "values": values}


def _url(state: list[tuple[str, str]], extra: dict, drop: frozenset[str] = frozenset()) -> str:
    """The search URL for `state` plus `extra`; any change of state starts again at page 1."""
    pairs = [(k, v) for k, v in state if k not in drop] + list(extra.items())
    return "/search?" + urlencode(pairs)
