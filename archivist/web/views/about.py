"""The archive's own page, About, as its curators write it; and the archive's icon at /favicon.ico,
where browsers and feed readers look for it without reading the page."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import mark_safe

from archivist.web.models import AboutPage
from archivist.web.pages import Page

ICON = "archivist/favicon.ico"


def about(request: HttpRequest) -> Page:
    page = AboutPage.current()
    data = {"title": page.title, "body_html": page.body,
            "modified": page.modified.isoformat() if page.modified else None}
    # The body was sanitized when saved (AboutPage.save), as a text's HTML is on import.
    context = {"title": page.title, "body": mark_safe(page.body)}
    return Page("archivist/about.html", context, data, last_modified=page.modified)


def favicon(request: HttpRequest) -> HttpResponse:
    with open(finders.find(ICON), "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
