"""The `archivist` command through click's runner, against the test database."""

import json

from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Document
from tests.conftest import DEMO_AUTHORITIES, SEED


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_load_then_export_jsonl(db, tmp_path):
    result = run("load", DEMO_AUTHORITIES, SEED)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    out = tmp_path / "export.jsonl"
    assert run("export", "--format", "jsonl", "-o", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["record_id"] for r in records if r["type"] == "document"] == ["110390"]
    assert sum(r["type"] == "person" for r in records) == 7


def test_load_bad_file_exits_nonzero_and_stores_nothing(db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record_id": "a", "title": "A"}\n{"record_id": "b", "date": "soon"}\n')
    result = run("load", bad)
    assert result.exit_code == 1
    assert f"{bad}:2: field 'title'" in result.output
    assert Document.objects.count() == 0


def test_export_rejects_unknown_format(db):
    result = CliRunner().invoke(cli, ["export", "--format", "xls"])
    assert result.exit_code == 2 and "jsonl" in result.output


def test_check_reports_undated_documents_and_unused_authorities(db, tmp_path):
    path = tmp_path / "undated.jsonl"
    path.write_text('{"record_id": "u1", "title": "Undated note"}\n'
                    '{"type": "person", "name": "Nobody, Ann"}\n')
    run("load", path)
    result = run("check")
    assert "warning: document without a date: u1" in result.output
    assert "warning: authority record used by no document: person/nobody-ann" in result.output
    assert result.exit_code == 0


def test_demo_loads_the_reference_record(db):
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert Document.objects.filter(record_id="110390").exists()
    from archivist.search.service import search

    linked = Document.objects.filter(links__authority__sort_name__startswith="Khrushchev").distinct().count()
    assert search("Chruschtschow").total >= linked > 100  # and documents naming him without a link
    assert Document.objects.get(record_id="110390").links.filter(
        status="proposed", authority__key="molotov-vyacheslav").exists()


def test_load_brings_search_index_and_browse_tables_up_to_date(db):
    from archivist.records.models import Change
    from archivist.search.indexer import position
    from archivist.web.models import CountState

    assert run("load", DEMO_AUTHORITIES, SEED).exit_code == 0
    latest = Change.objects.latest("id").id
    assert position() == latest
    assert CountState.objects.get(pk=1).change_id == latest


def test_search_page_past_the_last_is_an_error(db):
    assert run("load", DEMO_AUTHORITIES, SEED).exit_code == 0
    assert "1 documents (page 1 of 1)" in run("search", "Stalin").output
    for args in (["Stalin", "--page", 2], ["--json", "Stalin", "--page", 7], ["Stalin", "--page", 0]):
        result = run("search", *args)
        assert result.exit_code == 2, args
        assert "Invalid value for '--page'" in result.output, args
    assert "there is no page 7: the results fill 1 page" in run("search", "Stalin", "--page", 7).output
