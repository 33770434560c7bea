"""The pure linker against FRUS editors' persName markup: no database, the volume's persons list as the
authority file, the text of each document div with the markup removed (see bench/README.md)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from lxml import etree

from archivist.enrich.linker import Linker, common_words
from bench.linking.gold import NS, XML_ID, DocumentText, document_date, persons, prf


def evaluate(path: Path, verbose: bool = False, offices: bool = False) -> dict:
    tree = etree.parse(str(path))
    entries = persons(tree)
    documents = [(div.get(XML_ID), DocumentText(div), document_date(div))
                 for div in tree.xpath('//t:div[@type="document"]', namespaces=NS)]
    started = time.perf_counter()
    vocabulary = common_words(doc.text for _, doc, _ in documents)
    first = Linker(entries, vocabulary)
    prior = Counter(m.entry_id for _, doc, day in documents for m in first.link(doc.text, day)
                    if m.evidence in ("full", "forename", "title"))
    linker = Linker(entries, vocabulary, prior)
    counts = Counter()
    errors = []
    for doc_id, doc, day in documents:
        mentions = linker.link(doc.text, day, offices=offices)
        for m in mentions:
            ok = any(s < m.end and m.start < e and target == m.entry_id for s, e, target in doc.gold)
            counts["mention_tp_pred"] += ok
            unjudged = not ok and any(s < m.end and m.start < e for s, e in doc.unidentified)
            counts["mention_unjudged"] += unjudged
            if not ok:
                kind = "FP-unidentified" if unjudged else "FP"
                context = doc.text[max(0, m.start - 40):m.end + 20].replace("\n", " ")
                errors.append((kind, doc_id, m.text, m.entry_id, m.evidence, context))
        for s, e, target in doc.gold:
            ok = any(m.start < e and s < m.end and target == m.entry_id for m in mentions)
            counts["mention_tp_gold"] += ok
            if not ok:
                errors.append(("FN", doc_id, doc.text[s:e], target, "",
                               doc.text[max(0, s - 40):e + 20].replace("\n", " ")))
        predicted = {m.entry_id for m in mentions}
        gold = {target for _, _, target in doc.gold}
        counts["mention_pred"] += len(mentions)
        counts["mention_gold"] += len(doc.gold)
        counts["doc_tp"] += len(predicted & gold)
        counts["doc_pred"] += len(predicted)
        counts["doc_gold"] += len(gold)
    elapsed = time.perf_counter() - started
    if verbose:
        for error in errors:
            print("\t".join(map(str, error)), file=sys.stderr)
    return {
        "volume": path.name,
        "offices": offices,
        "documents": len(documents),
        "characters": sum(len(doc.text) for _, doc, _ in documents),
        "persons": len(entries),
        "mentions": prf(counts["mention_tp_pred"], counts["mention_pred"],
                        counts["mention_tp_gold"], counts["mention_gold"]),
        "mentions_judged": prf(counts["mention_tp_pred"],
                               counts["mention_pred"] - counts["mention_unjudged"],
                               counts["mention_tp_gold"], counts["mention_gold"]),
        "documents_persons": prf(counts["doc_tp"], counts["doc_pred"], counts["doc_tp"], counts["doc_gold"]),
        "seconds": round(elapsed, 2),
    }
