"""Issue #17, part C: a document matches by its own words (title, summary, texts, notes and the names of
the people, organizations, places and subjects linked to it), not by the topic or archive it is filed
under, which narrow a search through their fields and the facets; snippets show a document's text before
its notes; an index of the schema before asks for `archivist reindex`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli

CHINA = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "frus" / "frus1955-57v02-excerpt.xml"

CHAPTER = "The Taiwan Strait crisis and the defense of Formosa"
DOCUMENTS = [
    {"record_id": "filed", "title": "Memorandum of a conversation", "date": "1955-01-10",
     "text": "The Secretary discussed the offshore islands.", "associated_topics": [CHAPTER],
     "subjects_discussed": ["Island defense"]},
    {"record_id": "own-words", "title": "Telegram from Taipei", "date": "1955-01-11",
     "text": "The Generalissimo spoke of Taiwan at length.", "associated_topics": [CHAPTER]},
    {"record_id": "in-a-note", "title": "Letter", "date": "1955-01-12", "text": "As discussed yesterday.",
     "notes": [{"kind": "source", "body": "Source: Taiwan Files, Formosa Series."}]},
    {"record_id": "linked-place", "title": "Report", "date": "1955-01-13", "text": "The island is calm.",
     "associated_places": ["Taiwan"]},
]


def found(q: str, client, *args: str) -> list[str]:
    """All record IDs `archivist search --json` finds (every page), checked against /search.json's."""
    ids, page = [], 1
    while True:
        result = CliRunner().invoke(cli, ["search", "--json", "--page", str(page), *args, "--", q],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        ids += [r["record_id"] for r in answer["results"]]
        if page == answer["pages"]:
            break
        page += 1
    web = client.get("/search.json", {"q": q}).json()
    assert web["total"] == len(ids), q
    return sorted(ids)


def test_a_topic_matches_only_through_its_field_and_facet(put, client):
    put(*DOCUMENTS)
    assert found("Taiwan", client) == ["in-a-note", "linked-place", "own-words"]
    assert found("offshore islands", client) == ["filed"]
    assert found("Strait", client) == []
    assert found("topic:strait", client) == ["filed", "own-words"]
    assert found("defense", client) == ["filed"]  # its subject, chosen for it, not the chapter's word
    assert found("subject:defense", client) == ["filed"]
    topic = client.get("/search.json", {"q": ""}).json()["facets"][2]["values"][0]["value"]
    narrowed = client.get("/search.json", {"q": "Taiwan", "topics": topic}).json()
    assert [r["record_id"] for r in narrowed["results"]] == ["own-words"]


def test_a_snippet_shows_the_text_or_title_before_the_notes(put, client):
    put({"record_id": "khrushchev", "title": "Letter", "date": "1961-05-01",
         "text": "He read the correspondence from Khrushchev twice before replying.",
         "notes": [{"kind": "source", "body": "Source: Security Files, Countries Series, USSR, "
                                              "Khrushchev Correspondence. Secret."}]},
        {"record_id": "only-the-note", "title": "Letter", "date": "1961-05-02", "text": "He replied.",
         "notes": [{"kind": "source", "body": "Source: Khrushchev Correspondence."}]},
        {"record_id": "in-the-title", "title": "Letter to Khrushchev", "date": "1961-05-03",
         "text": "Dear Mr. Chairman: I send you many thanks.",
         "notes": [{"kind": "source", "body": "Source: Khrushchev Correspondence."}]})
    hits = {r["record_id"]: r["snippet"] for r in
            client.get("/search.json", {"q": "Khrushchev correspondence"}).json()["results"]}
    assert "twice before replying" in hits["khrushchev"]
    assert "Security Files" not in hits["khrushchev"]
    assert "<mark>Khrushchev</mark> <mark>Correspondence</mark>" in hits["only-the-note"]
    title = client.get("/search.json", {"q": "Khrushchev"}).json()["results"]
    assert next(r["snippet"] for r in title if r["record_id"] == "in-the-title") == (
        "Dear Mr. Chairman: I send you many thanks.")  # the title shows the match: the text begins


def _schema_before_the_reading_field():
    import tantivy

    old = tantivy.SchemaBuilder()
    old.add_text_field("record_id", stored=True)
    return old.build()


def _schema_of_the_version_before():
    from archivist.search.schema import SCHEMA_VERSION, build_schema

    return build_schema(SCHEMA_VERSION - 1)


@pytest.mark.parametrize("old_schema", [_schema_before_the_reading_field, _schema_of_the_version_before])
def test_an_index_of_the_schema_before_asks_for_reindex(archive_env, old_schema):
    """An older index is refused with a one-line message (no traceback) asking for `archivist reindex`,
    which replaces it: one whose fields differ (before the reading field), and one whose fields hold
    something else without changing their types (the schema's version)."""
    import subprocess
    import sys

    import tantivy

    index = Path(archive_env["ARCHIVIST_HOME"]) / "index"
    index.mkdir(parents=True)
    tantivy.Index(old_schema(), path=str(index))

    def archivist(*args: str) -> subprocess.CompletedProcess:
        code = ("import sys; from archivist.cli.main import main; "
                "sys.argv = ['archivist', *sys.argv[1:]]; main()")
        return subprocess.run([sys.executable, "-c", code, *args], env=archive_env, capture_output=True,
                              text=True, timeout=120)

    refused = archivist("search", "Taiwan")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "run `archivist reindex`" in refused.stderr
    assert archivist("reindex").returncode == 0
    assert archivist("search", "Taiwan").returncode == 0


# Spellings of the two names, written out here rather than taken from the search's own expansion.
SPELLINGS = {
    "Taiwan": [r"\bTaiwan", r"\bFormosa", "台湾", "臺灣"],
    "Zhou Enlai": [r"\bZhou,?\s+En-?lai\b", r"\bChou,?\s+En-?lai\b", "周恩来", "周恩來"],
}


def _own_words() -> dict[str, str]:
    """Each published document's own words: title, summary, texts, notes, and every name of the people,
    organizations and places visibly linked to it."""
    from archivist.records.models import Document, Link

    words = {}
    for document in Document.objects.filter(status=Document.Status.PUBLISHED).prefetch_related(
            "texts", "notes"):
        parts = [document.title, document.summary, *(t.body for t in document.texts.all()),
                 *(n.body for n in document.notes.all())]
        for link in Link.objects.filter(document=document, status__in=Link.VISIBLE,
                                        authority__kind__in=("person", "organization", "place")
                                        ).select_related("authority"):
            parts += [link.authority.display_name, link.authority.sort_name,
                      *link.authority.variants.values_list("name", flat=True)]
        words[document.record_id] = "\n".join(parts)
    return words


@pytest.mark.skipif(not CHINA.exists(), reason="the shared FRUS corpus is not beside the repository")
def test_the_china_volume_finds_names_in_the_documents_own_words(db, client):
    """Its chapter heading, the topic of all 46 documents, names Taiwan: 'Taiwan' found all 46."""
    result = CliRunner().invoke(cli, ["ingest", str(CHINA)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    own = _own_words()
    assert len(own) == 46
    for name, patterns in SPELLINGS.items():
        holding = sorted(record_id for record_id, text in own.items()
                         if any(re.search(p, text, re.IGNORECASE) for p in patterns))
        assert 0 < len(holding) < 46, name
        assert found(name, client) == holding, name
    assert found("topic:taiwan", client) == sorted(own)
    assert 0 < len(found("Beijing", client)) < 46
