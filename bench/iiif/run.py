"""What IIIF costs: writing a page's level-0 tiles and sizes (CPU time, files, bytes) for pages of the
common kinds, and for a long document its manifest (built, then cached) and content searches (the
pages' words parsed, then cached). Pages are generated deterministically: lines of type on white.

The first search of a document parses its pages' hOCR (search_first_seconds); later searches of other
words find them cached (search_later_seconds_median).

Usage: python -m bench.iiif [--pages N]   (writes bench/iiif/results.json)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINE = "The Soviet delegation arrived in Beijing on the morning of the fourteenth"
# (name, width, height, Pillow mode, stored as): a letter page at 300 dpi in grey and colour, an A4
# page at 300 dpi from a bitonal scanner, a photograph of a small card.
KINDS = [("letter grey 300 dpi", 2550, 3300, "L", "png"), ("letter colour 300 dpi", 2550, 3300, "RGB", "jpg"),
         ("A4 bitonal 300 dpi", 2480, 3508, "1", "png"), ("card 300x400", 300, 400, "RGB", "jpg")]
REPEATS = 3


def typed_page(width: int, height: int, mode: str) -> Image.Image:
    image = Image.new(mode, (width, height), "white" if mode != "1" else 1)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT, max(12, width // 60))
    for y in range(height // 20, height - height // 20, max(20, height // 45)):
        draw.text((width // 12, y), LINE, font=font, fill=0)
    return image


def hocr(lines: int, words_per_line: int) -> str:
    """An hOCR page as tesseract writes it, with boxes on a 2550 x 3300 page."""
    spans = []
    for row in range(lines):
        y = 150 + row * 170
        words = "".join(f"<span class='ocrx_word' title='bbox {100 + i * 280} {y} {350 + i * 280} {y + 60}'>"
                        f"{LINE.split()[i % 12]}</span>" for i in range(words_per_line))
        spans.append(f"<span class='ocr_line' title='bbox 100 {y} 2450 {y + 60}'>{words}</span>")
    return f"<html><body><div class='ocr_page'>{''.join(spans)}</div></body></html>"


def tiles_figures(folder: Path) -> list[dict]:
    from types import SimpleNamespace

    from archivist.scans.tiles import make_tiles, page_directory

    figures = []
    for name, width, height, mode, suffix in KINDS:
        typed_page(width, height, mode).save(folder / f"page.{suffix}")
        page = SimpleNamespace(image=f"page.{suffix}", number=1, document=SimpleNamespace(record_id="bench"))
        times = []
        for _ in range(REPEATS):
            started = time.process_time()
            make_tiles(page)
            times.append(time.process_time() - started)
        files = [path for path in page_directory("bench", 1).rglob("*") if path.is_file()]
        figures.append({"page": name, "cpu_seconds": round(statistics.median(times), 3), "files": len(files),
                        "bytes": sum(path.stat().st_size for path in files)})
    return figures


def document_figures(folder: Path, pages: int) -> dict:
    from django.core.cache import caches
    from django.http import QueryDict

    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records
    from archivist.interop.iiif import search
    from archivist.interop.iiif.manifest import manifest_json
    from archivist.scans.models import Page
    from archivist.scans.services import attach

    seed = ROOT / "archivist" / "demo" / "data" / "20-wilson-center-110390.json"
    store_records(seed, read_json_records(seed))
    typed_page(2550, 3300, "L").save(folder / "scan.png")
    [first] = attach("110390", [folder / "scan.png"])
    words = hocr(18, 8)
    Page.objects.filter(pk=first.pk).update(words=words, text=LINE)
    Page.objects.bulk_create(Page(document=first.document, attachment=first.attachment, number=number,
                                  width=first.width, height=first.height, image=first.image, words=words,
                                  text=LINE) for number in range(2, pages + 1))
    document = first.document
    caches["iiif"].clear()

    def timed(work) -> tuple[float, object]:
        started = time.perf_counter()
        result = work()
        return round(time.perf_counter() - started, 3), result

    built, body = timed(lambda: manifest_json(document))
    cached, _ = timed(lambda: manifest_json(document))
    first_search, hits = timed(lambda: search.find(document, search.parse_query(QueryDict("q=soviet"))))
    later = [timed(lambda w=w: search.find(document, search.parse_query(QueryDict(f"q={w}"))))[0]
             for w in ("beijing", "fourteenth", "zqnothing")]
    return {"pages": pages, "words": pages * 18 * 8, "manifest_bytes": len(body),
            "manifest_built_seconds": built, "manifest_cached_seconds": cached,
            "search_first_seconds": first_search, "hits": len(hits),
            "search_later_seconds_median": statistics.median(later)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages of the long document")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["ARCHIVIST_HOME"] = str(Path(scratch) / "home")
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        folder = Path(settings.MEDIA_ROOT)
        folder.mkdir(parents=True, exist_ok=True)
        results = {"tiles": tiles_figures(folder),
                   "document": document_figures(Path(scratch), arguments.pages)}
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    json.dump(results, sys.stdout, indent=2)
    print()
