"""Run by test_ocr_worker in a scratch SQLite archive: attaches a page, and while tesseract reads it takes
SQLite's write lock on a second connection for longer than the busy timeout, as an import does.

Prints one JSON line: the pages read, the page's status and text, and whether storing it had to wait.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import threading
import time
from pathlib import Path

HOLD = 7.0  # seconds the lock is held: past SQLite's busy timeout of 5 s


def main(folder: Path) -> None:
    from archivist.bootstrap import open_archive

    open_archive()
    from django.conf import settings

    from archivist.ingest.loader import store_records
    from archivist.scans import ocr
    from archivist.scans.services import attach
    from tests.scans.ocrpages import DEJAVU, draw_page

    store_records("lock.json", [(1, {"record_id": "lock-1", "title": "Lock", "date": "1962", "text": "x"})])
    draw_page(folder / "page.png", DEJAVU, ["Held while stored"])
    [page] = attach("lock-1", [folder / "page.png"], language="en")
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("archivist.scans.ocr").addHandler(handler)
    logging.getLogger("archivist.scans.ocr").setLevel(logging.INFO)
    holder = threading.Thread(target=hold_lock_while_read, args=(settings.DATABASES["default"]["NAME"],))
    holder.start()
    read = ocr.read_pending()
    holder.join()
    page.refresh_from_db()
    print(json.dumps({"read": read, "status": page.ocr_status, "text": page.text,
                      "waited": any("waits to be stored" in message for message in messages)}))


def hold_lock_while_read(database: str) -> None:
    """Once the page is claimed (tesseract is reading it), hold the write lock for HOLD seconds."""
    connection = sqlite3.connect(database, isolation_level=None)
    while connection.execute("SELECT ocr_status FROM scans_page").fetchone()[0] != "running":
        time.sleep(0.01)
    connection.execute("BEGIN IMMEDIATE")
    time.sleep(HOLD)
    connection.execute("COMMIT")
    connection.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
