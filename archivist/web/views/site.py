"""What crawlers read: robots.txt and the sitemaps of published documents and of the authority records
the site names."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from archivist.web import counts
from archivist.web.links import BROWSE_PATHS
from archivist.web.views.documents import published_documents

SITEMAP_SIZE = 50_000  # the protocol's limit of URLs per sitemap file
SITEMAPS = 50_000  # and of sitemap files per index: the pages past it are never listed
LIVE_CHECK_CHUNK = 5000  # record ids a query names: below SQLite's limit on a query's parameters


def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /curate/", "Disallow: /search", "",
             f"Sitemap: {settings.BASE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of sitemap files: one per SITEMAP_SIZE published documents, then one per SITEMAP_SIZE
    authority records the site names (those whose pages do not answer 404)."""
    documents = max(1, -(-published_documents().count() // SITEMAP_SIZE))
    records = -(-counts.listed_authorities().count() // SITEMAP_SIZE)
    urls = [f"{settings.BASE_URL}/sitemaps/{name}-{n}.xml"
            for name, pages in (("documents", documents), ("records", records)) for n in range(1, pages + 1)]
    return _xml("archivist/sitemap_index.xml", {"sitemaps": urls})


def sitemap_page(request: HttpRequest, number: int) -> HttpResponse:
    """Published documents in record order, keyed on the primary key so late pages are as fast as early."""
    rows = _page(published_documents(), number).values_list("record_id", "modified")
    return _xml("archivist/sitemap.xml", {"entries": [
        {"loc": f"{settings.BASE_URL}/documents/{record_id}", "lastmod": modified.date().isoformat()}
        for record_id, modified in rows]})


def records_sitemap_page(request: HttpRequest, number: int) -> HttpResponse:
    """The pages of the authority records the site names, in record order, as the documents'."""
    rows = _still_listed(list(_page(counts.listed_authorities(), number).values_list("pk", "kind", "key")))
    return _xml("archivist/sitemap.xml", {"entries": [
        {"loc": f"{settings.BASE_URL}/{BROWSE_PATHS[kind]}/{key}"} for _, kind, key in rows]})


def _still_listed(rows: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The rows whose pages show now: all of them, unless the count tables are behind the outbox, when
    each is checked as its page checks it (counts.live_listed)."""
    if not counts.state().behind:
        return rows
    by_kind: dict[str, list[int]] = defaultdict(list)
    for pk, kind, _ in rows:
        by_kind[kind].append(pk)
    listed: set[int] = set()
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), LIVE_CHECK_CHUNK):
            listed |= counts.live_listed(kind, ids[start:start + LIVE_CHECK_CHUNK])
    return [row for row in rows if row[0] in listed]


def _page(records: QuerySet, number: int) -> QuerySet:
    """The number-th SITEMAP_SIZE of the records by primary key, from the first key of that page on."""
    if not 1 <= number <= SITEMAPS:  # a larger number's offset could overflow the database's integers
        raise Http404("No such sitemap")
    ordered = records.order_by("pk")
    offset = (number - 1) * SITEMAP_SIZE
    first = ordered.values_list("pk", flat=True)[offset:offset + 1].first()
    if first is None:
        raise Http404("No such sitemap")
    return ordered.filter(pk__gte=first)[:SITEMAP_SIZE]


def _xml(template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), content_type="application/xml; charset=utf-8")
