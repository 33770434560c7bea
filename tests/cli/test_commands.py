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
    lines = result.output.splitlines()
    assert lines.index("To do:") < lines.index("For information:") and "Problems:" not in lines
    assert "      1  document without a date: add it in the admin (/admin/records/document/)" in lines
    assert "         u1" in lines
    assert "authority record used by no document" in lines[lines.index("For information:") + 1]
    assert "         person/nobody-ann" in lines
    assert "      1  document without text: add one in the admin (/admin/records/document/)" in lines
    assert lines[-1] == "0 problems, 2 things to do, 1 for information."
    assert result.exit_code == 0


def test_check_puts_problems_first_with_their_fix_and_exits_1_only_for_them(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    records = [{"record_id": f"d{n}", "title": f"Telegram {n}", "date": "1962-10-22", "text": "Sent.",
                "files": [{"kind": "pdf", "filename": f"d{n}.pdf", "media_type": "application/pdf",
                           "path": f"scans/d{n}.pdf"}]} for n in range(5)]
    path = tmp_path / "files.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records))
    assert run("load", path).exit_code == 0
    result = run("check")
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Problems:",
        "      5  attached file is missing: put it back from a backup (archivist restore) or import its "
        "source again",
        "         d0: scans/d0.pdf, d1: scans/d1.pdf, d2: scans/d2.pdf and 2 more (--all lists them)"]
    assert lines[-1] == "5 problems, 0 things to do, 0 for information."
    assert result.exit_code == 1
    everything = run("check", "--all").output.splitlines()
    assert [line.strip() for line in everything[2:7]] == [f"d{n}: scans/d{n}.pdf" for n in range(5)]
    for n in range(5):
        (tmp_path / "scans").mkdir(exist_ok=True)
        (tmp_path / "scans" / f"d{n}.pdf").write_bytes(b"%PDF-1.4")
    settled = run("check")
    assert settled.exit_code == 0 and "Problems:" not in settled.output
    assert settled.output.splitlines()[-1] == "0 problems, 0 things to do, 0 for information."


def test_demo_loads_the_reference_record(db):
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert Document.objects.filter(record_id="110390").exists()
    from archivist.search.service import search

    linked = Document.objects.filter(links__authority__sort_name__startswith="Khrushchev").distinct().count()
    assert search("Chruschtschow").total >= linked > 100  # and documents naming him without a link
    assert Document.objects.get(record_id="110390").links.filter(
        status="proposed", authority__key="molotov-vyacheslav").exists()
    checked = run("check")  # links awaiting review are things to do, not problems
    assert checked.exit_code == 0 and "Problems:" not in checked.output, checked.output
    assert ("document with proposed links awaiting review: accept or reject them on the review screen "
            "(/curate/review/)") in checked.output
    assert checked.output.splitlines()[-1].startswith("0 problems, ")


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
    assert "1 document (page 1 of 1)" in run("search", "Stalin").output
    for args in (["Stalin", "--page", 2], ["--json", "Stalin", "--page", 7], ["Stalin", "--page", 0]):
        result = run("search", *args)
        assert result.exit_code == 2, args
        assert "Invalid value for '--page'" in result.output, args
    assert "there is no page 7: the results fill 1 page" in run("search", "Stalin", "--page", 7).output
