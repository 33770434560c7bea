"""Build a deterministic SQLite archive of 1,000,000 documents for the web page-speed benchmark.

Shape (like the search benchmark): 20,000 people, 2,000 organizations, 3,000 places, 300 topics,
400 subject headings, 20 archives with 10 collections each, dates 1940-1990, short texts. Rows are
written with bulk SQL straight into the archive's tables; the schema comes from the migrations.

Usage: ARCHIVIST_HOME=/tmp/web-bench .venv/bin/python bench/web/generate.py [--documents N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import time

SEED = 20260101
WORDS = (
    "treaty", "alliance", "embassy", "minister", "delegation", "cable", "report", "meeting",
    "conversation", "proposal", "agreement", "border", "trade", "credit", "aviation",
    "negotiation", "telegram", "committee", "comrade", "government", "policy", "relations",
    "visit", "statement", "communique", "military", "economic", "assistance", "conference",
)
DOC_TYPES = ("Cable", "Memorandum of Conversation", "Letter", "Telegram", "Minutes", "Report")
SHAPE = {"person": 20_000, "organization": 2_000, "place": 3_000, "topic": 300, "subject": 400}
ARCHIVES, COLLECTIONS = 20, 10
BATCH = 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from django.conf import settings
    from django.db import connection

    connection.close()
    started = time.perf_counter()
    db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;")
    rng = random.Random(SEED)
    ids = _authorities(db)
    _documents(db, rng, ids, args.documents)
    db.execute("INSERT INTO records_change (record_id, action, at) VALUES (?, 'upsert', ?)",
               (str(args.documents), dt.datetime.now(dt.UTC).isoformat()))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"generated {args.documents} documents in {time.perf_counter() - started:.0f} s")


def _authorities(db: sqlite3.Connection) -> dict[str, list[int]]:
    rows, next_id = [], 1
    ids: dict[str, list[int]] = {}
    for kind, count in SHAPE.items():
        ids[kind] = list(range(next_id, next_id + count))
        for i in range(count):
            name = _name(kind, i)
            parent = ids[kind][i // 20] if kind == "subject" and i >= 20 else None
            rows.append((next_id + i, kind, f"{kind}-{i}", name, name, "", "", "{}", parent))
        next_id += count
    ids["archive"] = []
    for a in range(ARCHIVES):
        archive_id = next_id
        rows.append((archive_id, "archive", f"archive-{a}", f"Archive {a:02d}", f"Archive {a:02d}",
                     "", "", "{}", None))
        next_id += 1
        for c in range(COLLECTIONS):
            rows.append((next_id, "archive", f"archive-{a}--collection-{c}", f"Collection {a}.{c}",
                         f"Collection {a}.{c}", "", "", "{}", archive_id))
            ids["archive"].append(next_id)
            next_id += 1
    db.executemany("INSERT INTO records_authority (id, kind, key, sort_name, display_name, dates, "
                   "coordinates_source, description, identifiers, parent_id, removed_variants) "
                   "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, '[]')", rows)
    db.executemany("INSERT INTO records_variantname (authority_id, name, origin, scheme) "
                   "VALUES (?, ?, 'generated', '')",
                   [(i, f"Variant of person {i}") for i in ids["person"][::4]])
    return ids


def _name(kind: str, i: int) -> str:
    if kind == "person":
        surname = "".join(chr(65 + (i * 7 + k) % 26) if k == 0 else chr(97 + (i * 13 + k * 5) % 26)
                          for k in range(6))
        return f"{surname}, Person {i}"
    return f"{kind.title()} {i:05d}"


def _documents(db: sqlite3.Connection, rng: random.Random, ids: dict[str, list[int]], total: int) -> None:
    start_day = dt.date(1940, 1, 1).toordinal()
    days = dt.date(1990, 12, 31).toordinal() - start_day
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
    for first in range(1, total + 1, BATCH):
        documents, texts, links = [], [], []
        for doc_id in range(first, min(first + BATCH, total + 1)):
            day = dt.date.fromordinal(start_day + rng.randrange(days))
            title = f"{rng.choice(DOC_TYPES)} on {rng.choice(WORDS)} and {rng.choice(WORDS)}"
            documents.append((doc_id, str(doc_id), title, " ".join(rng.choices(WORDS, k=20)),
                              day.isoformat(), day.strftime("%B %-d, %Y"), day, day, "Source volume",
                              "", "English", "published", now, now))
            texts.append((doc_id, 0, "English", "original", " ".join(rng.choices(WORDS, k=80)), ""))
            links.extend(_links(rng, ids, doc_id))
        db.executemany(
            "INSERT INTO records_document (id, record_id, title, summary, date, date_display, "
            "date_earliest, date_latest, source, rights, original_language, status, created, modified, "
            "publisher, url, number, fingerprint) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '')", documents)
        db.executemany("INSERT INTO records_text (document_id, position, language, kind, body, body_html) "
                       "VALUES (?, ?, ?, ?, ?, ?)", texts)
        db.executemany("INSERT INTO records_link (document_id, authority_id, role, position, status) "
                       "VALUES (?, ?, ?, ?, 'curated')", links)
        db.commit()
        print(f"{doc_id} documents", flush=True)


def _links(rng: random.Random, ids: dict[str, list[int]], doc_id: int) -> list[tuple]:
    """An author, two associated people or organizations, a place or two, a topic, a subject, an archive.

    Authors follow a log-uniform rank distribution: a few appear in many documents, as in real archives.
    """
    people = ids["person"]
    rank = int(len(people) ** rng.random()) - 1
    chosen = {people[rank * 7 % len(people)]}
    chosen.update(rng.sample(people, 2))
    links = [(doc_id, pid, "author" if i == 0 else "associated", i) for i, pid in enumerate(chosen)]
    if rng.random() < 0.3:
        links.append((doc_id, rng.choice(ids["organization"]), "associated", 5))
    for i, place in enumerate({rng.choice(ids["place"]) for _ in range(rng.randint(1, 2))}):
        links.append((doc_id, place, "associated", 10 + i))
    links.append((doc_id, rng.choice(ids["topic"]), "topic", 20))
    links.append((doc_id, rng.choice(ids["subject"]), "subject", 30))
    links.append((doc_id, rng.choice(ids["archive"]), "archive", 40))
    return links


if __name__ == "__main__":
    main()
