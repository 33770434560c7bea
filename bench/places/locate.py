"""What locating places costs: the gazetteer's first reading, and `locate_places` over many places.

A new archive (ARCHIVIST_HOME, a directory not yet made or empty) gets PLACES place records named
after the gazetteer's own names, chosen by a fixed seed: nine in ten a name GeoNames gives a city or
country (some of them names of several places: ambiguous), one in ten made up (not found). Each is linked to
one document, so the outbox rows a located place queues are counted too. Prints the figures as JSON.

Usage: ARCHIVIST_HOME=/tmp/places-bench .venv/bin/python -m bench.places.locate [--places 3000]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from archivist.config import archive_home

SEED = 20261207


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=3000)
    args = parser.parse_args()
    if archive_home().exists() and any(archive_home().iterdir()):
        raise SystemExit(f"{archive_home()} is not empty: name a new directory as ARCHIVIST_HOME")
    from archivist.bootstrap import open_archive

    open_archive()
    from archivist.places.gazetteer import gazetteer
    from archivist.places.services import locate_places
    from archivist.records.models import Authority, Change, Document, Link

    started = time.perf_counter()
    names = sorted(gazetteer().by_name)
    loaded = time.perf_counter() - started
    rng = random.Random(SEED)
    chosen = [rng.choice(names) if rng.random() < 0.9 else f"Nowhere {n}" for n in range(args.places)]
    Authority.objects.bulk_create(Authority(kind="place", key=f"p{n}", sort_name=name[:500],
                                            display_name=name[:500]) for n, name in enumerate(chosen))
    Document.objects.bulk_create(Document(record_id=f"d{n}", title=f"Document {n}", status="published")
                                 for n in range(args.places))
    documents = dict(Document.objects.values_list("record_id", "pk"))
    Link.objects.bulk_create(Link(document_id=documents[f"d{pk % args.places}"], authority_id=pk,
                                  role="associated")
                             for pk in Authority.objects.filter(kind="place").values_list("pk", flat=True))
    Change.objects.all().delete()
    started = time.perf_counter()
    report = locate_places(comment="bench.places.locate")
    located = time.perf_counter() - started
    print(json.dumps({"places": args.places, "gazetteer_names": len(names),
                      "gazetteer_first_read_s": round(loaded, 2), "locate_s": round(located, 2),
                      "places_per_s": round(args.places / located), "located": len(report.located),
                      "by_population": sum(a.by_population for _, a in report.located),
                      "ambiguous": len(report.ambiguous), "missing": len(report.missing),
                      "outbox_rows": Change.objects.count()}, indent=1))


if __name__ == "__main__":
    main()
