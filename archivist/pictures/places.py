"""The map of a search: the places linked to its documents, with how many of them each, and where each
is (the place records' coordinates); the places without coordinates are listed apart."""

from __future__ import annotations

from archivist.pictures.names import by_keys
from archivist.pictures.scope import Scope, count
from archivist.search.facets import top_values
from archivist.web.links import BROWSE_PATHS

FACET = "places"  # the search page's facet of places: values "place/KEY"
MAX_PLACES = 5000


def for_search(scope: Scope, limit: int = MAX_PLACES) -> dict:
    """The `limit` places with most documents in the search, each with its count, coordinates, the
    search narrowed to it and its page."""
    found = scope.found()
    total = count(found)
    picture = {"total": total, "places": [], "without_coordinates": [], "notices": found.notices}
    if found.query is None:
        return picture
    counted = [(value.split("/", 1)[1], n)
               for value, n in top_values(found.searcher, found.cache, found.query, FACET, limit, total)]
    records = public_places([key for key, _ in counted], checked=found.pending is None)
    narrowed = scope.narrowing("/search", FACET)
    for key, documents in counted:
        if key not in records:  # named by a link the database no longer shows (index behind)
            continue
        name, latitude, longitude = records[key]
        place = {"key": key, "name": name, "documents": documents, "search": narrowed(f"place/{key}"),
                 "url": f"/{BROWSE_PATHS['place']}/{key}"}
        if latitude is None or longitude is None:
            picture["without_coordinates"].append(place)
        else:
            picture["places"].append({**place, "latitude": latitude, "longitude": longitude})
    return picture


def public_places(keys: list[str], checked: bool) -> dict[str, tuple[str, float | None, float | None]]:
    """Name and coordinates of the place records among `keys` that the public site shows. Values the
    index counts are public when it holds every change (`checked`); else only those linked visibly to a
    published document now."""
    rows = by_keys("place", keys, ("key", "display_name", "latitude", "longitude"), checked)
    return {key: (name, latitude, longitude) for key, name, latitude, longitude in rows}

