"""IIIF Image API 3, level 0: each page's tiles and sizes written once, as JPEG files at exactly the paths
the Image API's URLs name (files/iiif/<record_id>/<number>/<region>/<size>/0/default.jpg), with the
info.json that lists them. Serving an image is then a lookup of a file: no request parameter is parsed
into an image operation, no CPU is spent per request, every answer can be cached, and any static server
could serve the directory (docs/scans.md, "IIIF")."""

from __future__ import annotations

import json
import math
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

from archivist.records.files import inside_files

TILE_SIZE = 512
# Widths of whole-page images besides the full size: a thumbnail for lists, and one for reading on a screen.
SIZE_WIDTHS = (200, 1000)
JPEG_QUALITY = 85
INFO_FILE = "info.json"


@dataclass(frozen=True)
class Tile:
    """One tile: its region of the full image in pixels, and its size once scaled down."""

    x: int
    y: int
    width: int
    height: int
    scale: int

    @property
    def size(self) -> tuple[int, int]:
        return math.ceil(self.width / self.scale), math.ceil(self.height / self.scale)


def tiles_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "iiif"


def page_directory(record_id: str, number: int) -> Path:
    """Where a page's tiles, sizes and info.json are, under the files directory."""
    return tiles_root() / record_id / str(number)


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4, ... until the whole image fits in one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) > TILE_SIZE or math.ceil(height / factors[-1]) > TILE_SIZE:
        factors.append(factors[-1] * 2)
    return factors


def tiles(width: int, height: int, scale: int) -> Iterator[Tile]:
    """The tiles of one scale factor, as a client computes them from info.json (Image API 3, appendix)."""
    step = TILE_SIZE * scale
    for y in range(0, height, step):
        for x in range(0, width, step):
            yield Tile(x, y, min(step, width - x), min(step, height - y), scale)


def full_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes of the whole page on offer, smallest first: each level of the pyramid (the full size is
    the first), a thumbnail and a reading width (never larger than the page). A viewer that does not
    tile a level-0 service (OpenSeadragon, in Mirador) builds its pyramid from these."""
    sizes = {(math.ceil(width / scale), math.ceil(height / scale)) for scale in scale_factors(width, height)}
    sizes |= {(wanted, max(1, round(height * wanted / width))) for wanted in SIZE_WIDTHS if wanted < width}
    return sorted(sizes)


def region_name(tile: Tile, width: int, height: int) -> str:
    """A tile's region as its URL names it: "full" when it is the whole image (as OpenSeadragon asks)."""
    if (tile.x, tile.y, tile.width, tile.height) == (0, 0, width, height):
        return "full"
    return f"{tile.x},{tile.y},{tile.width},{tile.height}"


def size_name(size: tuple[int, int], width: int, height: int) -> str:
    """A size in its canonical form (Image API 3, 4.7): "max" for the full size, else "w,h"."""
    return "max" if size == (width, height) else f"{size[0]},{size[1]}"


def image_info(width: int, height: int) -> dict:
    """The page's info.json without its "@context" and "id", which the server adds from its base URL."""
    return {
        "type": "ImageService3", "protocol": "http://iiif.io/api/image", "profile": "level0",
        "width": width, "height": height,
        "sizes": [{"width": w, "height": h} for w, h in full_sizes(width, height)],
        "tiles": [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": scale_factors(width, height)}],
    }


def make_tiles(page) -> None:
    """Write a stored page's tiles, sizes and info.json, replacing any it had; the new set appears whole
    (written aside, then moved in place). An image path leading out of the files directory is refused."""
    source = inside_files(page.image)
    if source is None:
        raise FileNotFoundError(f"page {page.number}: image {page.image!r} is not in the files directory")
    target = page_directory(page.document.record_id, page.number)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.parent / f".{page.number}.{uuid.uuid4().hex}"
    try:
        with Image.open(source) as opened:
            image = _displayable(opened)
        _write_all(image, building)
        remove_tiles(page)
        building.rename(target)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def remove_tiles(page_or_document) -> None:
    """Remove a page's tiles, or all pages' tiles of a document (given a Page or a Document)."""
    record_id = getattr(page_or_document, "record_id", None)
    if record_id is not None:
        shutil.rmtree(tiles_root() / record_id, ignore_errors=True)
    else:
        shutil.rmtree(page_directory(page_or_document.document.record_id, page_or_document.number),
                      ignore_errors=True)


def _displayable(image: Image.Image) -> Image.Image:
    """The image in a mode JPEG holds: grey stays grey (bitonal scans too, smoothed when scaled down)."""
    image.load()
    if image.mode in ("1", "L", "I;16", "I", "F"):
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:  # on white, as on paper
        flattened = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        flattened.paste(rgba, mask=rgba)
        return flattened
    return image.convert("RGB")


def _write_all(image: Image.Image, directory: Path) -> None:
    width, height = image.size
    level = image
    for scale in scale_factors(width, height):
        if scale > 1:  # each level halves the one before it
            level = level.resize((math.ceil(width / scale), math.ceil(height / scale)),
                                 Image.Resampling.LANCZOS)
        for tile in tiles(width, height, scale):
            left, top = tile.x // scale, tile.y // scale
            box = (left, top, left + tile.size[0], top + tile.size[1])
            _save(level.crop(box), directory / region_name(tile, width, height)
                  / size_name(tile.size, width, height))
        whole = directory / "full" / size_name(level.size, width, height)
        if not whole.exists():  # the top level is its own only tile
            _save(level, whole)
    for size in full_sizes(width, height):
        path = directory / "full" / size_name(size, width, height)
        if not path.exists():
            _save(image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), path)
    (directory / INFO_FILE).write_text(json.dumps(image_info(width, height)), encoding="utf-8")


def _save(image: Image.Image, size_directory: Path) -> None:
    folder = size_directory / "0"
    folder.mkdir(parents=True, exist_ok=True)
    image.save(folder / "default.jpg", "JPEG", quality=JPEG_QUALITY, optimize=True)
