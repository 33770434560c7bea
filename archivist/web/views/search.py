"""The search page and its JSON twin; the whole state of a search is in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest

from archivist.search.facets import ALL, ANY, BY_NAME, FACETS
from archivist.search.service import SORTS, FacetCounts, SearchResults, search
from archivist.web.pages import Page
from archivist.web.paging import page_number
from archivist.web.scans import thumbnails
from archivist.web.views import citations

SORT_LABELS = {"relevance": "relevance", "date": "oldest first", "-date": "newest first"}
MODE_FACETS = tuple(facet for facet in FACETS if facet.default_mode)
MODE_LABELS = {ALL: "all of them", ANY: "any of them"}
FILTER_KEYS = ("from", "to", *(facet.name for facet in FACETS), *(f.mode_parameter for f in MODE_FACETS))
STATE_KEYS = ("q", "sort", *FILTER_KEYS)


def _run(request: HttpRequest) -> SearchResults:
    # No sync here: requests never write the index (the worker of `archivist serve` applies the
    # outbox), and the search leaves out whatever the database no longer publishes.
    params = request.GET
    return search(params.get("q", ""), filters={f.name: params.getlist(f.name) for f in FACETS},
                  date_from=params.get("from", ""), date_to=params.get("to", ""),
                  sort=params.get("sort", "relevance"), page=page_number(request),
                  modes={f.name: params.get(f.mode_parameter, "") for f in MODE_FACETS})


def search_page(request: HttpRequest) -> Page:
    """/search and /search.json: results, facets with counts, the chosen filters each removable."""
    results = _run(request)
    if results.page > results.pages:  # not "page 7 of 6": that page holds nothing
        raise Http404("No such page")
    state = [(key, value) for key in STATE_KEYS for value in request.GET.getlist(key) if value]
    chosen = _chosen(results, state)
    context = {
        "results": results,
        "first_number": (results.page - 1) * results.per_page + 1,
        "facets": [_with_links(facet, state) for facet in results.facets],
        "chosen": chosen,
        "clear_url": _url(state, {}, drop=set(FILTER_KEYS)) if chosen else "",
        "sort_links": [(sort, SORT_LABELS[sort], _url(state, {"sort": sort}, drop={"sort"}))
                       for sort in SORTS],
        "previous_url": _url(state, {"page": results.page - 1}) if results.page > 1 else "",
        "next_url": _url(state, {"page": results.page + 1}) if results.page < results.pages else "",
        "did_you_mean": [(suggestion, "/search?" + urlencode({"q": suggestion.q}))
                         for suggestion in results.did_you_mean],
        "any_people_url": _any_people_url(results, state),
        "citation_downloads": citations.search_downloads(request.GET),
        "citations_limit": citations.MAX_SEARCH_CITATIONS,
    }
    context["thumbnails"] = thumbnails(hit.record_id for hit in results.hits)
    data = results.as_json()
    for result in data["results"]:
        result["thumbnail"] = (context["thumbnails"].get(result["record_id"]) or {}).get("url")
    return Page("archivist/search.html", context,
                {**data, "citation_downloads": context["citation_downloads"]})


def _chosen(results: SearchResults, state: list[tuple[str, str]]) -> list[dict]:
    """The filters in force, each with its label and the URL of the search without it."""
    chosen = [{"label": f"{label} {value}", "url": _url(state, {}, drop={key})}
              for key, label, value in (("from", "From", results.date_from), ("to", "To", results.date_to))
              if value.strip()]
    labels = {(facet.name, value.value): value.label for facet in results.facets for value in facet.values}
    for name, values in results.filters.items():
        chosen += [{"label": f"{BY_NAME[name].label}: "
                             f"{labels.get((name, value)) or results.chosen_labels.get(value, value)}",
                    "url": _url([pair for pair in state if pair != (name, value)], {})} for value in values]
    return chosen


def _with_links(facet: FacetCounts, state: list[tuple[str, str]]) -> dict:
    """Each value with the URL that chooses it (adds it) or lets it go (removes it); for a facet whose
    chosen values combine as all of them or any of them, the URLs of both ways."""
    adding = _url(state, {}) + "&"
    values = []
    for value in facet.values:
        if value.selected:
            link = _url([(k, v) for k, v in state if (k, v) != (facet.name, value.value)], {})
        else:
            link = adding + urlencode([(facet.name, value.value)])
        values.append({"value": value, "url": link})
    modes = []
    if facet.mode and any(value.selected for value in facet.values):
        parameter = BY_NAME[facet.name].mode_parameter
        modes = [(mode, MODE_LABELS[mode], _url(state, {parameter: mode}, drop={parameter}))
                 for mode in (ALL, ANY)]
    return {"name": facet.name, "label": facet.label, "values": values, "mode": facet.mode, "modes": modes}


def _any_people_url(results: SearchResults, state: list[tuple[str, str]]) -> str:
    """When several people are chosen, all of them, and nothing is found: the search for any of them."""
    if results.total or results.modes.get("people") != ALL or len(results.filters.get("people", [])) < 2:
        return ""
    parameter = BY_NAME["people"].mode_parameter
    return _url(state, {parameter: ANY}, drop={parameter})


def _url(state: list[tuple[str, str]], extra: dict, drop: set[str] | frozenset[str] = frozenset()) -> str:
    """The search URL for `state` plus `extra`; any change of state starts again at page 1."""
    pairs = [(k, v) for k, v in state if k not in drop] + list(extra.items())
    return "/search?" + urlencode(pairs)
