"""Embargoes: a restricted document that is published by itself on a given day.

A curator restricts a document until a day (`restrict_until`); from that day the server's outbox
worker (archivist.serving) publishes it (`release_due`), and the history says so. Until then the
document is restricted like any other, so no public surface shows it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from archivist.curation.history import add_documents, recorded
from archivist.records.models import Change, Document
from archivist.records.recordformat import RecordError


def restrict_until(record_id: str, day: datetime.date) -> None:
    """Restrict the document and publish it on `day`, which must be after today.

    Joins the caller's `recorded()` revision when there is one; otherwise records its own.
    """
    if day <= timezone.localdate():
        raise RecordError("embargoed_until", f"{day.isoformat()} is not after today: "
                                             "an embargo ends on a day to come")
    with recorded(f"restricted until {day.isoformat()}"):
        updated = Document.objects.filter(record_id=record_id).update(
            status=Document.Status.RESTRICTED, embargoed_until=day)
        if not updated:
            raise RecordError("record_id", f"no document {record_id!r}")
        Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
        add_documents(Document.objects.filter(record_id=record_id).values_list("pk", flat=True))


def release_due(today: datetime.date | None = None) -> list[str]:
    """Publish every restricted document whose embargo ends on or before `today`; their record IDs.

    One revision per day of ending, so that the history says which embargo ended.
    """
    today = today or timezone.localdate()
    due = Document.objects.filter(status=Document.Status.RESTRICTED, embargoed_until__lte=today)
    released = []
    for day in sorted(set(due.values_list("embargoed_until", flat=True))):
        with recorded(f"embargo ended on {day.isoformat()}: published by the background worker"):
            # Read again inside the transaction: a curator may have changed one meanwhile.
            documents = dict(_restricted().filter(embargoed_until=day).values_list("pk", "record_id"))
            Document.objects.filter(pk__in=documents).update(
                status=Document.Status.PUBLISHED, embargoed_until=None,
                modified=timezone.now())
            Change.objects.bulk_create(Change(record_id=record_id, action=Change.Action.UPSERT)
                                       for record_id in documents.values())
            add_documents(documents)
        released += sorted(documents.values())
    return released


def _restricted():
    """Restricted documents, locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
    return Document.objects.select_for_update().filter(status=Document.Status.RESTRICTED)

