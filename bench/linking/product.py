"""The product's path, as a user takes it: a FRUS volume with the editors' person markup removed is
imported into a fresh archive with `archivist ingest`, linked with `archivist enrich`, and the
proposals are read back with `archivist export` (documents) and from the archive's mentions (mention
level), then scored against the editors' markup of the original volume.

Each command runs as its own process against its own ARCHIVIST_HOME (SQLite), as a user runs it. With several
volumes (and the reference record) in one archive the authority file holds every volume's people, one
record per person as the import keeps them; a person of the editors' markup is then the record that
holds that volume's persons-list identifier, its own or one merged into it.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from archivist.records.bodies import names_a_body
from bench.linking import things
from bench.linking.gold import NS, TEI, XML_ID, DocumentText, persons, prf, volume_id

ROOT = Path(__file__).resolve().parents[2]
ARCHIVIST = Path(sys.executable).with_name("archivist")
# The reference record and the demo's authority records (its people in pinyin: Zhou Enlai).
REFERENCE = (ROOT / "archivist" / "demo" / "data" / "10-authorities.jsonl",
             ROOT / "archivist" / "demo" / "data" / "20-wilson-center-110390.json")
PROPOSED = "proposed"


@dataclass
class Volume:
    """One volume's gold: per record ID, the editors' persons (as "volume/xml_id") of each mention,
    and its persons list."""

    path: Path
    id: str
    gold: dict[str, list[str]]
    persons: list[str]
    unidentified: dict[str, set[str]]  # per record ID, names the editors marked without saying who
    places: dict[str, set[str]]  # per record ID, the places the editors marked (placeName)
    glossed: dict[str, Counter]  # per record ID, abbreviations of organizations the editors glossed


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()


def read_volume(path: Path) -> Volume:
    tree = etree.parse(str(path))
    vid = volume_id(tree.getroot(), path)
    terms = {f"#{term.get(XML_ID)}": _plain_item(term) for term in tree.xpath(
        '//t:div[@xml:id="terms"]//t:item//t:term[@xml:id]', namespaces=NS)}
    gold, unidentified, places, glossed = {}, {}, {}, {}
    for div in tree.xpath('//t:div[@type="document"]', namespaces=NS):
        text = DocumentText(div)
        record_id = f"{vid}-{div.get(XML_ID)}"
        gold[record_id] = [f"{vid}/{target}" for _, _, target in text.gold]
        unidentified[record_id] = {_plain(text.text[s:e]) for s, e in text.unidentified}
        places[record_id] = {_words(p) for p in div.xpath(".//t:placeName", namespaces=NS)}
        glossed[record_id] = Counter(_words(g) for g in div.xpath(".//t:gloss[@target]", namespaces=NS)
                                     if names_a_body(terms.get(g.get("target"), "")))
    return Volume(path, vid, gold, [f"{vid}/{entry.id}" for entry in persons(tree)], unidentified, places,
                  glossed)


def _text_of(element) -> str:
    return "".join(element.itertext())


def _words(element) -> str:
    return " ".join(_text_of(element).split())


def _plain_item(term) -> str:
    """A glossary term's expansion: its list item after the term."""
    item = next(term.iterancestors(f"{TEI}item"))
    whole, label = " ".join(_text_of(item).split()), " ".join(_text_of(term).split())
    return whole[whole.find(label) + len(label):].lstrip(" ,")


def strip_markup(source: Path, folder: Path) -> Path:
    """A copy of the volume whose document divs keep their names of people and places as text, without
    persName and placeName elements (the persons list stays: it is the authority file of people)."""
    tree = etree.parse(str(source))
    for div in tree.xpath('//t:div[@type="document"]', namespaces=NS):
        etree.strip_tags(div, f"{TEI}persName", f"{TEI}placeName")
    target = folder / source.name
    tree.write(str(target), encoding="utf-8", xml_declaration=True)
    return target


def gazetteer(volumes: list[Volume], folder: Path) -> Path:
    """The places the editors marked, as an authority file of the record format: the volumes' own
    gazetteer, as their persons lists are their files of people."""
    names = sorted({name for v in volumes for found in v.places.values() for name in found})
    path = folder / "places.jsonl"
    lines = (json.dumps({"type": "place", "id": re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-"),
                         "name": name}) for name in names)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scratch_environment(home: Path) -> dict[str, str]:
    """A fresh archive of its own: SQLite in `home`, whatever database the caller's environment names."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {**env, "ARCHIVIST_HOME": str(home)}


def archivist(home: Path, *args: str) -> str:
    result = subprocess.run([str(ARCHIVIST), *args], env=scratch_environment(home), capture_output=True,
                            text=True)
    if result.returncode:
        raise SystemExit(f"archivist {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


MENTIONS_SCRIPT = """
import json
from archivist.bootstrap import open_archive
open_archive()
from archivist.enrich.models import Mention
rows = []
for m in Mention.objects.select_related("document", "authority"):
    d = m.document  # where each was read, for the samples judged by hand
    part = {"title": d.title, "summary": d.summary}.get(m.part) or (
        (d.texts if m.part == "text" else d.notes).get(position=m.position).body)
    context = " ".join(part[max(0, m.start - 70):m.end + 50].split())
    rows.append((d.record_id, m.authority.kind, m.authority.key, m.surface, context))
print(json.dumps(rows))
"""


def run_archive(volumes: list[Volume], reference: bool, folder: Path, offices: bool = False) -> dict:
    """Import the stripped volumes (and the reference record) into a fresh archive, enrich, export."""
    home = folder / "home"
    stripped = folder / "stripped"
    stripped.mkdir(parents=True)
    paths = [str(strip_markup(v.path, stripped)) for v in volumes]
    started = time.perf_counter()
    archivist(home, "load", str(gazetteer(volumes, folder)), *(map(str, REFERENCE) if reference else ()))
    archivist(home, "ingest", "--quiet", *paths)
    imported = time.perf_counter()
    summary = archivist(home, "enrich", *(["--offices"] if offices else []))
    enriched = time.perf_counter()
    export = folder / "export.jsonl"
    archivist(home, "export", "--format", "jsonl", "-o", str(export))
    records = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    mentions = json.loads(subprocess.run([sys.executable, "-c", MENTIONS_SCRIPT], check=True, text=True,
                                         env=scratch_environment(home), capture_output=True).stdout)
    return {"records": records, "mentions": mentions, "enrich": summary.strip(),
            "seconds_ingest": round(imported - started, 1), "seconds_enrich": round(enriched - imported, 1)}


def persons_of(records: list[dict]) -> dict[str, str]:
    """"volume/xml_id" of the editors' persons lists -> the key of the record that now holds it."""
    holder = {}
    for record in records:
        if record.get("type") != "person":
            continue
        for identifiers in _identifier_sets(record.get("identifiers") or {}):
            if identifiers.get("frus") and identifiers.get("frus_volume"):
                holder[f"{identifiers['frus_volume']}/{identifiers['frus']}"] = record["id"]
    return holder


def _identifier_sets(identifiers: dict) -> list[dict]:
    """A record's own identifiers and those of the records merged into it."""
    merged = identifiers.get("merged") or []
    return [identifiers, *(m for m in merged if isinstance(m, dict))]


def score(volume: Volume, run: dict, verbose: bool = False) -> dict:
    """Mention and document level figures for one volume's documents in an archive.

    Strict figures count every proposal; judged ones leave out the proposals the editors' markup cannot
    judge: of people who are not in the volume's persons list (in an archive of several volumes), and
    of people read in the document only where the editors marked a name without saying who it is
    ("Ambassador Johnson" where the markup has <persName>Johnson</persName>)."""
    holder = persons_of(run["records"])
    listed = {holder.get(person, person) for person in volume.persons}
    documents = {r["record_id"]: r for r in run["records"] if r.get("type") == "document"}
    predicted_mentions: dict[str, Counter] = defaultdict(Counter)
    surfaces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record_id, kind, key, surface, _ in run["mentions"]:
        if kind == "person":
            predicted_mentions[record_id][key] += 1
            surfaces[(record_id, key)].append(_plain(surface))
    counts = Counter()
    for record_id, gold_people in volume.gold.items():
        document = documents.get(record_id)
        if document is None:  # an editorial note: the import keeps only historical documents
            continue
        gold = Counter(holder.get(person, person) for person in gold_people)
        found = predicted_mentions[record_id]
        counts["mention_tp"] += sum(min(n, gold[key]) for key, n in found.items())
        counts["mention_pred"] += sum(found.values())
        unjudged = {key for key in found if key not in listed or key not in gold and all(
            any(s == name or s.endswith(" " + name) for name in volume.unidentified[record_id])
            for s in surfaces[(record_id, key)])}
        counts["mention_unjudged"] += sum(n for key, n in found.items() if key in unjudged)
        counts["mention_gold"] += sum(gold.values())
        proposed = {link["id"] for link in document.get("links", [])
                    if link["type"] == "person" and link.get("status") == PROPOSED}
        counts["doc_tp"] += len(proposed & set(gold))
        counts["doc_pred"] += len(proposed)
        counts["doc_unjudged"] += len(proposed & unjudged)  # every proposal comes from a mention
        counts["doc_gold"] += len(gold)
        counts["documents"] += 1
        if verbose:
            for key in sorted(proposed - set(gold)):
                print(f"{'FP-unjudged' if key in unjudged else 'FP'}\t{record_id}\t{key}", file=sys.stderr)
            for key in sorted(set(gold) - proposed):
                print(f"FN\t{record_id}\t{key}", file=sys.stderr)
    result = {
        "volume": volume.path.name,
        "documents": counts["documents"],
        "mentions": prf(counts["mention_tp"], counts["mention_pred"], counts["mention_tp"],
                        counts["mention_gold"]),
        "documents_persons": prf(counts["doc_tp"], counts["doc_pred"], counts["doc_tp"], counts["doc_gold"]),
    }
    tp, judged = counts["mention_tp"], counts["mention_pred"] - counts["mention_unjudged"]
    result["mentions_judged"] = prf(tp, judged, tp, counts["mention_gold"])
    result["documents_persons_judged"] = prf(counts["doc_tp"], counts["doc_pred"] - counts["doc_unjudged"],
                                             counts["doc_tp"], counts["doc_gold"])
    return result


def unlisted_sample(volumes: list[Volume], run: dict, size: int, seed: int = 1) -> list[tuple]:
    """`size` mentions, drawn with `seed`, of people outside the persons list of the volume whose document
    names them: what the strict figures count as wrong and the judged ones leave out, to judge by hand."""
    holder = persons_of(run["records"])
    unlisted = []
    for volume in volumes:
        listed = {holder.get(person, person) for person in volume.persons}
        unlisted += [(m[0], m[2], m[3], m[4]) for m in run["mentions"]
                     if m[1] == "person" and m[0] in volume.gold and m[2] not in listed]
    return random.Random(seed).sample(sorted(unlisted), min(size, len(unlisted)))


def evaluate(paths: list[Path], together: bool, verbose: bool = False, offices: bool = False,
             sample: int = 0) -> list[dict]:
    """Each volume in its own fresh archive, or (together) all of them and the reference record in one,
    then printing `sample` mentions of places and of organizations, with where they were read, to judge."""
    volumes = [read_volume(path) for path in paths]
    with tempfile.TemporaryDirectory(prefix="bench-linking-") as scratch:
        if together:
            run = run_archive(volumes, True, Path(scratch), offices)
            for kind in ("place", "organization") if sample else ():
                for record_id, key, surface, context in things.sample(run, kind, sample):
                    print(f"SAMPLE {kind}\t{record_id}\t{key}\t{surface}\t{context}", file=sys.stderr)
            for record_id, key, surface, context in unlisted_sample(volumes, run, sample):
                print(f"SAMPLE unlisted person\t{record_id}\t{key}\t{surface}\t{context}", file=sys.stderr)
            return [_result(volume, run, "all volumes and the reference record", verbose)
                    for volume in volumes]
        return [_result(volume, run_archive([volume], False, Path(scratch) / str(index), offices),
                        "one volume", verbose) for index, volume in enumerate(volumes)]


def _result(volume: Volume, run: dict, setup: str, verbose: bool) -> dict:
    return {**score(volume, run, verbose), "setup": setup, "places": things.score_places(volume, run),
            "organizations": things.score_organizations(volume, run), "person_records": _persons(run),
            "enrich": run["enrich"], "seconds_ingest": run["seconds_ingest"],
            "seconds_enrich": run["seconds_enrich"]}


def _persons(run: dict) -> int:
    return sum(record.get("type") == "person" for record in run["records"])
