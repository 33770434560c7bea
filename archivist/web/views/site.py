"""What crawlers read: robots.txt and the sitemaps of published documents."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from archivist.web.views.documents import published_documents

SITEMAP_SIZE = 50_000  # the protocol's limit of URLs per sitemap file
SITEMAPS = 50_000  # and of sitemap files per index: the pages past it are never listed


def robots(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /curate/", "Disallow: /search", "",
             f"Sitemap: {settings.BASE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of sitemap files, one per SITEMAP_SIZE published documents."""
    pages = max(1, -(-published_documents().count() // SITEMAP_SIZE))
    urls = [f"{settings.BASE_URL}/sitemaps/documents-{n}.xml" for n in range(1, pages + 1)]
    return _xml("archivist/sitemap_index.xml", {"sitemaps": urls})


def sitemap_page(request: HttpRequest, number: int) -> HttpResponse:
    """Published documents in record order, keyed on the primary key so late pages are as fast as early."""
    if not 1 <= number <= SITEMAPS:  # a larger number's offset could overflow the database's integers
        raise Http404("No such sitemap")
    documents = published_documents().order_by("pk").values_list("pk", "record_id", "modified")
    boundary = (published_documents().order_by("pk").values_list("pk", flat=True)
                [(number - 1) * SITEMAP_SIZE:(number - 1) * SITEMAP_SIZE + 1])
    first = boundary[0] if boundary else None
    if first is None:
        raise Http404("No such sitemap")
    entries = [{"loc": f"{settings.BASE_URL}/documents/{record_id}", "lastmod": modified.date().isoformat()}
               for _, record_id, modified in documents.filter(pk__gte=first)[:SITEMAP_SIZE]]
    return _xml("archivist/sitemap.xml", {"entries": entries})


def _xml(template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), content_type="application/xml; charset=utf-8")
