"""The home page: what the archive holds and the ways into it."""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpRequest

from archivist.records.models import AuthorityKind, Document
from archivist.web import counts
from archivist.web.links import authority_url
from archivist.web.models import AuthorityCount, MonthCount
from archivist.web.pages import Page

FEATURED_TOPICS = 8
RECENT = 8


def home(request: HttpRequest) -> Page:
    """Counts from the count tables; the featured topics checked against their links while those are
    behind the outbox (a topic whose documents were all just withdrawn is left out)."""
    tables = counts.state()
    dated = MonthCount.objects.aggregate(total=Sum("documents"))["total"] or 0
    featured = list(AuthorityCount.objects.filter(authority__kind=AuthorityKind.TOPIC)
                    .select_related("authority").order_by("-documents")[:FEATURED_TOPICS])
    if tables.behind:
        listed = counts.live_listed(AuthorityKind.TOPIC, [c.authority_id for c in featured])
        featured = [c for c in featured if c.authority_id in listed]
    topics = [{"name": c.authority.sort_name, "url": authority_url(c.authority),
               "description": c.authority.description, "documents": c.documents} for c in featured]
    years = MonthCount.objects.order_by("year").values_list("year", flat=True).distinct()
    span = (_first_shown(tables, years), _first_shown(tables, years.reverse())) if dated else None
    if span and None in span:  # behind, and none of the years counted holds a published document now
        span = None
    data = {"documents": dated + tables.state.undated, "span": span, "topics": topics,
            "recently_added": _recently_added(), "about_url": "/about"}
    return Page("archivist/home.html", data, data, last_modified=tables.last_modified)


def _recently_added() -> list[dict]:
    """The documents added last that are published now, newest first: by primary key, which grows as
    documents are added, so that the index finds them at once however large the archive."""
    documents = (Document.objects.filter(status=Document.Status.PUBLISHED).order_by("-pk")
                 .only("record_id", "title", "date_display", "created")[:RECENT])
    return [{"record_id": d.record_id, "title": d.title, "date": d.date_display,
             "added": d.created.date().isoformat(), "url": f"/documents/{d.record_id}"} for d in documents]


def _first_shown(tables: counts.Tables, years) -> int | None:
    """The first of the years counted, or while the tables are behind the first with a document
    published now."""
    if not tables.behind:
        return years.first()
    return next((year for year in years if counts.published_in(year)), None)
