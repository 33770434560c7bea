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
