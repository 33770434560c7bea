"""The demo collection holds what the README shows: a document with its original beside its translation."""

from __future__ import annotations

import json

from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.web.counts import ensure_fresh
from tests.conftest import ROOT

CONSTITUTION = ROOT / "archivist" / "demo" / "data" / "30-constitution-of-japan-1946.json"


def test_the_demo_has_an_original_beside_its_translation(client, db):
    store_records(CONSTITUTION, read_json_records(CONSTITUTION))
    ensure_fresh()
    twin = client.get("/documents/constitution-of-japan-1946.json").json()
    assert [(t["language"], t["kind"]) for t in twin["texts"]] == [("English", "translation"),
                                                                   ("Japanese", "original")]
    assert twin["texts"][1]["body"].startswith("日本国民は、正当に選挙された国会における代表者")
    assert twin["rights"].startswith("Public domain") and "Article 13" in twin["rights"]
    page = client.get("/documents/constitution-of-japan-1946").content.decode()
    assert 'class="texts texts-parallel"' in page and 'lang="ja"' in page
    record = json.loads(CONSTITUTION.read_text(encoding="utf-8"))
    assert "Government of Japan" in record["source"]  # the source of each text is named
