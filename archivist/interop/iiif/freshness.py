"""Keys for what is built from a document's pages (its manifest, its pages' words for search), so that
a public request does not pay again for the same work: a key changes whenever the document or any of
its pages does (an OCR run, a page attached or removed)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max

from archivist.records.models import Document
from archivist.scans.models import Page


def pages_key(document: Document, what: str) -> str:
    """A cache key for `what` built from the document and its pages, as they are now."""
    latest = Page.objects.filter(document=document).aggregate(updated=Max("updated"), count=Count("id"))
    stamp = latest["updated"].isoformat() if latest["updated"] else ""
    return (f"iiif:{what}:{document.pk}:{document.modified.isoformat()}:{stamp}:{latest['count']}:"
            f"{settings.BASE_URL}")
