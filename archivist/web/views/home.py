"""The home page: what the archive holds and the ways into it."""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpRequest

from archivist.records.models import AuthorityKind
from archivist.web import counts
from archivist.web.links import authority_url
from archivist.web.models import AuthorityCount, MonthCount
from archivist.web.pages import Page

FEATURED_TOPICS = 8


def home(request: HttpRequest) -> Page:
    state = counts.ensure_fresh()
    dated = MonthCount.objects.aggregate(total=Sum("documents"))["total"] or 0
    topics = [{"name": c.authority.sort_name, "url": authority_url(c.authority),
               "description": c.authority.description, "documents": c.documents}
              for c in AuthorityCount.objects.filter(authority__kind=AuthorityKind.TOPIC)
              .select_related("authority").order_by("-documents")[:FEATURED_TOPICS]]
    years = MonthCount.objects.order_by("year").values_list("year", flat=True)
    span = (years.first(), years.last()) if dated else None
    data = {"documents": dated + state.undated, "span": span, "topics": topics}
    return Page("archivist/home.html", data, data, last_modified=counts.last_modified())
