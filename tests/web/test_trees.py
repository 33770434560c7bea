"""Subjects and the Catalog show every level of their trees, and a broader record counts and lists the
published documents filed under it or under any record below it, each once."""

import json
import re
from pathlib import Path

from archivist.ingest.csvrecords import read_csv_records
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.services import set_status
from archivist.web.counts import ensure_fresh

ROOT = Path(__file__).resolve().parents[2]
CSV_TEMPLATE = ROOT / "archivist" / "ingest" / "templates" / "documents-template.csv"


def _node(entries: list[dict], *path: str) -> dict:
    """The tree entry reached by names, from the top."""
    node = {"children": entries}
    for name in path:
        node = next(child for child in node["children"] if child["name"] == name)
    return node


def test_the_reference_records_own_heading_is_in_the_tree_and_broader_ones_count_it(client, full_record):
    data = client.get("/subjects.json").json()
    leaf = _node(data["results"], "China", "China--Foreign relations",
                 "China--Foreign relations--Soviet Union")
    assert leaf["documents"] == 1 and leaf["url"] == "/subjects/china-foreign-relations-soviet-union"
    assert _node(data["results"], "China")["documents"] == 1
    assert _node(data["results"], "China", "China--Foreign relations")["documents"] == 1
    page = client.get("/subjects").content.decode()
    assert 'href="/subjects/china-foreign-relations-soviet-union"' in page
    assert "0 documents" not in page


def test_a_broader_heading_counts_distinct_published_documents_itself_included(client, full_record,
                                                                                add_document):
    add_document("both", subjects_discussed=["China--Foreign relations--Soviet Union",
                                             "China--Foreign relations--United States"])
    add_document("own", subjects_discussed=["China--Foreign relations"])
    add_document("hidden", status="draft", subjects_discussed=["China--Foreign relations--Japan"])
    tree = client.get("/subjects.json").json()["results"]
    relations = _node(tree, "China", "China--Foreign relations")
    assert relations["documents"] == 3  # 110390, both (once, under two narrower headings) and own
    assert _node(tree, "China")["documents"] == 3
    assert [c["name"] for c in relations["children"]] == ["China--Foreign relations--Soviet Union",
                                                         "China--Foreign relations--United States"]
    assert "Japan" not in json.dumps(tree)  # only a draft is filed there
    page = client.get("/subjects/china.json").json()
    assert page["total"] == 3 and {r["record_id"] for r in page["results"]} == {"110390", "both", "own"}
    assert "/subjects/china-foreign-relations" in [n["url"] for n in page["narrower"]]
    assert "subjects=subject%2Fchina-foreign-relations-united-states" in page["search_url"]
    assert "japan" not in page["search_url"]
    html = client.get("/subjects/china").content.decode()
    assert "Documents <span class=\"count\">(3 documents)</span>" in html
    assert "/documents/both" in html and "/documents/hidden" not in html


def test_the_catalog_shows_archive_collection_and_series_each_with_the_documents_below(client, db):
    store_records(CSV_TEMPLATE, read_csv_records(CSV_TEMPLATE))  # National Archives > RG 59 > Central Files
    ensure_fresh()
    archive = _node(client.get("/catalog.json").json()["results"], "National Archives")
    assert archive["documents"] == 1
    series = _node([archive], "National Archives", "RG 59", "Central Files")
    assert series["documents"] == 1 and series["children"] == []
    page = client.get("/catalog").content.decode()
    assert re.search(r'>Central Files</a> <span class="count">1 document</span>', page)
    top = client.get(archive["url"] + ".json").json()
    assert [r["record_id"] for r in top["results"]] == ["example-1"]


def test_a_withdrawn_document_leaves_the_broader_records_at_once_and_their_counts_once_refreshed(
        client, full_record):
    set_status("110390", "draft")
    for _ in ("while the tables are behind", "once refreshed"):
        assert client.get("/subjects/china").status_code == 404
        assert client.get("/catalog/chinese-communist-party-central-archives-cca").status_code == 404
        assert client.get("/subjects.json").json()["results"] == []
        ensure_fresh()


def test_a_heading_moved_under_another_takes_its_documents_there(client, full_record, tmp_path):
    moved = tmp_path / "moved.jsonl"
    moved.write_text(json.dumps({"type": "subject", "id": "china-foreign-relations", "name":
                                 "China--Foreign relations", "parent": "news-agencies"}) + "\n")
    store_records(moved, read_json_records(moved))
    ensure_fresh()
    tree = client.get("/subjects.json").json()["results"]
    assert [top["name"] for top in tree] == ["News agencies"]  # China holds nothing now
    assert _node(tree, "News agencies", "China--Foreign relations",
                 "China--Foreign relations--Soviet Union")["documents"] == 1
    assert client.get("/subjects/china").status_code == 404


def test_the_tree_runs_a_fixed_number_of_queries_however_deep_and_wide(client, db, add_document,
                                                                       django_assert_max_num_queries):
    for n in range(12):
        add_document(f"t{n}", subjects_discussed=[f"Top {n % 3}--Middle {n % 6}--Leaf {n}--Deeper {n}"],
                     original_archive=[f"Archive {n % 2}", f"Collection {n % 4}", f"Series {n}"])
    for url in ("/subjects", "/catalog", "/subjects.json"):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200, url
    for url in ("/subjects/top-0", "/catalog/archive-0"):  # one more: the records below, for search
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
    deepest = _node(client.get("/subjects.json").json()["results"], "Top 0", "Top 0--Middle 0",
                    "Top 0--Middle 0--Leaf 0", "Top 0--Middle 0--Leaf 0--Deeper 0")
    assert deepest["documents"] == 1
