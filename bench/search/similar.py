"""Time "More like this" (archivist.search.similar) on a search benchmark index built by bench.search.run.

The documents asked about are regenerated from the same seed (the index holds no text), with their
title, summary, text and names as the document page gives them. Prints p50/p95/p99 in ms and how many
similar documents were found.

Usage: .venv/bin/python -m bench.search.similar --home /tmp/bench-100k [--samples 200]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from bench.search.run import _open


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    _open(args.home)
    from archivist.search.schema import reader
    from archivist.search.similar import more_like_this
    from bench.search.generate import Archive

    archive = Archive()
    total = reader().current()[0].num_docs - 1  # less the position document
    numbers = random.Random(5).sample(range(total), args.samples)
    asked = [archive.document(number) for number in numbers]
    times, found = [], []
    for _ in range(2):  # the first round warms the index's pages
        times.clear()
        found.clear()
        for document in asked:
            words = [document.title, document.summary, document.body,
                     *(linked.names[0] for linked in document.linked)]
            started = time.perf_counter()
            similar = more_like_this(document.record_id, words, limit=15)
            times.append((time.perf_counter() - started) * 1000)
            found.append(len(similar))
    cuts = statistics.quantiles(times, n=100)
    print(json.dumps({"documents": total, "samples": args.samples, "p50_ms": round(cuts[49], 2),
                      "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2),
                      "found_mean": round(statistics.mean(found), 1)}))


if __name__ == "__main__":
    main()
