"""What is built from a document's pages (its manifest, its pages' words for search) is kept in the
"iiif" cache, so that a public request does not pay again for the same work. A key changes whenever the
document or any of its pages does (an OCR run, a page attached or removed). The cache is each process's
memory with few entries (settings.CACHES); one entry is at most MAX_ENTRY_BYTES, so that what a crawler
asking for every long document can fill is bounded (32 entries of 4 MB)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max

from archivist.records.models import Document
from archivist.scans.models import Page

MAX_ENTRY_BYTES = 4 * 1024 * 1024
Built = TypeVar("Built")


def pages_key(document: Document, what: str) -> str:
    """A cache key for `what` built from the document and its pages, as they are now."""
    latest = Page.objects.filter(document=document).aggregate(updated=Max("updated"), count=Count("id"))
    stamp = latest["updated"].isoformat() if latest["updated"] else ""
    return (f"iiif:{what}:{document.pk}:{document.modified.isoformat()}:{stamp}:{latest['count']}:"
            f"{settings.BASE_URL}")


def kept(key: str, build: Callable[[], Built], seconds: int) -> Built:
    """The value kept under the key, else built (and kept when it is not too large)."""
    cache = caches["iiif"]
    stored = cache.get(key)
    if stored is not None:
        return pickle.loads(stored)  # written below by this process, never from outside
    value = build()
    serialized = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(serialized) <= MAX_ENTRY_BYTES:
        cache.set(key, serialized, seconds)
    return value
