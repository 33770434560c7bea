"""Every page and its JSON twin, chosen in one place: the route helper `twin` and the `Page` a view returns.

A view returns a Page (template, context and the data of its JSON twin); `twin` routes both
`route` and `route.json` to it, and also answers JSON when the request's Accept header prefers it.
HTML responses point to their twin with a `Link: rel="alternate"` header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import http_date

from archivist.web.feeds import feed_url

JSON = "application/json"


@dataclass
class Page:
    template: str
    context: dict[str, Any]
    data: dict[str, Any] | Callable[[], dict[str, Any]]  # a callable is only called for JSON
    last_modified: dt.datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Other representations of the page by media type, chosen by the Accept header alone (a
    # document's citation as RIS, BibTeX or CSL-JSON): made only when asked for.
    alternates: dict[str, Callable[[], HttpResponse]] = field(default_factory=dict)


View = Callable[..., Page]


class Moved(Exception):  # noqa: N818 - a page's answer, not an error
    """Raised by a view whose page lives at another address now (a merged record's): a 301 there,
    to the JSON twin for a .json request."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def twin(route: str, view: View, name: str) -> list[URLPattern]:
    """The HTML page at `route` and its JSON twin at `route.json` (the JSON route first, as it is longer)."""
    return [path(f"{route}.json", _responder(view, as_json=True), name=f"{name}-json"),
            path(route, _responder(view, as_json=False), name=name)]


def _responder(view: View, as_json: bool) -> Callable[..., HttpResponse]:
    def respond(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            page = view(request, **kwargs)
        except Moved as moved:
            query = request.META.get("QUERY_STRING", "")
            location = f"{moved.location}{'.json' if as_json else ''}{'?' + query if query else ''}"
            return HttpResponsePermanentRedirect(location)
        preferred = request.get_preferred_type(["text/html", JSON, *page.alternates])
        if not as_json and preferred in page.alternates:
            response = page.alternates[preferred]()
        elif as_json or preferred == JSON:
            data = page.data() if callable(page.data) else page.data
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        else:
            twin_url = json_url(request)
            response = render(request, page.template,
                              {**page.context, "json_url": twin_url, "feed_url": feed_url(request)})
            response["Link"] = f'<{twin_url}>; rel="alternate"; type="{JSON}"'
        if not as_json:
            response["Vary"] = "Accept"
        if page.last_modified is not None:
            response["Last-Modified"] = http_date(page.last_modified.timestamp())
        for header, value in page.headers.items():
            response[header] = value
        return response

    return respond


def json_url(request: HttpRequest) -> str:
    """The JSON twin's address: the path with .json, keeping the query string."""
    base = request.path.rstrip("/")
    query = request.META.get("QUERY_STRING", "")
    return (f"{base}.json" if base else "/.json") + (f"?{query}" if query else "")
