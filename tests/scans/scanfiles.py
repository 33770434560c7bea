"""Real scan files for tests: PDFs with and without a text layer, images, and broken ones."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw


def text_pdf(path: Path, pages: list[str], size: tuple[int, int] = (612, 792)) -> Path:
    """A PDF whose pages each show a line of text in Helvetica, as a text layer (hand-written objects)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 24 Tf 72 {size[1] - 100} Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
                       f"/Resources << /Font << /F1 {{font}} 0 R >> >> /Contents {content} 0 R >>")
        kids.append(len(objects))
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font = len(objects)
    objects = [o.replace("{font}", str(font)) for o in objects]
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())
    return path


def page_image(text: str = "Page", size: tuple[int, int] = (400, 300), mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).text((20, 20), text, fill="black")
    return image


def image_pdf(path: Path, count: int) -> Path:
    """A PDF of images only (no text layer), as a scanner makes it."""
    images = [page_image(f"Page {n}") for n in range(1, count + 1)]
    images[0].save(path, "PDF", resolution=100, save_all=True, append_images=images[1:])
    return path


def tiff(path: Path, count: int) -> Path:
    images = [page_image(f"Leaf {n}", mode="L") for n in range(1, count + 1)]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return path


def bomb_png(path: Path, side: int = 30000) -> Path:
    """A small valid PNG of side x side black-and-white pixels: decoded, it would take gigabytes."""
    row = b"\x00" + bytes((side + 7) // 8)  # filter byte, then the row's bits
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))
    return path


def pdf_bomb(path: Path, megabytes: int = 1024) -> Path:
    """A one-page PDF of about a megabyte whose content stream inflates to `megabytes` MB of zeros: a
    decompression bomb that no page size gives away. Built from one compressed 16 MB block repeated
    (a full flush makes each block stand alone), so it takes no time to make."""
    block_size = 1 << 24
    packer = zlib.compressobj(9)
    first = packer.compress(bytes(block_size)) + packer.flush(zlib.Z_FULL_FLUSH)
    header, block = first[:2], first[2:]
    blocks = megabytes * (1 << 20) // block_size
    adler = ((blocks * block_size) % 65521) << 16 | 1  # Adler-32 of zeros: a stays 1, b counts them
    stream = header + block * blocks + b"\x03\x00" + struct.pack(">I", adler)
    return _one_page_pdf(path, stream)


def slow_pdf(path: Path, operations: int = 20_000_000) -> Path:
    """A one-page PDF that takes pdfium seconds to read (millions of saves and restores of the graphics
    state), in little memory."""
    return _one_page_pdf(path, zlib.compress(b"q Q " * operations, 1))


def _one_page_pdf(path: Path, content: bytes) -> Path:
    """A US-letter page whose content stream is `content`, Flate-compressed (hand-written objects)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path
