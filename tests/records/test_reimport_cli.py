"""`archivist ingest`, `load` and `demo` run again over curators' work: what they keep and report."""

import json
from pathlib import Path

from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Document
from archivist.records.services import set_status
from tests.conftest import ROOT

FRUS_EXCERPT = ROOT.parent / "shared" / "corpus" / "frus" / "frus1955-57v02-excerpt.xml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def curate(record_id: str, **fields) -> None:
    document = Document.objects.get(record_id=record_id)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()


def test_show_conflicts_lists_record_field_and_both_values_shortened(db, tmp_path):
    path = tmp_path / "letters.jsonl"
    first = {"record_id": "l1", "title": "Letter", "summary": "Short."}
    path.write_text(json.dumps(first) + "\n", encoding="utf-8")
    assert run("load", path).exit_code == 0
    curate("l1", summary="A curator's summary.", title="A curator's title")
    path.write_text(json.dumps(first | {"summary": "x" * 200, "title": "Letter, revised"}) + "\n",
                    encoding="utf-8")
    result = run("ingest", "--quiet", "--show-conflicts", path)
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 1 unchanged, 2 conflicts (1 document)" in result.output
    assert ('conflict: l1 title: curator\'s value "A curator\'s title" kept; incoming '
            '"Letter, revised"') in result.output
    assert f'conflict: l1 summary: curator\'s value "A curator\'s summary." kept; incoming "{"x" * 78}…' \
        in result.output
    document = Document.objects.get(record_id="l1")
    assert (document.title, document.summary) == ("A curator's title", "A curator's summary.")

    hint = run("ingest", "--quiet", path)
    assert "2 fields changed by curators: curators' values kept; --show-conflicts lists them" in hint.output
    overwritten = run("ingest", "--quiet", "--overwrite", path)
    assert "1 updated, 0 unchanged, 2 conflicts" in overwritten.output
    document.refresh_from_db()
    assert (document.title, document.summary) == ("Letter, revised", "x" * 200)


def test_a_frus_volume_ingested_again_keeps_a_restriction_and_a_curators_summary(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    volume = tmp_path / FRUS_EXCERPT.name
    text = FRUS_EXCERPT.read_text(encoding="utf-8")
    volume.write_text(text, encoding="utf-8")
    assert run("ingest", "--quiet", volume).exit_code == 0
    set_status("frus1955-57v02-d1", "restricted")
    curate("frus1955-57v02-d1", summary="Dulles asks Lay to put Far East policy before the NSC.")
    revised = text.replace("Current U.S. Policy Toward the Far East", "Current U.S. Policy in the Far East")
    assert revised != text
    volume.write_text(revised, encoding="utf-8")
    result = run("ingest", "--quiet", "--show-conflicts", volume)
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output and "0 conflicts" in result.output
    document = Document.objects.get(record_id="frus1955-57v02-d1")
    assert document.status == "restricted"
    assert document.summary == "Dulles asks Lay to put Far East policy before the NSC."
    assert "Current U.S. Policy in the Far East" in document.texts.get().body


def test_demo_run_again_keeps_a_curators_edit_of_the_reference_record(db):
    assert run("demo", "--no-serve").exit_code == 0
    curate("110390", title="Mao's telegram to Liu Shaoqi (curated)")
    set_status("110390", "draft")
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "20-wilson-center-110390.json: 0 added, 0 updated, 1 unchanged, 0 conflicts" in result.output
    document = Document.objects.get(record_id="110390")
    assert (document.title, document.status) == ("Mao's telegram to Liu Shaoqi (curated)", "draft")


def test_load_takes_the_same_flags(db, tmp_path):
    path = Path(tmp_path / "one.json")
    path.write_text(json.dumps({"record_id": "o1", "title": "One"}), encoding="utf-8")
    assert run("load", path).exit_code == 0
    set_status("o1", "draft")
    path.write_text(json.dumps({"record_id": "o1", "title": "One", "status": "restricted"}),
                    encoding="utf-8")
    result = run("load", "--show-conflicts", path)
    assert 'conflict: o1 status: curator\'s value "draft" kept; incoming "restricted"' in result.output
    assert Document.objects.get(record_id="o1").status == "draft"
