"""OCR in the background worker and in commands at once: a corrupt page fails alone and the worker goes
on; two readers at once (the server's worker and `archivist attach --wait`) never read one page twice;
a page read while an import holds SQLite's write lock is stored once the lock is free.
Each test commits (the worker's turn replaces a connection in a test's transaction), so they are apart
from test_ocr.py's module-wide archive (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archivist.scans.models import Page
from archivist.scans.services import attach
from archivist.serving import OutboxFollower
from tests.conftest import ROOT
from tests.scans.ocrpages import DEJAVU, draw_page, load_document, run, skip_without_tesseract

skip_without_tesseract()
ARCHIVIST = [sys.executable, "-c", "from archivist.cli.main import main; main()"]
Status = Page.OcrStatus


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_image_fails_its_page_and_the_worker_goes_on(tmp_path, settings, caplog):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    archive = tmp_path
    load_document(archive, "broken-1")
    draw_page(archive / "a.png", DEJAVU, ["Telegram to the embassy"])
    draw_page(archive / "b.png", DEJAVU, ["Reply from the minister"])
    first, second = attach("broken-1", [archive / "a.png", archive / "b.png"], language="en")
    (Path(archive / "files") / first.image).write_bytes(b"\x89PNG\r\n\x1a\n broken after attaching")
    caplog.set_level("INFO", logger="archivist.outbox")
    OutboxFollower().turn()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.ocr_status == Status.FAILED and first.text == ""
    assert first.ocr_error.startswith("page 1: tesseract could not read the image")
    assert second.ocr_status == Status.DONE and "minister" in second.text
    assert "OCR: 2 of 2 pages of broken-1 read (1 failed)" in caplog.text
    shown = run("ocr").output
    assert "2 of 2 pages of broken-1 read (1 failed)" in shown and "page 1: tesseract could not" in shown
    checked = run("check").output
    assert "scan pages OCR could not read" in checked and "broken-1: 1 page\n" in checked


def test_two_readers_at_once_never_read_one_page_twice(archive_env, tmp_path):
    """Two `archivist ocr --wait` processes (as the server's worker and `attach --wait`) on one archive:
    the pages each says it read add up to the pages, every page read once."""
    def archivist(*args):
        return subprocess.Popen([*ARCHIVIST, *map(str, args)], env=archive_env, cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    record = tmp_path / "record.json"
    record.write_text(json.dumps({"record_id": "race-1", "title": "Race", "date": "1962", "text": "x"}))
    assert archivist("load", record).communicate(timeout=120)
    files = []
    for number in range(8):
        files.append(tmp_path / f"{number}.png")
        draw_page(files[-1], DEJAVU, [f"Page number {number}"])
    attached = archivist("attach", "race-1", *files, "--language", "en")
    assert "8 queued for OCR" in attached.communicate(timeout=120)[0]
    readers = [archivist("ocr", "race-1", "--wait") for _ in range(2)]
    outputs = [reader.communicate(timeout=300) for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0], outputs
    read = [int(re.search(r"OCR finished: (\d+) pages? read here", out).group(1)) for out, _ in outputs]
    assert sum(read) == 8, outputs
    assert "8 of 8 pages of race-1 read" in outputs[0][0] + outputs[1][0]


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="SQLite's write lock: on PostgreSQL a page's row is stored beside others' writes")
def test_a_page_read_while_an_import_holds_the_write_lock_is_stored_once_it_is_free(archive_env, tmp_path):
    worker = subprocess.run([sys.executable, "-m", "tests.scans.ocr_lock_worker", str(tmp_path)],
                            env=archive_env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert worker.returncode == 0, worker.stderr
    result = json.loads(worker.stdout.splitlines()[-1])
    assert result["waited"] and result["read"] == 1
    assert result["status"] == Status.DONE and "Held while stored" in result["text"]
