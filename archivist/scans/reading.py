"""Reading a scan's file into page images: PDF (pypdfium2, keeping a page's text layer), TIFF (each frame
a page), JPEG and PNG (Pillow). The type is told by the file's first bytes, never by its name.

Every file is hostile: a page larger than MAX_PIXELS (a decompression bomb: a small file of huge
dimensions) and a file of more than MAX_PAGES pages are refused before anything is decoded. These
functions run in the child process of archivist.scans.sandbox, under its memory and time limits (a bomb
inside a PDF's compressed streams shows only when pdfium decodes them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageSequence

MAX_PIXELS = 60_000_000  # a page image's width x height: an A2 sheet at 400 dpi is 54 million
MAX_PAGES = 1000  # pages of one file
MAX_BYTES = 500 * 1024 * 1024  # one file's size
PDF_DPI = 300  # the resolution PDF pages are rendered at, for reading and for OCR
PDF_LONGEST_SIDE = 7000  # pixels: a page larger than 23 inches is rendered smaller than PDF_DPI
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # in a text layer: read as a space

# Pillow refuses images over twice its limit itself (DecompressionBombError) and only warns between
# one and two times it; read_file checks each page's size against MAX_PIXELS before decoding it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class UnreadableScan(Exception):
    """A file that is no scan this archive reads; the message says why, `page` where (1-based)."""

    def __init__(self, message: str, page: int | None = None) -> None:
        super().__init__(message)
        self.page = page


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    pillow_format: str  # "" for PDF


PDF = FileType("application/pdf", "pdf", "")
TYPES = {  # first bytes -> type
    b"%PDF-": PDF,
    b"\x89PNG\r\n\x1a\n": FileType("image/png", "png", "PNG"),
    b"\xff\xd8\xff": FileType("image/jpeg", "jpg", "JPEG"),
    b"II*\x00": FileType("image/tiff", "tif", "TIFF"),
    b"MM\x00*": FileType("image/tiff", "tif", "TIFF"),
}


@dataclass
class PageImage:
    """A page as read: its image, and a PDF page's text with hOCR word boxes in the image's pixels."""

    image: Image.Image
    photo: bool  # stored as JPEG (a photograph), else PNG
    text: str = ""
    words: str = ""


def sniff(path: Path) -> FileType:
    """The file's type from its first bytes; a PDF's header may come after some junk, as readers allow."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    for magic, kind in TYPES.items():
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head:
        return PDF
    raise UnreadableScan("is not a PDF, TIFF, JPEG or PNG file")


def read_file(path: Path, kind: FileType) -> Iterator[PageImage]:
    """Each page of the file in turn, checked against the limits before it is decoded."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableScan(f"is {size:,} bytes; at most {MAX_BYTES:,} are read")
    if kind is PDF:
        yield from _pdf_pages(path)
    else:
        yield from _image_pages(path, kind)


# Images -----------------------------------------------------------------------------------------

def _image_pages(path: Path, kind: FileType) -> Iterator[PageImage]:
    try:
        with Image.open(path, formats=[kind.pillow_format]) as opened:
            frames = getattr(opened, "n_frames", 1)
            if frames > MAX_PAGES:
                raise UnreadableScan(f"has {frames} pages; at most {MAX_PAGES} are read")
            for number, frame in enumerate(ImageSequence.Iterator(opened), start=1):
                _check_size(frame.size, number)
                yield PageImage(_decoded(frame, number), photo=kind.pillow_format == "JPEG")
    except Image.DecompressionBombError as error:  # Pillow's own check, at twice MAX_PIXELS
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(pixels[1]):,} pixels" if pixels else "over twice that many pixels"
        limit = f"at most {MAX_PIXELS:,} pixels a page are read"
        raise UnreadableScan(f"is an image of {size}; {limit}") from error
    except (UnreadableScan, MemoryError):  # MemoryError: the sandbox's limit, said as such
        raise
    except Exception as error:  # Pillow raises many kinds on a broken file (OSError, SyntaxError, ...)
        raise UnreadableScan(f"cannot be read as {kind.pillow_format} ({error})") from error


def _check_size(size: tuple[int, int], page: int) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise UnreadableScan(f"has an image of {width} x {height} pixels", page)
    if width * height > MAX_PIXELS:
        raise UnreadableScan(f"is an image of {width} x {height} pixels; at most {MAX_PIXELS:,} pixels "
                             "a page are read", page)


def _decoded(frame: Image.Image, page: int) -> Image.Image:
    """The frame decoded, upright (EXIF orientation) and in a mode PNG, JPEG and tesseract all take."""
    try:
        frame.load()
        image = ImageOps.exif_transpose(frame)
    except MemoryError:
        raise
    except Exception as error:
        raise UnreadableScan(f"cannot be read ({error})", page) from error
    _check_size(image.size, page)
    if image.mode in ("1", "L", "RGB"):
        return image.copy()
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit or float grey: scaled to 8 bits
        low, high = image.getextrema()
        span = (high - low) or 1
        return image.convert("F").point(lambda v: (v - low) * 255 / span).convert("L")
    if "A" in image.mode or image.info.get("transparency") is not None:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")  # a transparent background reads as paper
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")  # P, CMYK, YCbCr, LAB, ...


# PDF --------------------------------------------------------------------------------------------

def _pdf_pages(path: Path) -> Iterator[PageImage]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise UnreadableScan(f"cannot be read as a PDF ({error})") from error
    try:
        if len(document) > MAX_PAGES:
            raise UnreadableScan(f"has {len(document)} pages; at most {MAX_PAGES} are read")
        if len(document) == 0:
            raise UnreadableScan("is a PDF without pages")
        for index in range(len(document)):
            yield _pdf_page(document, index)
    finally:
        document.close()


def _pdf_page(document, index: int) -> PageImage:
    import pypdfium2

    number = index + 1
    try:
        page = document[index]
        try:
            width, height = page.get_size()
            if not (width >= 1 and height >= 1):
                raise UnreadableScan(f"has a page of {width} x {height} points", number)
            scale = min(PDF_DPI / 72, PDF_LONGEST_SIDE / max(width, height))
            _check_size((round(width * scale), round(height * scale)), number)
            image = _grey_if_grey(page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB"))
            text, words = _text_layer(page, image.size, number)
            return PageImage(image, photo=False, text=text, words=words)
        finally:
            page.close()
    except pypdfium2.PdfiumError as error:
        raise UnreadableScan(f"cannot be read ({error})", number) from error


def _grey_if_grey(image: Image.Image) -> Image.Image:
    """A rendered page with no colour as one grey channel: a third of the pixels to store and tile."""
    red, green, blue = image.split()
    if ImageChops.difference(red, green).getbbox() or ImageChops.difference(red, blue).getbbox():
        return image
    return red


def _text_layer(page, size: tuple[int, int], number: int) -> tuple[str, str]:
    """The page's text and its words as hOCR, boxed in the rendered image's pixels; ("", "") without
    text. pdfium maps page points to pixels (FPDF_PageToDevice), so rotated and cropped pages fit."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        chars = _characters([pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
                             for i in range(textpage.count_chars())])
        text = "".join(char for char in chars if char).replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            return "", ""
        x, y = ctypes.c_int(), ctypes.c_int()

        def to_pixels(px: float, py: float) -> tuple[int, int]:
            pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size[0], size[1], 0, px, py, x, y)
            return x.value, y.value

        words = _words(chars, lambda i: textpage.get_charbox(i, loose=False), to_pixels)
    finally:
        textpage.close()
    return text.strip(), _hocr(words, size, number)


def _characters(units: list[int]) -> list[str | None]:
    """The page's characters from pdfium's UTF-16 code units, one per unit: a surrogate pair is one
    character (its second unit None), a lone surrogate None (UTF-8 and so the database hold none: it was
    a traceback), a control character a space, NUL or a value past Unicode "" (a break between words)."""
    chars: list[str | None] = [chr(code) if 0 < code < 0x110000 else "" for code in units]
    for index, (high, low) in enumerate(itertools.pairwise(chars)):
        if high and low and "\ud800" <= high <= "\udbff" and "\udc00" <= low <= "\udfff":
            chars[index] = (high + low).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            chars[index + 1] = None
    return [None if char and "\ud800" <= char <= "\udfff" else " " if char and _CONTROL.fullmatch(char)
            else char for char in chars]


def _words(chars: list[str | None], box_of: Callable, to_pixels: Callable) -> list[list[tuple[str, tuple]]]:
    """Lines of (word, (x0, y0, x1, y1)) in pixels, from the characters and their boxes in points."""
    lines: list[list[tuple[str, tuple]]] = [[]]
    word, corners = "", []
    for index, char in enumerate([*chars, " "]):
        if char is None:  # the second half of a character, or no character
            continue
        if char.isspace() or not char:
            if word:
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                lines[-1].append((word, (min(xs), min(ys), max(xs), max(ys))))
                word, corners = "", []
            if char in ("\n", "\r") and lines[-1]:
                lines.append([])
            continue
        left, bottom, right, top = box_of(index)
        word += char
        corners += [to_pixels(left, top), to_pixels(right, bottom)]
    return [line for line in lines if line]


def _hocr(lines: list[list[tuple[str, tuple]]], size: tuple[int, int], number: int) -> str:
    """hOCR 1.2 as tesseract writes it: a page, its lines, their words with boxes."""
    body = []
    for line_number, line in enumerate(lines, start=1):
        x0 = min(box[0] for _, box in line)
        y0 = min(box[1] for _, box in line)
        x1 = max(box[2] for _, box in line)
        y1 = max(box[3] for _, box in line)
        words = "".join(
            f'<span class="ocrx_word" id="word_{number}_{line_number}_{n}" '
            f'title="bbox {a} {b} {c} {d}">{escape(word)}</span> '
            for n, (word, (a, b, c, d)) in enumerate(line, start=1))
        body.append(f'<span class="ocr_line" id="line_{number}_{line_number}" '
                    f'title="bbox {x0} {y0} {x1} {y1}">{words.rstrip()}</span>')
    lines_html = "\n".join(body)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>page</title>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>'
        '<meta name="ocr-system" content="archivist (PDF text layer)"/>'
        '<meta name="ocr-capabilities" content="ocr_page ocr_line ocrx_word"/></head><body>\n'
        f'<div class="ocr_page" id="page_{number}" title="bbox 0 0 {size[0]} {size[1]}">\n'
        f"{lines_html}\n</div>\n</body></html>\n")
