"""Deterministic test pages for OCR: known texts (bench/ocr/texts.py) rendered with Debian's fonts, clean
and as a worn scan (a little skew, blur, grain and specks), from a fixed seed.

DejaVu Sans (fonts-dejavu-core) for Latin and Cyrillic, Noto Sans CJK (fonts-noto-cjk) for Chinese
and Japanese in its SC, TC and JP faces. Pages are drawn at 200 dpi, 11 pt text (12 pt for CJK).
Clean pages are written as PNG; worn pages as one PDF per language holding only images (no text
layer), as a scanner writes them.

Usage: python -m bench.ocr.generate OUT_DIR
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from bench.ocr.texts import TEXTS, WITHOUT_SPACES

DPI = 200
WIDTH, MARGIN = 1200, 100
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Faces of NotoSansCJK-Regular.ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK.
FACES = {"ja": 0, "zh-Hans": 2, "zh-Hant": 3}
POINTS, CJK_POINTS = 11, 12
# The worn scan: skew within +-SKEW degrees, a Gaussian blur of this radius range, grain of this standard
# deviation (grey levels of 255), and this many dark specks.
SKEW, BLUR, GRAIN, SPECKS = 1.5, (0.6, 1.0), 24.0, 200


def font(language: str, points: int | None = None) -> ImageFont.FreeTypeFont:
    """The Debian font that writes the language, at `points` (at DPI)."""
    points = points or (CJK_POINTS if language in FACES else POINTS)
    pixels = round(points * DPI / 72)
    if language in FACES:
        return ImageFont.truetype(str(NOTO_CJK), pixels, index=FACES[language])
    return ImageFont.truetype(str(DEJAVU), pixels)


def render_page(text: str, language: str, width: int = WIDTH, points: int | None = None) -> Image.Image:
    """The text in black on a white greyscale page, wrapped to the width between margins."""
    face = font(language, points)
    lines = _wrapped(text, face, width - 2 * MARGIN, by_character=language in WITHOUT_SPACES)
    step = round(face.size * 1.5)
    image = Image.new("L", (width, 2 * MARGIN + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + row * step), line, font=face, fill=0)
    return image


def _wrapped(text: str, face: ImageFont.FreeTypeFont, width: int, by_character: bool) -> list[str]:
    """Lines no wider than `width`: broken between words, or anywhere in text without spaces."""
    pieces = list(text) if by_character else text.split(" ")
    joiner = "" if by_character else " "
    lines, line = [], ""
    for piece in pieces:
        longer = f"{line}{joiner}{piece}" if line else piece
        if line and face.getlength(longer) > width:
            lines.append(line)
            line = piece
        else:
            line = longer
    return [*lines, line] if line else lines


def wear(image: Image.Image, seed: str) -> Image.Image:
    """The page as a worn scan: skewed, blurred, grainy and specked, the same for the same seed."""
    rng = random.Random(seed)
    page = image.rotate(rng.uniform(-SKEW, SKEW), resample=Image.Resampling.BICUBIC, expand=True,
                        fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR)))
    page = ImageChops.add(page, _grain(page.size, rng), offset=-128)
    draw = ImageDraw.Draw(page)
    for _ in range(SPECKS):
        x, y, r = rng.randrange(page.width), rng.randrange(page.height), rng.choice((1, 1, 1, 2))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 90))
    return page


def _grain(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Gaussian grain around grey 128: uniform random bytes mapped through the normal distribution's
    quantiles (fast, and the same for the same generator)."""
    normal = statistics.NormalDist(128, GRAIN)
    table = [max(0, min(255, round(normal.inv_cdf((level + 0.5) / 256)))) for level in range(256)]
    uniform = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return uniform.point(table)


def write_pages(out: Path) -> dict[str, dict[str, list[Path]]]:
    """Every language's pages: clean ones as PNG files, worn ones as one image-only PDF; returns
    {language: {"clean": [png, ...], "worn": [pdf]}}."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, list[Path]]] = {}
    for language, texts in TEXTS.items():
        clean = [render_page(text, language) for text in texts]
        pngs = []
        for number, page in enumerate(clean, start=1):
            pngs.append(out / f"{language}-clean-{number}.png")
            page.save(pngs[-1], dpi=(DPI, DPI))
        worn = [wear(page, f"{language}:{number}") for number, page in enumerate(clean, start=1)]
        pdf = out / f"{language}-worn.pdf"
        worn[0].save(pdf, "PDF", resolution=DPI, save_all=True, append_images=worn[1:])
        written[language] = {"clean": pngs, "worn": [pdf]}
    return written


if __name__ == "__main__":
    for language, files in write_pages(Path(sys.argv[1])).items():
        print(language, *(path.name for kind in files.values() for path in kind))
