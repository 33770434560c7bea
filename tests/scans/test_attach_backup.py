"""A backup holds the scans' pages (rows and images) and a restore brings them back, with their IIIF
tiles made again from the images (a backup leaves tiles out): child processes, each archive its own
ARCHIVIST_HOME and database (SQLite, or PostgreSQL when the tests run on it)."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.backup.test_backup import ROOT, Archives, archivist, run_database
from tests.scans.scanfiles import text_pdf, tiff

PAGES = """
from archivist.bootstrap import open_archive
open_archive()
from archivist.scans.models import Page
print(json.dumps([[p.document.record_id, p.number, p.image, p.text, p.ocr_status, p.attachment.path]
                  for p in Page.objects.order_by("number")]))
"""


def pages(env: dict[str, str]) -> list:
    result = subprocess.run([sys.executable, "-c", "import json\n" + PAGES], env=env, capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def archives(tmp_path):
    made = Archives(tmp_path)
    yield made
    made.drop()


def test_pages_and_their_images_come_back_on_restore_with_tiles_made_again(archives, tmp_path):
    original = archives.new(run_database())
    record = tmp_path / "record.json"
    record.write_text(json.dumps({"record_id": "bk-scan", "title": "Scanned", "date": "1950-01-01"}))
    archivist(original, "load", record)
    archivist(original, "attach", "bk-scan", text_pdf(tmp_path / "t.pdf", ["Backed up words"]),
              tiff(tmp_path / "leaves.tif", 2), "--language", "de")
    before = pages(original)
    assert [row[1] for row in before] == [1, 2, 3] and before[0][3] == "Backed up words"
    backup = tmp_path / "archive.backup"
    archivist(original, "backup", backup)
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert all(f"files/{row[2]}" in names and f"files/{row[5]}" in names for row in before)
    assert not [name for name in names if name.startswith("files/iiif/")]
    assert manifest["missing_files"] == [] and "files/iiif/" in manifest["skipped"]

    restored = archives.new(run_database())
    result = archivist(restored, "restore", backup)
    assert "IIIF tiles made for 3 pages" in result.stdout + result.stderr
    assert pages(restored) == before
    home = Path(original["ARCHIVIST_HOME"]), Path(restored["ARCHIVIST_HOME"])
    for _, number, image, *_ in before:
        assert (home[1] / "files" / image).read_bytes() == (home[0] / "files" / image).read_bytes()
        info = json.loads((home[1] / "files" / "iiif" / "bk-scan" / str(number) / "info.json").read_text())
        assert info["width"] > 0
