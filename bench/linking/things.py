"""Places and organizations through the product's path, scored against what FRUS editors mark of them.

- Places: the editors mark placeName only in datelines ("Washington", "Moscow"). The archive's
  places are the volumes' own gazetteer (every name they mark), the markup is removed, and recall is
  the share of marked places the document is linked to. A place named elsewhere in the text is
  unmarked, so precision against the markup says little: `sample` draws mentions to judge by hand.
- Organizations: the glossary's bodies become organization records at import (archivist.ingest.
  glossary); the editors gloss each abbreviation in the text (<gloss target="#t_AEC1">AEC</gloss>).
  Figures compare the abbreviations read as organizations (or places: "USSR" is the place Soviet
  Union where the archive has it) with those glossed, per document (full names written out are never
  glossed, so they are left out of both sides).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from archivist.enrich.linker import ACRONYM
from bench.linking.gold import prf

PROPOSED = "proposed"


def score_places(volume, run: dict) -> dict:
    names = {r["id"]: r.get("name", "").casefold() for r in run["records"] if r.get("type") == "place"}
    documents = {r["record_id"]: r for r in run["records"] if r.get("type") == "document"}
    counts = Counter()
    for record_id, marked in volume.places.items():
        document = documents.get(record_id)
        if document is None or not marked:
            continue
        gold = {name.casefold() for name in marked}
        linked = {names.get(link["id"], "") for link in document.get("links", [])
                  if link["type"] == "place" and link.get("status") == PROPOSED}
        counts["tp"] += len(gold & linked)
        counts["pred"] += len(linked)
        counts["gold"] += len(gold)
    return prf(counts["tp"], counts["pred"], counts["tp"], counts["gold"])


def score_organizations(volume, run: dict) -> dict:
    """Abbreviations read as organizations against those glossed, per document, at mention level and
    document level."""
    read: dict[str, Counter] = defaultdict(Counter)
    for record_id, kind, _, surface, _ in run["mentions"]:
        if kind in ("organization", "place") and ACRONYM.fullmatch(surface):
            read[record_id][surface] += 1
    documents = {r["record_id"] for r in run["records"] if r.get("type") == "document"}
    counts = Counter()
    for record_id, glossed in volume.glossed.items():
        if record_id not in documents:
            continue
        found = read[record_id]
        counts["mention_tp"] += sum(min(n, glossed[surface]) for surface, n in found.items())
        counts["mention_pred"] += sum(found.values())
        counts["mention_gold"] += sum(glossed.values())
        counts["doc_tp"] += len(set(found) & set(glossed))
        counts["doc_pred"] += len(found)
        counts["doc_gold"] += len(glossed)
    return {"mentions": prf(counts["mention_tp"], counts["mention_pred"], counts["mention_tp"],
                            counts["mention_gold"]),
            "documents": prf(counts["doc_tp"], counts["doc_pred"], counts["doc_tp"], counts["doc_gold"])}


def sample(run: dict, kind: str, size: int, seed: int = 1) -> list[tuple[str, str, str, str]]:
    """(record ID, record key, as written, context) of `size` mentions of this kind, drawn with `seed`."""
    mentions = sorted((m[0], m[2], m[3], m[4]) for m in run["mentions"] if m[1] == kind)
    return random.Random(seed).sample(mentions, min(size, len(mentions)))
