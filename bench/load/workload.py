"""The request mix: which URLs the clients ask for, by class, from the archive's description.

Pages (target p95 100 ms): a document page; a people or places A-Z page; an authority record's
page (a person, place, topic or subject); /dates or a year's page. Faceted searches (target p95
200 ms), as HTML and as JSON: one or two title words, one or two facet choices (people, places,
topics, subjects or archives) and a date range of 1-10 years.
"""

from __future__ import annotations

import random
import string
from urllib.parse import urlencode

from bench.load.client import Workload

MIX = {  # class -> share of requests, in percent
    "document": 30, "browse A-Z": 10, "authority": 15, "dates": 5, "search": 20, "search.json": 20,
}
PAGE_CLASSES = ("document", "browse A-Z", "authority", "dates")
SEARCH_CLASSES = ("search", "search.json")
KIND_OF_FACET = {"people": "person", "places": "place", "topics": "topic", "subjects": "subject",
                 "archives": "archive"}
AUTHORITY_PAGES = ("people", "places", "topics", "subjects")  # URL prefixes, named as the facets


def make_workload(archive: dict, only: tuple[str, ...] = tuple(MIX)) -> Workload:
    """A function of a random generator giving (class, path), drawn with the MIX's shares among the
    classes `only` names (all by default)."""
    classes = [kind for kind in MIX if kind in only]
    weights = [MIX[kind] for kind in classes]
    makers = {
        "document": lambda rng: f"/documents/{rng.choice(archive['record_ids'])}",
        "browse A-Z": lambda rng: f"/{rng.choice(('people', 'places'))}?letter="
                                  f"{rng.choice(string.ascii_uppercase)}",
        "authority": lambda rng: _authority(rng, archive),
        "dates": lambda rng: "/dates" if rng.random() < 0.5 else f"/dates/{rng.randint(*archive['years'])}",
        "search": lambda rng: "/search?" + _search_query(rng, archive),
        "search.json": lambda rng: "/search.json?" + _search_query(rng, archive),
    }

    def next_request(rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(classes, weights)[0]
        return kind, makers[kind](rng)

    return next_request


def _authority(rng: random.Random, archive: dict) -> str:
    facet = rng.choice(AUTHORITY_PAGES)
    return f"/{facet}/{rng.choice(archive['keys'][facet])}"


def _search_query(rng: random.Random, archive: dict) -> str:
    words = rng.sample(archive["words"], rng.randint(1, 2))
    pairs = [("q", " ".join(words))]
    for facet in rng.sample(sorted(archive["keys"]), rng.randint(1, 2)):
        pairs.append((facet, f"{KIND_OF_FACET[facet]}/{rng.choice(archive['keys'][facet])}"))
    first, last = archive["years"]
    start = rng.randint(first, last)
    pairs += [("from", str(start)), ("to", str(min(last, start + rng.randint(0, 9))))]
    return urlencode(pairs)
