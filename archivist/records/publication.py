"""What publication means beyond a document's status: when each document last became published
(Document.published_at), for the feeds of newly published documents, and which authority records the
public site may name (publicly_named).

Documents become published by many paths (imports, the admin, `archivist publish`, the end of an
embargo, a restored version), and each writes the outbox; so the time is stamped where the outbox is
followed (web.counts.ensure_fresh, within a second under `archivist serve`), not on each path. A
document that leaves published loses its time, and gets a new one when it is published again.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from archivist.records.models import Document, Link


def stamp_publication_times(now: dt.datetime | None = None) -> None:
    """Give published documents without a time `now`, and take it from those no longer published.

    Each is read first (from the (status, published_at) index): on SQLite an UPDATE takes the write
    lock even when it changes nothing, and this runs every second.
    """
    published = Document.Status.PUBLISHED
    unstamped = Document.objects.filter(status=published, published_at__isnull=True)
    if unstamped.exists():
        unstamped.update(published_at=now or timezone.now())
    withdrawn = Document.objects.exclude(status=published).filter(published_at__isnull=False)
    if withdrawn.exists():
        withdrawn.update(published_at=None)


def publicly_named() -> Exists:
    """The condition of an authority record the public site names: visibly linked to a published document."""
    return Exists(Link.objects.filter(authority=OuterRef("pk"), status__in=Link.VISIBLE,
                                      document__status=Document.Status.PUBLISHED))
