"""What the public pages show of scans: a document's Scans section (its pages, the viewer's manifest, the
downloads) and the thumbnail of a document's first page in lists, each list's in one query."""

from __future__ import annotations

from collections.abc import Iterable

from csp.utils import build_policy
from django.db.models import OuterRef, Subquery

from archivist.interop.iiif.urls_for import (
    THUMBNAIL_WIDTH,
    image_path,
    offered_size,
    page_image_url,
    thumbnail_url,
)
from archivist.records.models import Attachment, Document
from archivist.scans.models import Page
from archivist.scans.tiles import SIZE_WIDTHS

# The page image a thumbnail links to without the viewer: the width written for reading on a screen.
READING_WIDTH = SIZE_WIDTHS[1]
# What Mirador needs beyond the site's policy, on the pages that show it and nowhere else: images from
# data: URLs (its placeholder while a thumbnail loads), and empty <style> elements, which emotion (MUI's
# styling) adds and then fills through the CSSOM, which the policy does not govern. The hash is the empty
# string's: it admits an empty style element and nothing that carries a rule; no 'unsafe-inline' and no
# 'unsafe-eval'.
VIEWER_POLICY = {"img-src": ["data:"], "style-src": ["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]}


def viewer_headers() -> dict[str, str]:
    """The Content-Security-Policy of a page showing the viewer: the site's, with what Mirador needs."""
    return {"Content-Security-Policy": build_policy(update=VIEWER_POLICY)}


def scans_section(document: Document, attachments: Iterable[Attachment]) -> dict | None:
    """The document's pages (thumbnail and larger image), scan files and viewer addresses; None without."""
    scans = [a for a in attachments if a.kind == "scan"]
    pages = scans and list(Page.objects.filter(document=document).order_by("number")
                           .only("number", "width", "height", "document_id"))
    if not pages:
        return None
    for page in pages:
        page.document = document  # the addresses name the record ID: no query per page for it
    record = f"/documents/{document.record_id}"
    return {
        "pages": [{"number": page.number, "thumbnail": thumbnail_url(page),
                   "thumbnail_size": offered_size(page.width, page.height, THUMBNAIL_WIDTH),
                   "image": page_image_url(page, READING_WIDTH)} for page in pages],
        "files": [{"href": f"{record}/files/{a.position}", "label": a.label or a.filename,
                   "language": a.language, "text_kind": a.text_kind, "size": a.size}
                  for a in scans if a.path],
        "manifest": f"{record}/manifest.json",
        "pdf": f"{record}/scans.pdf",
    }


def first_page_size() -> dict[str, Subquery]:
    """Annotations giving each document of a query its first scanned page's size (None without scans),
    so that a list's thumbnails cost no query of their own."""
    first = Page.objects.filter(document=OuterRef("pk"), number=1)
    return {"first_page_width": Subquery(first.values("width")[:1]),
            "first_page_height": Subquery(first.values("height")[:1])}


def with_thumbnails(documents: list[Document]) -> list[Document]:
    """The documents (annotated with first_page_size), each given `thumbnail` as `thumbnails` gives it."""
    for document in documents:
        document.thumbnail = _thumbnail(document.record_id, document.first_page_width,
                                        document.first_page_height)
    return documents


def thumbnails(record_ids: Iterable[str]) -> dict[str, dict]:
    """The thumbnail (url, width, height) of each published document's first page, by record ID."""
    pages = Page.objects.filter(number=1, document__record_id__in=list(record_ids),
                                document__status=Document.Status.PUBLISHED)
    return {record_id: _thumbnail(record_id, width, height)
            for record_id, width, height in pages.values_list("document__record_id", "width", "height")}


def _thumbnail(record_id: str, width: int | None, height: int | None) -> dict | None:
    if width is None or height is None:
        return None
    shown = offered_size(width, height, THUMBNAIL_WIDTH)
    return {"url": image_path(record_id, 1, width, height, THUMBNAIL_WIDTH), "width": shown[0],
            "height": shown[1]}
