"""The pictures of a search (/timeline, /map, /network) and their JSON twins: the search page's query
string in, archivist.pictures' data out; the page shows it as a drawing and as a table. A unit or
limit they cannot read is a 400 (archivist.pictures.scope.BadRequest)."""

from __future__ import annotations

from collections.abc import Callable

from csp.utils import build_policy
from django.http import HttpRequest

from archivist.pictures import network, places, timeline
from archivist.pictures.scope import Scope, chosen, limit
from archivist.web.pages import Page


def timeline_page(request: HttpRequest) -> Page:
    """Documents of the search per decade, year, month or day, and the dates their texts mention."""
    scope = Scope.from_query(request.GET)
    return _page("timeline", scope, lambda: timeline.for_search(scope, request.GET.get("unit", "")))


def map_page(request: HttpRequest) -> Page:
    """The places of the search's documents, on a map where they have coordinates."""
    scope = Scope.from_query(request.GET)
    return _page("map", scope, lambda: places.for_search(
        scope, limit(request.GET.get("limit", ""), places.MAX_PLACES)))


def network_page(request: HttpRequest) -> Page:
    """The people with most documents in the search, who appears with whom and who wrote to whom."""
    scope = Scope.from_query(request.GET)
    return _page("network", scope, lambda: network.for_search(
        scope, limit(request.GET.get("limit", ""), network.MAX_PEOPLE)))


def _page(name: str, scope: Scope, make: Callable[[], dict]) -> Page:
    """The picture's page and twin; a parameter it cannot read raises scope.BadRequest (a 400)."""
    picture = make()
    return Page(f"archivist/pictures/{name}.html", {"picture": picture, "chosen": chosen(scope)}, picture,
                headers={"Content-Security-Policy": _policy_saving_png()})


def _policy_saving_png() -> str:
    """The site's Content-Security-Policy with images from blob: addresses: a picture is saved as PNG by
    drawing an image of its SVG (a blob: address made by the page's own script) on a canvas."""
    return build_policy(update={"img-src": ["blob:"]})
