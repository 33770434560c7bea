"""Scans for the demo: pages typeset from a demo document's own text with Debian's fonts, the same every
time, then attached as any scan is (archivist.scans.services.attach) and read by OCR.

The demo's documents are public domain texts; these page images are made here, so they are too.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from archivist.records.models import Document

FONTS = {"latin": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
         "cjk": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"}
# A5 at 150 pixels to the inch: small files, large enough type for OCR.
PAGE_SIZE, MARGIN, FONT_SIZE, LEADING = (874, 1240), 90, 24, 38
PAPER, INK = (250, 247, 238), (30, 30, 30)
# The demo documents given scans, and the text of each scan: (record ID, text language, BCP 47 tag, kind).
SCANNED = [("constitution-of-japan-1946", "English", "en", "translation"),
           ("constitution-of-japan-1946", "Japanese", "ja", "original")]


def typeset(text: str, *, cjk: bool = False, pages_at_most: int = 3) -> list[Image.Image]:
    """The text on as many pages as it fills, up to pages_at_most."""
    font = ImageFont.truetype(FONTS["cjk" if cjk else "latin"], FONT_SIZE)
    lines = [line for paragraph in text.split("\n") if paragraph.strip()
             for line in (_wrap(paragraph, font, cjk) + [""])]
    per_page = (PAGE_SIZE[1] - 2 * MARGIN) // LEADING
    pages = []
    for number, start in enumerate(range(0, len(lines), per_page)[:pages_at_most], start=1):
        page = Image.new("RGB", PAGE_SIZE, PAPER)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(lines[start:start + per_page]):
            draw.text((MARGIN, MARGIN + row * LEADING), line, font=font, fill=INK)
        draw.text((PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN // 2), str(number), font=font, fill=INK,
                  anchor="mm")
        pages.append(page)
    return pages


def write_tiff(pages: list[Image.Image], path: Path) -> Path:
    """The pages as one multi-page TIFF, as a scanner writes them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(150, 150))
    return path


def _wrap(paragraph: str, font: ImageFont.FreeTypeFont, cjk: bool) -> list[str]:
    """The paragraph in lines that fit between the margins: by words, or by characters for CJK."""
    width = PAGE_SIZE[0] - 2 * MARGIN
    pieces = list(paragraph) if cjk else paragraph.split()
    joiner = "" if cjk else " "
    lines, line = [], ""
    for piece in pieces:
        longer = f"{line}{joiner}{piece}" if line else piece
        if font.getlength(longer) <= width:
            line = longer
        else:
            lines.append(line)
            line = piece
    return lines + [line] if line else lines


def missing_fonts() -> list[str]:
    """The fonts the demo's scans are typeset with that this machine lacks (Debian's fonts-dejavu-core
    and fonts-noto-cjk): without them the demo has no scans, and says so."""
    return [path for path in FONTS.values() if not Path(path).is_file()]


def attach_demo_scans(workdir: Path) -> int:
    """Typesets and attaches the demo's scans to their documents (those without scans yet); pages made."""
    from archivist.scans.services import attach

    made = 0
    for record_id, language, tag, kind in SCANNED:
        document = Document.objects.filter(record_id=record_id).first()
        if document is None or document.attachments.filter(kind="scan", language=tag).exists():
            continue
        text = next((t.body for t in document.texts.all() if t.language.startswith(language)), "")
        if not text:
            continue
        scan = write_tiff(typeset(text, cjk=tag in ("ja", "zh", "ko")), workdir / f"{record_id}-{tag}.tiff")
        made += len(attach(record_id, [scan], language=tag, text_kind=kind, actor="archivist demo"))
    return made
