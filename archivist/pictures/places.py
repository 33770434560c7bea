"""The map of a search: the places linked to its documents, with how many of them each, and where each
is (the place records' coordinates); the places without coordinates are listed apart."""

from __future__ import annotations

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


def by_keys(kind: str, keys: list[str], columns: tuple[str, ...], checked: bool) -> list[tuple]:
    """`columns` of the records of `kind` among `keys`; unless `checked`, only the public ones. Checked
    keys (the usual case) are read in plain SQL: the ORM spends 10 µs preparing each value of an IN
    list, 30 ms for a map of 3,000 places."""
    from django.db import connection

    from archivist.records.models import Authority

    found: list[tuple] = []
    for start in range(0, len(keys), 500):  # SQLite's limit on a query's parameters
        chunk = keys[start:start + 500]
        if not checked:
            found += Authority.objects.filter(public(), kind=kind, key__in=chunk).values_list(*columns)
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {Authority._meta.db_table} "
                           f"WHERE kind = %s AND key IN ({', '.join(['%s'] * len(chunk))})", [kind, *chunk])
            found += cursor.fetchall()
    return found


def public():
    """The condition of a record the public site names: visibly linked to a published document."""
    from django.db.models import Exists, OuterRef

    from archivist.records.models import Document, Link

    return Exists(Link.objects.filter(authority=OuterRef("pk"), status__in=Link.VISIBLE,
                                      document__status=Document.Status.PUBLISHED))
