"""Atom feeds of newly published documents: the whole archive's, a person's, an organization's, a
place's, a topic's and a search's, each the FEED_SIZE documents published last, newest first
(records.publication stamps when each became published).

A page with a feed (a route named `<page>-atom`) links to it in its head and its footer (feed_url).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.feedgenerator import Atom1Feed

from archivist.interop.oai.formats import xml_text
from archivist.records.models import Authority, Document, Link, MergedAuthority
from archivist.search.facets import FACETS
from archivist.search.service import search
from archivist.web.links import BROWSE_PATHS, authority_url

FEED_SIZE = 50
FEED_KINDS = ("person", "organization", "place", "topic")
# A search's feed looks for its matches among the documents published last, a batch at a time: a feed
# tells what is new, and the walk stays a few index look-ups however large the archive.
SEARCH_BATCH = 250
SEARCH_BATCHES = 8
MODE_FACETS = tuple(facet for facet in FACETS if facet.default_mode)


@dataclass
class Channel:
    title: str
    page: str  # the address of the page the feed follows, with its query
    documents: list[Document]


def newest_published() -> QuerySet[Document]:
    return (Document.objects.filter(status=Document.Status.PUBLISHED, published_at__isnull=False)
            .order_by("-published_at", "-pk")
            .only("record_id", "title", "summary", "date_display", "modified", "published_at"))


class NewlyPublished(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, channel: Channel) -> Channel:
        return channel

    # Texts pass xml_text: the admin's forms let a control character through (a vertical tab pasted from
    # a word processor), and Django's feed writer refuses the whole feed for one.
    def title(self, channel: Channel) -> str:
        return xml_text(f"{channel.title}: newly published documents · {settings.SITE_NAME}")

    def subtitle(self, channel: Channel) -> str:
        return f"The {FEED_SIZE} documents published last, newest first."

    def link(self, channel: Channel) -> str:
        return f"{settings.BASE_URL}{channel.page}"

    def feed_url(self, channel: Channel) -> str:
        return f"{settings.BASE_URL}{_feed_address(channel.page)}"

    def feed_guid(self, channel: Channel) -> str:
        return self.feed_url(channel)  # the feed's own address: the archive's is not its home page

    def author_name(self) -> str:
        return settings.SITE_NAME

    def items(self, channel: Channel) -> list[Document]:
        return channel.documents

    def item_title(self, document: Document) -> str:
        return xml_text(document.title)

    def item_description(self, document: Document) -> str:
        return xml_text(" ".join(part for part in (document.date_display, document.summary) if part))

    def item_link(self, document: Document) -> str:
        return f"{settings.BASE_URL}/documents/{document.record_id}"

    def item_pubdate(self, document: Document):
        return document.published_at

    def item_updateddate(self, document: Document):
        return max(document.modified, document.published_at)


_feed = NewlyPublished()


def _feed_address(page: str) -> str:
    address, _, query = page.partition("?")
    return ("/feed" if address == "/" else address) + ".atom" + (f"?{query}" if query else "")


def archive_feed(request: HttpRequest) -> HttpResponse:
    """/feed.atom: the documents published last in the whole archive."""
    return _feed(request, channel=Channel("All documents", "/", list(newest_published()[:FEED_SIZE])))


def authority_feed(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The documents published last that visibly name the record; 404 when none does, as its page."""
    authority, merged = Authority.objects.filter(kind=kind, key=key).first(), None
    if authority is None:
        merged = MergedAuthority.objects.filter(kind=kind, key=key).select_related("authority").first()
        if merged is None or merged.authority.kind not in FEED_KINDS:
            raise Http404("No such record")
        authority = merged.authority
    named = Link.objects.filter(document=OuterRef("pk"), authority=authority, status__in=Link.VISIBLE)
    documents = list(newest_published().filter(Exists(named))[:FEED_SIZE])
    if not documents:  # a record named only by unpublished documents is not public, nor where one redirects
        raise Http404("No such record")
    if merged is not None:
        return HttpResponsePermanentRedirect(f"{authority_url(authority)}.atom")
    return _feed(request, channel=Channel(authority.display_name, authority_url(authority), documents))


def search_feed(request: HttpRequest) -> HttpResponse:
    """/search.atom with the query and filters of /search: the newest published documents it finds."""
    params = request.GET
    documents: list[Document] = []
    newest = newest_published()
    for batch in range(SEARCH_BATCHES):
        candidates = list(newest[batch * SEARCH_BATCH:(batch + 1) * SEARCH_BATCH])
        if not candidates:
            break
        found = search(params.get("q", ""), filters={f.name: params.getlist(f.name) for f in FACETS},
                       date_from=params.get("from", ""), date_to=params.get("to", ""),
                       modes={f.name: params.get(f.mode_parameter, "") for f in MODE_FACETS},
                       per_page=SEARCH_BATCH, with_facets=False, among=[d.record_id for d in candidates])
        matched = {hit.record_id for hit in found.hits}
        documents += [document for document in candidates if document.record_id in matched]
        if len(documents) >= FEED_SIZE:
            break
    q = params.get("q", "").strip()
    title = f"Search “{q}”" if q else "Search"
    return _feed(request, channel=Channel(title, "/search" + _search_state(request), documents[:FEED_SIZE]))


def feed_urls() -> list:
    """The feeds' routes, each named after its page's route with -atom; before the pages' own routes,
    whose keys would take the .atom."""
    return [path("feed.atom", archive_feed, name="home-atom"),
            path("search.atom", search_feed, name="search-atom"),
            *(path(f"{BROWSE_PATHS[kind]}/<str:key>.atom", authority_feed, {"kind": kind},
                   name=f"{kind}-atom") for kind in FEED_KINDS)]


def feed_url(request: HttpRequest) -> str:
    """The address of the page's feed, for its <link rel="alternate">; empty for a page without one.
    A search's keeps its query and filters (not its page or sort)."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return ""
    try:
        address = reverse(f"{match.url_name}-atom", kwargs=match.kwargs)
    except NoReverseMatch:
        return ""
    return address + (_search_state(request) if match.url_name == "search" else "")


def _search_state(request: HttpRequest) -> str:
    """The query string of a search's words and filters (not its page or sort), with its ?; empty when
    it has none."""
    state = [(key, value) for key, values in request.GET.lists() if key not in ("page", "sort")
             for value in values if value]
    return f"?{urlencode(state)}" if state else ""
