"""Template filters for scans in lists."""

from django import template

register = template.Library()


@register.filter
def thumbnail_of(thumbnails: dict[str, dict], record_id: str) -> dict | None:
    """The thumbnail of a document's first page from archivist.web.scans.thumbnails, if it has scans."""
    return thumbnails.get(record_id)
