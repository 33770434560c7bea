"""The addresses of a document's IIIF resources. Images' are paths on this site (for its own pages);
the manifest's identifiers are absolute, from ARCHIVIST_BASE_URL like the site's other permanent URLs."""

from __future__ import annotations

from django.conf import settings

from archivist.scans.tiles import SIZE_WIDTHS, full_sizes, size_name

THUMBNAIL_WIDTH = SIZE_WIDTHS[0]


def image_service(record_id: str, number: int) -> str:
    """The page's Image API service, absolute (its info.json's id)."""
    return f"{settings.BASE_URL}/iiif/3/{record_id}/{number}"


def manifest(record_id: str) -> str:
    return f"{settings.BASE_URL}/documents/{record_id}/manifest.json"


def canvas(record_id: str, number: int) -> str:
    return f"{settings.BASE_URL}/documents/{record_id}/canvas/{number}"


def search(record_id: str, version: int = 2) -> str:
    """The document's Content Search service: 2.0, or the 1.0 form that Mirador reads."""
    return f"{settings.BASE_URL}/iiif/{'search' if version == 2 else 'search1'}/{record_id}"


def offered_size(width: int, height: int, wanted_width: int) -> tuple[int, int]:
    """Of the whole-page sizes written, the narrowest at least as wide as wanted (else the full size)."""
    sizes = full_sizes(width, height)
    return next((size for size in sizes if size[0] >= wanted_width), sizes[-1])


def image_path(record_id: str, number: int, width: int, height: int, wanted_width: int) -> str:
    """The site path of a whole-page image of about the wanted width."""
    size = size_name(offered_size(width, height, wanted_width), width, height)
    return f"/iiif/3/{record_id}/{number}/full/{size}/0/default.jpg"


def page_image_url(page, width: int) -> str:
    """The site path of the page's image at the offered width nearest above the one wanted."""
    return image_path(page.document.record_id, page.number, page.width, page.height, width)


def thumbnail_url(page) -> str:
    """The site path of the page's thumbnail (about 200 px wide)."""
    return page_image_url(page, THUMBNAIL_WIDTH)
