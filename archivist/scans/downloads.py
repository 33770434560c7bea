"""The whole of a document's scans as one PDF, for download.

Made from the page images as they are stored: a JPEG's bytes and a plain PNG's compressed pixels go into
the PDF unchanged (PDF reads both), anything else is decoded and compressed again. Pages are written one
at a time, so memory holds one page however long the document is: img2pdf makes the same PDF but reads
every page into memory first, which a request for a document of a thousand pages must not do. The PDF
is kept under the files directory beside the document's scans and made again only when a page changes.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from archivist.records.files import inside_files
from archivist.records.models import Document
from archivist.scans.models import Page

# Where an image says nothing of its resolution, its pixels are taken as this many to the inch.
DEFAULT_DPI = 150
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COPY_CHUNK = 1 << 20
BYTE_ORDER_MARK = "\ufeff"


def document_pdf(document: Document) -> Path | None:
    """The document's pages as one PDF file (made now if its pages changed since), or None without pages."""
    pages = list(Page.objects.filter(document=document).order_by("number")
                 .only("number", "image", "updated"))
    if not pages:
        return None
    folder = inside_files(f"scans/{document.record_id}")
    if folder is None:
        return None
    stamp = hashlib.sha256("\n".join(f"{p.number} {p.image} {p.updated.isoformat()}" for p in pages)
                           .encode()).hexdigest()[:16]
    kept = folder / f"document-{stamp}.pdf"
    if kept.is_file():
        return kept
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a reader never sees half a file, two writers never mix theirs.
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".document-", suffix=".pdf", delete=False) as out:
        try:
            write_pdf(out, [_stored(page) for page in pages], title=document.title)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    os.replace(out.name, kept)
    for older in folder.glob("document-*.pdf"):
        if older != kept:
            older.unlink(missing_ok=True)
    return kept


def _stored(page: Page) -> Path:
    path = inside_files(page.image)
    if path is None or not path.is_file():
        raise FileNotFoundError(f"page {page.number}: image not stored ({page.image})")
    return path


@dataclass
class _Image:
    """One page image as the PDF holds it: its dictionary's entries and its stream, in pieces."""

    width: int
    height: int
    dpi: tuple[float, float]
    entries: str
    length: int
    data: Iterator[bytes]


def write_pdf(out: BinaryIO, images: list[Path], title: str = "") -> None:
    """A PDF with one page per image, each page the image's size at its resolution."""
    writer = _Writer(out)
    writer.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    kids = []
    for index, path in enumerate(images):
        page, image, content = 4 + 3 * index, 5 + 3 * index, 6 + 3 * index
        picture = _picture(path)
        width = picture.width * 72 / (picture.dpi[0] or DEFAULT_DPI)
        height = picture.height * 72 / (picture.dpi[1] or DEFAULT_DPI)
        size = f"/Width {picture.width} /Height {picture.height}"
        writer.stream(image, f"/Type /XObject /Subtype /Image {size} {picture.entries}", picture.length,
                      picture.data)
        drawing = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Page Do Q".encode()
        writer.stream(content, "", len(drawing), iter([drawing]))
        writer.object(page, f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
                            f"/Resources << /XObject << /Page {image} 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{page} 0 R")
    writer.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
    writer.object(2, f"<< /Type /Pages /Count {len(kids)} /Kids [{' '.join(kids)}] >>")
    named = (BYTE_ORDER_MARK + title).encode("utf-16-be").hex()  # any script, as PDF text strings allow
    writer.object(3, f"<< /Title <{named}> /Producer (Archivist) >>")
    writer.finish(root=1, info=3)


def _picture(path: Path) -> _Image:
    with Image.open(path) as image:
        dpi = tuple(float(d) for d in image.info.get("dpi", (0, 0)))
        if image.format == "JPEG" and image.mode in ("L", "RGB"):
            space = "/DeviceGray" if image.mode == "L" else "/DeviceRGB"
            return _Image(*image.size, dpi, f"/ColorSpace {space} /BitsPerComponent 8 /Filter /DCTDecode",
                          path.stat().st_size, _chunks(path))
        if image.format == "PNG":
            plain = _plain_png(path)
            if plain is not None:
                return _Image(*image.size, dpi, *plain)
        return _recompressed(image, dpi)


def _plain_png(path: Path) -> tuple[str, int, Iterator[bytes]] | None:
    """A non-interlaced grey or RGB PNG's compressed pixels, which PDF's Flate filter with PNG predictors
    reads as they are: (the image's entries, the length, the data), or None for any other PNG."""
    with path.open("rb") as png:
        png.read(len(PNG_SIGNATURE))
        parts, header = [], None
        while kind_and_size := png.read(8):
            size, kind = struct.unpack(">I4s", kind_and_size)
            if kind == b"IHDR":
                header = png.read(size)
                png.seek(4, os.SEEK_CUR)
                continue
            if kind == b"IDAT":
                parts.append((png.tell(), size))
            if kind == b"IEND":
                break
            png.seek(size + 4, os.SEEK_CUR)
    if header is None:
        return None
    width, _, depth, colour, _, _, interlaced = struct.unpack(">IIBBBBB", header)
    if interlaced or colour not in (0, 2) or depth not in ((1, 2, 4, 8) if colour == 0 else (8,)):
        return None
    colours, space = (1, "/DeviceGray") if colour == 0 else (3, "/DeviceRGB")
    entries = (f"/ColorSpace {space} /BitsPerComponent {depth} /Filter /FlateDecode /DecodeParms "
               f"<< /Predictor 15 /Colors {colours} /BitsPerComponent {depth} /Columns {width} >>")
    return entries, sum(size for _, size in parts), _pieces(path, parts)


def _recompressed(image: Image.Image, dpi: tuple) -> _Image:
    """Any other image: its pixels as grey, black and white, or RGB, compressed again."""
    mode = image.mode if image.mode in ("1", "L", "RGB") else ("L" if image.mode in ("LA", "I;16") else "RGB")
    pixels = zlib.compress(image.convert(mode).tobytes(), 6)
    space = "/DeviceRGB" if mode == "RGB" else "/DeviceGray"
    depth = 1 if mode == "1" else 8
    return _Image(*image.size, dpi, f"/ColorSpace {space} /BitsPerComponent {depth} /Filter /FlateDecode",
                  len(pixels), iter([pixels]))


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(COPY_CHUNK):
            yield chunk


def _pieces(path: Path, parts: list[tuple[int, int]]) -> Iterator[bytes]:
    with path.open("rb") as source:
        for start, size in parts:
            source.seek(start)
            while size > 0:
                chunk = source.read(min(size, COPY_CHUNK))
                if not chunk:
                    raise ValueError(f"{path}: PNG shorter than its chunks say")
                size -= len(chunk)
                yield chunk


class _Writer:
    """Writes a PDF's numbered objects as they come and their cross-reference table at the end."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.offset, self.offsets = out, 0, {}

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.offset += len(data)

    def object(self, number: int, body: str) -> None:
        self.offsets[number] = self.offset
        self.write(f"{number} 0 obj\n{body}\nendobj\n".encode())

    def stream(self, number: int, entries: str, length: int, data: Iterator[bytes]) -> None:
        self.offsets[number] = self.offset
        self.write(f"{number} 0 obj\n<< {entries} /Length {length} >>\nstream\n".encode())
        written = 0
        for chunk in data:
            written += len(chunk)
            self.write(chunk)
        if written != length:
            raise ValueError(f"object {number}: {written} bytes written, {length} announced")
        self.write(b"\nendstream\nendobj\n")

    def finish(self, root: int, info: int) -> None:
        start, count = self.offset, max(self.offsets) + 1
        rows = [b"0000000000 65535 f \n"] + [f"{self.offsets[n]:010d} 00000 n \n".encode()
                                            for n in range(1, count)]
        self.write(f"xref\n0 {count}\n".encode() + b"".join(rows))
        self.write(f"trailer\n<< /Size {count} /Root {root} 0 R /Info {info} 0 R >>\n"
                   f"startxref\n{start}\n%%EOF\n".encode())
