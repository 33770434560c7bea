"""Pages never write: while an import holds SQLite's write lock and the browse tables are behind, every
page answers at once (no waiting out the busy timeout, no "database is locked") and names nothing
only a document just restricted names."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.cli.test_concurrency import run
from tests.conftest import ROOT

RECORDS = [
    {"record_id": "pubdoc", "title": "Public cable", "date": "1950-01-02", "authors": ["Public, Person"],
     "associated_topics": ["Publictopic"], "subjects_discussed": ["Publicsubject"],
     "original_archive": ["Public archive"]},
    {"record_id": "lockdoc", "title": "Zqlocked cable", "date": "1953-03-04",
     "authors": ["Zqlocked, Someone"], "associated_places": ["Zqlockedplace"],
     "associated_topics": ["Zqlockedtopic", "Publictopic"], "subjects_discussed": ["Zqlockedsubject"],
     "original_archive": ["Zqlocked archive"]},
]


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="SQLite's write lock: PostgreSQL readers never wait for writers")
def test_pages_answer_at_once_while_another_connection_holds_the_write_lock(archive_env, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")
    imported = run(archive_env, "ingest", "--quiet", str(records))
    assert imported.returncode == 0, imported.stderr
    worker = subprocess.run([sys.executable, "-m", "tests.web.write_lock_worker"], env=archive_env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    result = json.loads(worker.stdout.splitlines()[-1])
    assert result["behind"]  # no page brought the tables up to date
    statuses = {page["url"]: page["status"] for page in result["pages"]}
    assert statuses == {page["url"]: 404 if "zqlocked" in page["url"] or "1953" in page["url"]
                        or "lockdoc" in page["url"] else 200 for page in result["pages"]}
    for page in result["pages"]:
        assert page["seconds"] < 4, page  # below SQLite's busy timeout of 5 s: no page waited for the lock
        assert not page["secret"], page
