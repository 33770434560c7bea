"""The archive's own citation style, as on the Wilson Center Digital Archive's document pages."""

from __future__ import annotations

import re

from django.conf import settings

from archivist.records.models import Document


def permanent_url(document: Document) -> str:
    """Where the document lives for good: its first online home, or this archive's page."""
    return document.url or f"{settings.BASE_URL}/documents/{document.record_id}"


def publisher(document: Document) -> str:
    return document.publisher or settings.SITE_NAME


# A sentence ends at one of these, perhaps followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def archive_citation(document: Document) -> str:
    """'"Title", Date, Publisher, Source. URL' — the form of the reference record's citation: the full
    stop before the URL is the source's own when it ends a sentence, else added."""
    parts = [f'"{document.title}"', document.date_display or "undated", publisher(document)]
    if document.source.strip():
        parts.append(document.source.strip())
    cited = ", ".join(parts)
    if not _SENTENCE_END.search(cited):
        cited += "."
    return f"{cited} {permanent_url(document)}"
