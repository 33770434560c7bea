"""language: and the Languages facet know a document's original language, not only its texts'."""

import json

from click.testing import CliRunner

from archivist.cli.main import cli


def test_cli_finds_the_reference_record_by_its_original_language(full_record):
    result = CliRunner().invoke(cli, ["search", "--json", "language:chinese"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["record_id"] for r in data["results"]] == [full_record]
    languages = next(f for f in data["facets"] if f["name"] == "languages")
    assert {v["value"]: v["count"] for v in languages["values"]} == {"Chinese": 1, "English": 1}
    result = CliRunner().invoke(cli, ["search", "--json", "language:english"], catch_exceptions=False)
    assert [r["record_id"] for r in json.loads(result.output)["results"]] == [full_record]


def test_search_json_facet_and_filter_by_original_language(put, client):
    put({"record_id": "zh", "title": "Cable", "original_language": " Chinese ", "text": "A cable.",
         "text_language": "English (translation)"},
        {"record_id": "ru", "title": "Letter", "original_language": "Russian", "text": "Письмо.",
         "text_language": "Russian"},
        {"record_id": "none", "title": "Note", "text": "A note.", "text_language": "English"})
    data = client.get("/search.json", {"q": "language:chinese"}).json()
    assert [r["record_id"] for r in data["results"]] == ["zh"]
    data = client.get("/search.json", {"q": "", "languages": "Chinese"}).json()
    assert [r["record_id"] for r in data["results"]] == ["zh"]
    languages = next(f for f in data["facets"] if f["name"] == "languages")
    counts = {v["value"]: v["count"] for v in languages["values"]}
    assert counts == {"Chinese": 1, "English": 2, "Russian": 1}  # Russian once, not once per source


def test_a_draft_documents_original_language_is_not_found(put, client):
    put({"record_id": "d", "title": "Draft", "status": "draft", "original_language": "Korean",
         "text": "x", "text_language": "English"})
    assert client.get("/search.json", {"q": "language:korean"}).json()["total"] == 0
