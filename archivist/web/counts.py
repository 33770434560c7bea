"""Keeping the browse counts (web.models) in step with the archive, and reading them.

A rebuild runs when the outbox has moved on since the last one; each page request only compares two
integers, so browse pages stay fast whatever the size of the archive.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from archivist.records.models import Change, Document, Link
from archivist.web.models import AuthorityCount, CountState, MonthCount


def latest_change() -> Change | None:
    return Change.objects.order_by("-id").only("id", "at").first()


def last_modified() -> dt.datetime | None:
    """When the archive last changed: for Last-Modified headers of pages that list documents."""
    change = latest_change()
    return change.at if change else None


def ensure_fresh() -> CountState:
    """The count state, after rebuilding the counts if documents changed since they were made."""
    change = latest_change()
    wanted = change.id if change else 0
    state = CountState.objects.filter(pk=1).first()
    if state is None or state.change_id != wanted:
        state = rebuild(wanted)
    return state


@transaction.atomic
def rebuild(change_id: int) -> CountState:
    """Count published documents per authority record and per month, from scratch."""
    published = Document.objects.filter(status=Document.Status.PUBLISHED)
    per_authority = (Link.objects.filter(status__in=Link.VISIBLE, document__in=published)
                     .values("authority_id").annotate(n=Count("document_id", distinct=True)))
    AuthorityCount.objects.all().delete()
    AuthorityCount.objects.bulk_create(
        (AuthorityCount(authority_id=row["authority_id"], documents=row["n"]) for row in per_authority),
        batch_size=5000)
    per_month = (published.filter(date_earliest__isnull=False)
                 .annotate(year=ExtractYear("date_earliest"), month=ExtractMonth("date_earliest"))
                 .values("year", "month").annotate(n=Count("id")).order_by())
    MonthCount.objects.all().delete()
    MonthCount.objects.bulk_create(MonthCount(year=row["year"], month=row["month"], documents=row["n"])
                                   for row in per_month)
    state, _ = CountState.objects.update_or_create(
        pk=1, defaults={"change_id": change_id,
                        "undated": published.filter(date_earliest__isnull=True).count()})
    return state


def documents_of(authority_id: int) -> int:
    return (AuthorityCount.objects.filter(authority_id=authority_id)
            .values_list("documents", flat=True).first() or 0)
