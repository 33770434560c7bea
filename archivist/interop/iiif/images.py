"""Image API 3, level 0: a page's info.json and its image files, found by exact lookup among the files
archivist.scans.tiles wrote. Only published documents' pages are found."""

from __future__ import annotations

import json
import re
from pathlib import Path

from archivist.interop.iiif import urls_for
from archivist.records.models import Document
from archivist.scans.models import Page
from archivist.scans.tiles import INFO_FILE, page_directory

CONTEXT = "http://iiif.io/api/image/3/context.json"
# Each segment of an image request, checked whole before it is used in a path. Anything else is malformed.
_REGION = re.compile(r"full|\d{1,6},\d{1,6},\d{1,6},\d{1,6}")
_SIZE = re.compile(r"max|\d{1,6},\d{1,6}|\d{1,6},")  # "w," as Image API 2 clients ask
_ROTATION = re.compile(r"0")
_QUALITY = re.compile(r"default\.jpg")
# Well formed in the Image API, but not offered by level 0 here: a 404, not a 400.
_VALID_ELSEWHERE = {
    "region": re.compile(r"full|square|pct:[\d.,]{1,40}|\d{1,9},\d{1,9},\d{1,9},\d{1,9}"),
    "size": re.compile(r"\^?(max|pct:[\d.]{1,20}|!?\d{0,9},\d{0,9})"),
    "rotation": re.compile(r"!?\d{1,3}(\.\d{1,9})?"),
    "quality": re.compile(r"(default|color|gray|bitonal)\.(jpg|png|tif|gif|jp2|pdf|webp)"),
}


class Malformed(ValueError):
    """An image request that is not an Image API request (a 400)."""


def published_page(record_id: str, number: int) -> Page | None:
    """The page of a published document, or None."""
    return (Page.objects.filter(document__record_id=record_id, document__status=Document.Status.PUBLISHED,
                                number=number).select_related("document").first())


def info(page: Page) -> dict | None:
    """The page's info.json, with its id from the base URL; None when its tiles were not written."""
    path = page_directory(page.document.record_id, page.number) / INFO_FILE
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return {"@context": CONTEXT, "id": urls_for.image_service(page.document.record_id, page.number),
            **written}


def image_file(page: Page, region: str, size: str, rotation: str, quality: str) -> Path | None:
    """The file answering an image request, or None when level 0 does not offer it; raises Malformed.
    The four segments are checked against strict patterns before any of them names a path."""
    segments = {"region": region, "size": size, "rotation": rotation, "quality": quality}
    for name, value in segments.items():
        if not _VALID_ELSEWHERE[name].fullmatch(value):
            raise Malformed(f"Invalid {name}: {value[:40]!r}")
    if not (_REGION.fullmatch(region) and _SIZE.fullmatch(size) and _ROTATION.fullmatch(rotation)
            and _QUALITY.fullmatch(quality)):
        return None
    region, size = _canonical(region, size, page.width, page.height)
    directory = page_directory(page.document.record_id, page.number) / region
    if size.endswith(","):
        size = _by_width(directory, size)
    path = directory / size / rotation / quality
    return path if size and path.is_file() else None


def _canonical(region: str, size: str, width: int, height: int) -> tuple[str, str]:
    """The whole page named by its box is "full"; its full size named "w,h" or "w," is "max" (Image API
    3, 4.7)."""
    if region == f"0,0,{width},{height}":
        region = "full"
    if region == "full" and size in (f"{width},{height}", f"{width},"):
        size = "max"
    return region, size


def _by_width(region_directory: Path, size: str) -> str:
    """The size written for the region with the width of "w," (its height as written), or ""."""
    try:
        written = [entry.name for entry in region_directory.iterdir()]
    except OSError:  # no such region written
        return ""
    return next((name for name in written if name.startswith(size) and name[len(size):].isdigit()), "")
