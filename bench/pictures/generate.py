"""Build the deterministic 1,000,000-document archive of the pictures benchmark (issue #16).

bench/web/generate.py's archive (people, places, topics, dates 1940-1990, written with bulk SQL), and
what the three pictures read besides: coordinates for nine places in ten (the tenth are listed
without), a recipient in every third document (the network's "wrote to"), and two dates mentioned in
each document's text (enrich's text dates, the timeline's second layer). Then `archivist reindex`.

Usage: ARCHIVIST_HOME=/work/pictures-bench .venv/bin/python -m bench.pictures.generate [--documents N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

SEED = 20261207
MENTIONED_PER_DOCUMENT = 2
BATCH = 100_000
FIRST_DAY, LAST_DAY = dt.date(1930, 1, 1).toordinal(), dt.date(1995, 12, 31).toordinal()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--no-reindex", action="store_true", help="leave the search index to build later")
    args = parser.parse_args()
    started = time.perf_counter()
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, str(root / "bench/web/generate.py"), "--documents", str(args.documents)],
                   check=True, cwd=root)
    from archivist.bootstrap import open_archive

    open_archive()
    from django.conf import settings
    from django.db import connection

    connection.close()
    db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;")
    _coordinates(db)
    _recipients(db)
    _mentioned(db, random.Random(SEED), args.documents)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"pictures' additions done at {time.perf_counter() - started:.0f} s", flush=True)
    if not args.no_reindex:
        subprocess.run([str(Path(sys.executable).with_name("archivist")), "reindex"], check=True, cwd=root)
        print(f"reindexed at {time.perf_counter() - started:.0f} s")


def _coordinates(db: sqlite3.Connection) -> None:
    """Nine places in ten get coordinates spread over the globe, computed from their id."""
    db.execute("UPDATE records_authority SET latitude = (id * 37) % 170 - 85, "
               "longitude = (id * 91) % 360 - 180, coordinates_source = 'gazetteer' "
               "WHERE kind = 'place' AND id % 10 != 0")


def _recipients(db: sqlite3.Connection) -> None:
    """The first associated person of every third document becomes its recipient."""
    db.execute("UPDATE records_link SET role = 'recipient' WHERE role = 'associated' AND position = 1 "
               "AND document_id % 3 = 0")


def _mentioned(db: sqlite3.Connection, rng: random.Random, total: int) -> None:
    """Two dates mentioned in each document's text: most near its own date, some anywhere."""
    own = dict(db.execute("SELECT id, date_earliest FROM records_document"))
    for first in range(1, total + 1, BATCH):
        rows = []
        for doc_id in range(first, min(first + BATCH, total + 1)):
            day = dt.date.fromisoformat(own[doc_id]).toordinal()
            for n in range(MENTIONED_PER_DOCUMENT):
                near = rng.random() < 0.8
                ordinal = (day - rng.randrange(400) if near else rng.randrange(FIRST_DAY, LAST_DAY))
                mentioned = dt.date.fromordinal(ordinal).isoformat()
                rows.append((doc_id, 0, n * 10, n * 10 + 8, mentioned, mentioned, mentioned, mentioned,
                             near, f"As of {mentioned}."))
        db.executemany("INSERT INTO enrich_textdate (document_id, text_position, start, \"end\", expression, "
                       "date, earliest, latest, relative, sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       rows)
        db.commit()
        print(f"{min(first + BATCH - 1, total)} documents' mentioned dates", flush=True)


if __name__ == "__main__":
    main()
