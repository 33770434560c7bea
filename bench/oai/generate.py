"""A deterministic archive of published documents in the database, for the OAI-PMH harvest benchmark.

Shape: 5,000 people, 500 places, 300 topics, 12 archives with 5 collections each; each document a
title, summary, EDTF date, a text of about 120 words, a footnote, an author, a recipient, a place, a
topic and a collection. Written with bulk_create through the models, so the schema's defaults hold.

Usage: ARCHIVIST_HOME=/tmp/oai-bench .venv/bin/python bench/oai/generate.py [--documents 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

SEED = 20261207
WORDS = ("treaty", "alliance", "embassy", "minister", "delegation", "cable", "report", "meeting", "border",
         "trade", "credit", "negotiation", "telegram", "committee", "government", "policy", "relations",
         "visit", "statement", "military", "economic", "assistance", "conference", "proposal")
BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from archivist.records.models import Document

    if Document.objects.exists():
        sys.exit("the archive already holds documents: give an empty ARCHIVIST_HOME")
    started = time.perf_counter()
    rng = random.Random(SEED)
    authorities = _authorities()
    for first in range(0, args.documents, BATCH):
        _documents(rng, authorities, range(first, min(first + BATCH, args.documents)))
    print(f"generated {args.documents} documents in {time.perf_counter() - started:.0f} s")


def _authorities() -> dict[str, list]:
    from archivist.records.models import Authority, AuthorityKind

    def made(kind: str, names: list[str], parents: list | None = None) -> list:
        rows = [Authority(kind=kind, key=f"{kind}-{i}", sort_name=name, display_name=name,
                          parent=parents[i % len(parents)] if parents else None)
                for i, name in enumerate(names)]
        return Authority.objects.bulk_create(rows)

    archives = made(AuthorityKind.ARCHIVE, [f"Archive {i}" for i in range(12)])
    collections = [Authority(kind=AuthorityKind.ARCHIVE, key=f"collection-{i}", sort_name=f"Collection {i}",
                             display_name=f"Collection {i}", parent=archives[i % 12]) for i in range(60)]
    return {"person": made(AuthorityKind.PERSON, [f"Person{i}, Forename" for i in range(5000)]),
            "place": made(AuthorityKind.PLACE, [f"Place {i}" for i in range(500)]),
            "topic": made(AuthorityKind.TOPIC, [f"Topic {i}" for i in range(300)]),
            "collection": Authority.objects.bulk_create(collections)}


def _documents(rng: random.Random, authorities: dict[str, list], numbers: range) -> None:
    from archivist.records.models import Document, Link, Note, Text

    start = dt.date(1940, 1, 1).toordinal()
    documents = []
    for number in numbers:
        day = dt.date.fromordinal(start + rng.randrange(18_000))
        documents.append(Document(
            record_id=f"bench-{number}", title=f"Cable on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            summary=" ".join(rng.choices(WORDS, k=25)), date=day.isoformat(), date_earliest=day,
            date_latest=day, date_display=day.strftime("%B %-d, %Y"), source="Bench volume",
            original_language="English", status=Document.Status.PUBLISHED))
    documents = Document.objects.bulk_create(documents)
    texts, notes, links = [], [], []
    for document in documents:
        texts.append(Text(document=document, language="English", body=" ".join(rng.choices(WORDS, k=120))))
        notes.append(Note(document=document, marker="1", body=" ".join(rng.choices(WORDS, k=12))))
        author, recipient = rng.sample(authorities["person"], 2)
        for position, (authority, role) in enumerate([
                (author, Link.Role.AUTHOR), (recipient, Link.Role.RECIPIENT),
                (rng.choice(authorities["place"]), Link.Role.ASSOCIATED),
                (rng.choice(authorities["topic"]), Link.Role.TOPIC),
                (rng.choice(authorities["collection"]), Link.Role.ARCHIVE)]):
            links.append(Link(document=document, authority=authority, role=role, position=position))
    Text.objects.bulk_create(texts)
    Note.objects.bulk_create(notes)
    Link.objects.bulk_create(links)
    print(f"{numbers.stop} documents", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
