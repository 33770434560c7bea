"""Pages of known text for the OCR tests, drawn with Debian's fonts, and a document to attach them to."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from archivist.cli.main import cli

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # Latin and Cyrillic (fonts-dejavu-core)
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Chinese (fonts-noto-cjk)


def skip_without_tesseract() -> None:
    """A user's run without tesseract skips the module, saying what to install; CI installs it."""
    if not shutil.which("tesseract") and os.environ.get("CI") != "true":
        pytest.skip("tesseract is not installed (sudo apt-get install tesseract-ocr tesseract-ocr-rus "
                    "tesseract-ocr-chi-sim fonts-noto-cjk fonts-dejavu-core); CI installs it",
                    allow_module_level=True)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def draw_page(path: Path, font: str, lines: list[str]) -> list[tuple[int, int, int, int]]:
    """A small page (a few lines, black on white); returns each line's box on it."""
    face = ImageFont.truetype(font, 40)
    image = Image.new("L", (1000, 90 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    boxes = []
    for number, line in enumerate(lines):
        at = (50, 50 + 70 * number)
        draw.text(at, line, font=face, fill="black")
        boxes.append(draw.textbbox(at, line, font=face))
    image.save(path)
    return boxes


def load_document(folder: Path, record_id: str) -> None:
    record = folder / f"{record_id}.json"
    record.write_text(json.dumps({"record_id": record_id, "title": f"Scans of {record_id}",
                                  "date": "1962-10-22", "text": "Typed."}))
    loaded = run("load", record)
    assert loaded.exit_code == 0, loaded.output


