"""The archive's own citation style, as on the Wilson Center Digital Archive's document pages."""

from __future__ import annotations

from django.conf import settings

from archivist.records.models import Document


def permanent_url(document: Document) -> str:
    """Where the document lives for good: its first online home, or this archive's page."""
    return document.url or f"{settings.BASE_URL}/documents/{document.record_id}"


def publisher(document: Document) -> str:
    return document.publisher or settings.SITE_NAME


def archive_citation(document: Document) -> str:
    """'"Title", Date, Publisher, Source. URL' — the form of the reference record's citation."""
    parts = [f'"{document.title}"', document.date_display or "undated", publisher(document)]
    if document.source:
        parts.append(document.source)
    return f"{', '.join(parts)} {permanent_url(document)}"
