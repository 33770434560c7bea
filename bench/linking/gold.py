"""What the FRUS editors marked: the persons list, and each document div's text with where its persNames
were. Both evaluations (bench.linking.pure, bench.linking.product) score against this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from archivist.enrich.linker import Entry

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI[1:-1]}
INLINE = {f"{TEI}{name}" for name in ("persName", "hi", "placeName", "gloss", "date", "ref", "orgName",
                                      "rs", "term", "foreign", "name", "emph", "title", "seg", "lb")}
DEFAULT_VOLUMES = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "frus"


def persons(tree) -> list[Entry]:
    """The volume's persons list: the name as the editors wrote it, then their identification."""
    entries = []
    for name in tree.xpath('//t:div[@xml:id="persons"]//t:persName[@xml:id]', namespaces=NS):
        item = name.xpath("ancestor::t:item[1]", namespaces=NS)[0]
        whole = " ".join("".join(item.itertext()).split())
        label = " ".join("".join(name.itertext()).split())
        description = whole[whole.find(label) + len(label):].lstrip(" ,")
        entries.append(Entry(id=name.get(XML_ID), sort_name=label, description=description))
    return entries


class DocumentText:
    """A document div flattened to text, remembering where the editors' persNames were."""

    def __init__(self, div) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.gold: list[tuple[int, int, str]] = []
        self.unidentified: list[tuple[int, int]] = []  # persNames the editors left without corresp
        self._walk(div)
        self.text = "".join(self.parts)

    def _add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _walk(self, element) -> None:
        block = element.tag not in INLINE
        if block:
            self._add(" ")
        start = self.length
        self._add(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self._walk(child)
            self._add(child.tail)
        if element.tag == f"{TEI}persName" and element.get("corresp"):
            for target in element.get("corresp").split():
                self.gold.append((start, self.length, target.lstrip("#")))
        elif element.tag == f"{TEI}persName":
            self.unidentified.append((start, self.length))
        if block:
            self._add(" ")


def document_date(div) -> dt.date | None:
    for when in div.xpath(".//t:dateline//t:date/@when | .//t:dateline//t:date/@notBefore",
                          namespaces=NS):
        try:
            return dt.date.fromisoformat(when[:10])
        except ValueError:
            continue
    return None


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "predicted": n_pred, "gold": n_gold}


def volume_id(root, path: Path) -> str:
    """The volume's ID as `archivist ingest` makes it (archivist.ingest.tei): the TEI element's xml:id,
    else the FRUS idno, else the file's name; record IDs are "<volume>-<div xml:id>"."""
    idno = root.find(".//t:publicationStmt/t:idno[@type='frus']", NS)
    if root.get(XML_ID):
        return root.get(XML_ID)
    if idno is not None and (idno.text or "").strip():
        return " ".join(idno.text.split())
    return path.stem
