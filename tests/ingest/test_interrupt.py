"""A real `archivist ingest` process killed in the middle of a file leaves the archive as it was."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

WORDS = " ".join(f"word{i % 97}" for i in range(120))


def count(database: Path, where: str = "1=1") -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute(f"SELECT count(*) FROM records_document WHERE {where}").fetchone()[0]


def test_killed_import_stores_nothing_from_the_file_it_was_in(tmp_path):
    home = tmp_path / "archive"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ARCHIVIST_HOME": str(home)}
    small = tmp_path / "small.jsonl"
    small.write_text('{"record_id": "s1", "title": "Before"}\n', encoding="utf-8")
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for i in range(20_000):
            out.write(json.dumps({"record_id": f"b{i}", "title": f"Document {i}", "text": WORDS,
                                  "authors": [f"Person, Number{i % 500}"]}) + "\n")
    command = [sys.executable, "-c", "from archivist.cli.main import main; main()", "ingest", str(small),
               str(big)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert "small.jsonl: 1 added" in process.stderr.readline()  # the first file is committed
        wal = home / "archive.sqlite3-wal"
        deadline = time.monotonic() + 60
        while not (wal.exists() and wal.stat().st_size > 4_000_000):  # the big file is being written
            assert process.poll() is None, "the import finished before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    database = home / "archive.sqlite3"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count(database) == 1 and count(database, "record_id = 's1'") == 1
    rerun = subprocess.run(command[:-2] + ["--quiet", str(small)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 added, 0 updated, 1 unchanged" in rerun.stdout
