"""Build a deterministic archive of 1,000,000 documents for the web page-speed benchmark, on SQLite or
PostgreSQL (the archive's database: DATABASE_URL if set, as for every command).

Shape (like the search benchmark): 20,000 people, 2,000 organizations, 3,000 places, 300 topics,
400 subject headings, 20 archives with 10 collections each, dates 1940-1990. Each document has texts
of realistic size: a summary of about 30 words, a text of about 700 words (--words) in paragraphs
from a Zipf-weighted vocabulary of 5,000 words, two footnotes, and the mentions enrichment would
record: each linked person and place named once in the text, one person in a footnote. Rows are
written with bulk SQL straight into the archive's tables (executemany on SQLite; COPY on PostgreSQL,
with foreign-key triggers off for the load, as pg_restore does); the schema comes from the
migrations. Then the browse tables are built, as `archivist sync` would. The search index is left
empty: `archivist reindex` fills it (its time is the indexing's, which bench/ingest measures).

Usage: ARCHIVIST_HOME=/tmp/web-bench .venv/bin/python bench/web/generate.py [--documents N]
       ARCHIVIST_HOME=/tmp/web-pg DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_million \
           .venv/bin/python bench/web/generate.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import time
from collections.abc import Iterable

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
BATCH = 20_000
VOCABULARY, SENTENCES = 5_000, 4_000
SENTENCES_A_PARAGRAPH = 5

TABLES = {  # the columns each table is written with, in the order of the generated rows
    "records_authority": ("id", "kind", "key", "sort_name", "display_name", "dates", "coordinates_source",
                          "description", "identifiers", "parent_id", "removed_variants"),
    "records_variantname": ("authority_id", "name", "origin", "scheme"),
    "records_document": ("id", "record_id", "title", "summary", "date", "date_display", "date_earliest",
                         "date_latest", "source", "rights", "original_language", "status", "created",
                         "modified", "publisher", "url", "number", "fingerprint"),
    "records_text": ("document_id", "position", "language", "kind", "body", "body_html"),
    "records_note": ("document_id", "position", "kind", "marker", "body", "body_html"),
    "records_link": ("document_id", "authority_id", "role", "position", "status"),
    "enrich_mention": ("document_id", "authority_id", "part", "position", "start", "end", "surface",
                       "confidence", "evidence"),
    "records_change": ("record_id", "action", "at"),
    "oai_harveststate": ("id", "change_id", "updated"),
}


class SqliteSink:
    """Rows into the archive's SQLite file, journal off (a generated archive is rebuilt, not recovered)."""

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;")

    def write(self, table: str, rows: Iterable[tuple]) -> None:
        columns = TABLES[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        self.db.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})", rows)

    def commit(self) -> None:
        self.db.commit()

    def finish(self) -> None:
        self.db.execute("ANALYZE")
        self.db.close()


class PostgresSink:
    """Rows into the archive's PostgreSQL database by COPY, foreign-key triggers off for the session
    (the generator writes every referenced row first), sequences moved past the written ids at the end."""

    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.db = connection.connection
        with self.db.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica; SET synchronous_commit = off")

    def write(self, table: str, rows: Iterable[tuple]) -> None:
        columns = ", ".join(f'"{c}"' for c in TABLES[table])
        with self.db.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def commit(self) -> None:
        self.db.commit()

    def finish(self) -> None:
        with self.db.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT coalesce(max(id), 1) FROM {table}))")
            self.db.commit()
            self.db.autocommit = True
            cursor.execute("VACUUM ANALYZE")


class Writing:
    """Texts of realistic size, made from a fixed pool of sentences so that a million stay quick."""

    def __init__(self, rng: random.Random) -> None:
        syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
        words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(VOCABULARY * 2)})
        words = words[:VOCABULARY]
        rng.shuffle(words)
        weights = [1 / rank for rank in range(1, len(words) + 1)]
        self.sentences = []
        for _ in range(SENTENCES):
            chosen = rng.choices(words, weights, k=rng.randint(8, 30))
            self.sentences.append(" ".join(chosen).capitalize() + ".")
        self.rng = rng

    def sentences_of(self, words: int) -> list[str]:
        chosen, count = [], 0
        while count < words:
            sentence = self.rng.choice(self.sentences)
            chosen.append(sentence)
            count += sentence.count(" ") + 1
        return chosen

    def text_naming(self, words: int, names: list[tuple[int, str]]) -> tuple[str, list[tuple]]:
        """About `words` words in paragraphs, each name written once at the start of a paragraph;
        returns the text and each name's (authority id, start, end, surface)."""
        sentences = self.sentences_of(words)
        paragraphs = [" ".join(sentences[i:i + SENTENCES_A_PARAGRAPH])
                      for i in range(0, len(sentences), SENTENCES_A_PARAGRAPH)]
        parts, found, length = [], [], 0
        for number, paragraph in enumerate(paragraphs):
            if number < len(names):
                authority, surface = names[number]
                found.append((authority, length, length + len(surface), surface))
                paragraph = f"{surface} {paragraph[0].lower()}{paragraph[1:]}"
            parts.append(paragraph)
            length += len(paragraph) + 2
        return "\n\n".join(parts), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--words", type=int, default=700, help="words in each document's text")
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from django.conf import settings
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        sink = PostgresSink()
    else:
        connection.close()
        sink = SqliteSink(settings.DATABASES["default"]["NAME"])
    rng = random.Random(SEED)
    ids, names = _authorities(sink)
    writing = Writing(rng)
    _documents(sink, rng, writing, ids, names, args)
    now = dt.datetime.now(dt.UTC).isoformat()
    sink.write("records_change", [(str(args.documents), "upsert", now)])
    # The OAI harvest records are bench/oai's to measure: marked current, so that a server's outbox
    # worker does not spend the page benchmark building a million of them.
    sink.write("oai_harveststate", [(1, 1, now)])
    sink.commit()
    sink.finish()
    loaded = time.perf_counter() - started
    print(f"generated {args.documents} documents in {loaded:.0f} s", flush=True)
    connection.close()
    from archivist.web import counts

    counts.ensure_fresh()
    print(json.dumps({"documents": args.documents, "words": args.words, "database": connection.vendor,
                      "load_seconds": round(loaded), "browse_tables_seconds":
                      round(time.perf_counter() - started - loaded)}), flush=True)


def _authorities(sink) -> tuple[dict[str, list[int]], dict[int, str]]:
    rows, next_id = [], 1
    ids: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for kind, count in SHAPE.items():
        ids[kind] = list(range(next_id, next_id + count))
        for i in range(count):
            name = _name(kind, i)
            names[next_id + i] = _as_written(name)
            parent = ids[kind][i // 20] if kind == "subject" and i >= 20 else None
            rows.append((next_id + i, kind, f"{kind}-{i}", name, name, "", "", "", "{}", parent, "[]"))
        next_id += count
    ids["archive"] = []
    for a in range(ARCHIVES):
        archive_id = next_id
        rows.append((archive_id, "archive", f"archive-{a}", f"Archive {a:02d}", f"Archive {a:02d}",
                     "", "", "", "{}", None, "[]"))
        next_id += 1
        for c in range(COLLECTIONS):
            rows.append((next_id, "archive", f"archive-{a}--collection-{c}", f"Collection {a}.{c}",
                         f"Collection {a}.{c}", "", "", "", "{}", archive_id, "[]"))
            ids["archive"].append(next_id)
            next_id += 1
    sink.write("records_authority", rows)
    sink.write("records_variantname",
               [(i, f"Variant of person {i}", "generated", "") for i in ids["person"][::4]])
    sink.commit()
    return ids, names


def _name(kind: str, i: int) -> str:
    if kind == "person":
        surname = "".join(chr(65 + (i * 7 + k) % 26) if k == 0 else chr(97 + (i * 13 + k * 5) % 26)
                          for k in range(6))
        return f"{surname}, Person {i}"
    return f"{kind.title()} {i:05d}"


def _as_written(name: str) -> str:
    """"Surname, Forenames" as a text writes it: "Forenames Surname"."""
    surname, _, forenames = name.partition(", ")
    return f"{forenames} {surname}" if forenames else name


def _documents(sink, rng: random.Random, writing: Writing, ids: dict[str, list[int]],
               names: dict[int, str], args: argparse.Namespace) -> None:
    start_day = dt.date(1940, 1, 1).toordinal()
    days = dt.date(1990, 12, 31).toordinal() - start_day
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
    started = time.perf_counter()
    for first in range(1, args.documents + 1, BATCH):
        documents, texts, notes, links, mentions = [], [], [], [], []
        for doc_id in range(first, min(first + BATCH, args.documents + 1)):
            day = dt.date.fromordinal(start_day + rng.randrange(days))
            title = f"{rng.choice(DOC_TYPES)} on {rng.choice(WORDS)} and {rng.choice(WORDS)}"
            summary = " ".join(writing.sentences_of(30))
            documents.append((doc_id, str(doc_id), title, summary, day.isoformat(),
                              day.strftime("%B %-d, %Y"), day, day, "Source volume", "", "English",
                              "published", now, now, "", "", "", ""))
            document_links = _links(rng, ids, doc_id)
            links.extend(document_links)
            named = [(authority, names[authority]) for _, authority, role, _, _ in document_links
                     if role == "author" or (role == "associated" and authority in names)]
            body, found = writing.text_naming(args.words, named)
            texts.append((doc_id, 0, "English", "original", body, ""))
            mentions.extend((doc_id, authority, "text", 0, start, end, surface, 1.0, "full")
                            for authority, start, end, surface in found)
            for position in (1, 2):
                note, found = writing.text_naming(25, named[position - 1:position])
                notes.append((doc_id, position, "footnote", str(position), note, ""))
                mentions.extend((doc_id, authority, "note", position, start, end, surface, 1.0, "full")
                                for authority, start, end, surface in found)
        for table, rows in (("records_document", documents), ("records_text", texts), ("records_note", notes),
                            ("records_link", links), ("enrich_mention", mentions)):
            sink.write(table, rows)
        sink.commit()
        print(f"{doc_id} documents, {time.perf_counter() - started:.0f} s", flush=True)


def _links(rng: random.Random, ids: dict[str, list[int]], doc_id: int) -> list[tuple]:
    """An author, two associated people or organizations, a place or two, a topic, a subject, an archive.

    Authors follow a log-uniform rank distribution: a few appear in many documents, as in real archives.
    """
    people = ids["person"]
    rank = int(len(people) ** rng.random()) - 1
    chosen = {people[rank * 7 % len(people)]}
    chosen.update(rng.sample(people, 2))
    links = [(doc_id, pid, "author" if i == 0 else "associated", i, "curated")
             for i, pid in enumerate(chosen)]
    if rng.random() < 0.3:
        links.append((doc_id, rng.choice(ids["organization"]), "associated", 5, "curated"))
    for i, place in enumerate({rng.choice(ids["place"]) for _ in range(rng.randint(1, 2))}):
        links.append((doc_id, place, "associated", 10 + i, "curated"))
    links.append((doc_id, rng.choice(ids["topic"]), "topic", 20, "curated"))
    links.append((doc_id, rng.choice(ids["subject"]), "subject", 30, "curated"))
    links.append((doc_id, rng.choice(ids["archive"]), "archive", 40, "curated"))
    return links


if __name__ == "__main__":
    main()
