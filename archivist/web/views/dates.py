"""The chronological browse: decades and years, the months of a year, the documents of a month.

Counts come from the count tables (web.counts). While those are behind the outbox, a year or month is
shown only if a document published now falls in it, and documents are always read as published now.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.http import Http404, HttpRequest

from archivist.records.dates import MONTHS
from archivist.web import counts
from archivist.web.links import search_url
from archivist.web.models import MonthCount
from archivist.web.pages import Page
from archivist.web.paging import paging
from archivist.web.scans import first_page_size, with_thumbnails
from archivist.web.views.browse import DOCUMENTS_PER_PAGE, document_entry
from archivist.web.views.documents import published_documents


def decades(request: HttpRequest) -> Page:
    """Every decade with its years and how many documents each holds."""
    tables = counts.state()
    years: dict[int, int] = defaultdict(int)
    for row in MonthCount.objects.values("year", "documents"):
        years[row["year"]] += row["documents"]
    if tables.behind:
        years = {year: n for year, n in years.items() if counts.published_in(year)}
    by_decade: dict[int, list[dict]] = defaultdict(list)
    for year in sorted(years):
        by_decade[year - year % 10].append({"year": year, "documents": years[year], "url": f"/dates/{year}"})
    entries = [{"decade": f"{decade}s", "documents": sum(y["documents"] for y in items), "years": items,
                "search_url": search_url(decade=decade)}
               for decade, items in sorted(by_decade.items())]
    undated = tables.state.undated
    data = {"title": "Documents by date", "decades": entries, "undated": undated}
    return Page("archivist/browse/decades.html", {"decades": entries, "undated": undated}, data,
                last_modified=tables.last_modified)


def year_page(request: HttpRequest, year: int) -> Page:
    """The months of one year with their counts."""
    tables = counts.state()
    rows = dict(MonthCount.objects.filter(year=year).values_list("month", "documents"))
    if tables.behind:
        rows = {month: n for month, n in rows.items() if counts.published_in(year, month)}
    if not rows:
        raise Http404("No documents that year")
    months = [{"month": m, "name": MONTHS[m - 1], "documents": rows.get(m, 0),
               "url": f"/dates/{year}/{m:02d}" if rows.get(m) else None} for m in range(1, 13)]
    data = {"year": year, "documents": sum(rows.values()), "months": months,
            "search_url": search_url(year=year)}
    context = {**data, "previous_year": _neighbour_year(tables, year, -1),
               "next_year": _neighbour_year(tables, year, 1)}
    return Page("archivist/browse/year.html", context, data, last_modified=tables.last_modified)


def _neighbour_year(tables: counts.Tables, year: int, step: int) -> int | None:
    others = (MonthCount.objects.filter(**{"year__lt" if step < 0 else "year__gt": year})
              .order_by("-year" if step < 0 else "year").values_list("year", flat=True))
    if not tables.behind:
        return others.first()
    return next((y for y in dict.fromkeys(others) if counts.published_in(y)), None)


def month_page(request: HttpRequest, year: int, month: int) -> Page:
    """The documents of one month, by date."""
    if not 1 <= month <= 12:
        raise Http404("No such month")
    tables = counts.state()
    total = MonthCount.objects.filter(year=year, month=month).values_list("documents", flat=True).first()
    if not total or (tables.behind and not counts.published_in(year, month)):
        raise Http404("No documents that month")
    pages = paging(request, total, DOCUMENTS_PER_PAGE)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    in_month = (published_documents().filter(date_earliest__range=(first, last))
                .only("record_id", "title", "date_display", "summary").annotate(**first_page_size())
                .order_by("date_earliest", "id"))
    documents = with_thumbnails(list(in_month[pages.offset:pages.offset + DOCUMENTS_PER_PAGE]))
    data = {"year": year, "month": month, "name": f"{MONTHS[month - 1]} {year}", **pages.as_json(),
            "search_url": search_url(**{"from": f"{year}-{month:02d}", "to": f"{year}-{month:02d}"}),
            "results": [document_entry(d) for d in documents]}
    context = {**data, "documents": documents, "pages": pages}
    return Page("archivist/browse/month.html", context, data, last_modified=tables.last_modified)
