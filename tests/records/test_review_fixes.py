"""Fixes from the review of issue #11: a parent cycle is refused where parents are set, and one already
in the database (planted by older code) hangs no page and no export."""

import html
import io
import signal
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.interop.export import write_jsonl
from archivist.records.models import Authority, Document
from archivist.records.recordformat import read_authority
from archivist.records.services import save_authority
from archivist.web.counts import ensure_fresh
from tests.records.test_admin import authority_form_data
from tests.records.test_admin_validation import curator_client  # noqa: F401


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")


@contextmanager
def finished_within(seconds: int):
    """Fail, rather than hang the run, if the block loops for longer than `seconds`."""
    def give_up(signum, frame):
        raise AssertionError(f"still running after {seconds} s: a loop that never ends?")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_lines(path, *lines: str):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_an_import_closing_a_parent_cycle_is_refused_with_file_line_and_field(db, tmp_path):
    first = write_lines(tmp_path / "first.jsonl",
                        '{"type":"subject","id":"cyca","name":"Cyca"}',
                        '{"type":"subject","id":"cycb","name":"Cycb","parent":"cyca"}')
    second = write_lines(tmp_path / "second.jsonl",
                         '{"record_id":"cyc-doc","title":"Cyclic","subjects_discussed":["Cycb"]}',
                         '{"type":"subject","id":"cyca","name":"Cyca","parent":"cycb"}')
    result = CliRunner().invoke(cli, ["ingest", str(first), str(second)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"error: {second}:2: field 'parent': 'cycb' is 'cyca' or a record below it" in result.output
    assert Authority.objects.get(kind="subject", key="cyca").parent is None
    assert not Document.objects.exists()


def test_an_authority_cannot_be_its_own_parent(db):
    save_authority(read_authority({"type": "subject", "id": "self", "name": "Self"}))
    with pytest.raises(Exception, match="cannot be placed under itself"):
        save_authority(read_authority({"type": "subject", "id": "self", "name": "Self",
                                       "parent": "self"}))


def test_the_admin_refuses_a_parent_below_the_record(curator_client, db):  # noqa: F811
    save_authority(read_authority({"type": "subject", "id": "top", "name": "Top"}))
    save_authority(read_authority({"type": "subject", "id": "below", "name": "Below", "parent": "top"}))
    top, below = (Authority.objects.get(kind="subject", key=key) for key in ("top", "below"))
    for parent in (below, top):
        response = curator_client.post(f"/admin/records/authority/{top.pk}/change/",
                                       authority_form_data(top, parent=parent.pk))
        assert response.status_code == 200
        assert "cannot be placed under itself or a record below it" in html.unescape(
            response.content.decode())
        assert Authority.objects.get(pk=top.pk).parent is None


@pytest.fixture
def planted_cycles(db, tmp_path):
    """Subjects cyca and cycb, and an archive and its collection, each pair under each other, as an
    UPDATE (or older code) could leave them; a published document names both."""
    path = write_lines(tmp_path / "cycles.jsonl",
                       '{"type":"subject","id":"cyca","name":"Cyca"}',
                       '{"type":"subject","id":"cycb","name":"Cycb","parent":"cyca"}',
                       '{"record_id":"cyc-doc","title":"Cyclic","subjects_discussed":["Cycb"],'
                       '"original_archive":["Arch","Coll"]}')
    assert CliRunner().invoke(cli, ["load", str(path)], catch_exceptions=False).exit_code == 0
    subjects = Authority.objects.filter(kind="subject")
    subjects.filter(key="cyca").update(parent=subjects.get(key="cycb"))
    archives = Authority.objects.filter(kind="archive")
    archive = archives.get(parent__isnull=True)
    archives.filter(pk=archive.pk).update(parent=archives.get(parent=archive))
    ensure_fresh()


@pytest.mark.parametrize("url", ["/subjects/cycb", "/subjects/cycb.json", "/subjects/cyca",
                                 "/subjects", "/catalog", "/documents/cyc-doc",
                                 "/documents/cyc-doc.json"])
def test_a_cycle_in_the_database_hangs_no_page(client, planted_cycles, url):
    with finished_within(10):
        assert client.get(url).status_code == 200


def test_a_cycle_in_the_database_hangs_no_export(planted_cycles):
    out = io.StringIO()
    with finished_within(10):
        assert write_jsonl(out) == 5


# An ID ending in '.json' would name a page whose address serves the JSON twin of another record.

@pytest.mark.parametrize(("line", "message"), [
    ('{"type":"person","id":"agent.json","name":"Agent"}',
     "field 'id': 'agent.json' is not an authority ID"),
    ('{"record_id":"doc.json","title":"Twin"}', "field 'record_id': 'doc.json' is not a record ID"),
])
def test_an_id_ending_in_json_is_refused_by_imports(db, tmp_path, line, message):
    path = write_lines(tmp_path / "twin.jsonl", line)
    result = CliRunner().invoke(cli, ["ingest", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"error: {path}:1: {message}" in result.output
    assert "not ending in '.json'" in result.output
    assert not Authority.objects.exists() and not Document.objects.exists()


def test_the_admin_refuses_an_authority_key_ending_in_json(curator_client, db):  # noqa: F811
    save_authority(read_authority({"type": "person", "id": "agent", "name": "Agent"}))
    agent = Authority.objects.get(key="agent")
    response = curator_client.post(f"/admin/records/authority/{agent.pk}/change/",
                                   authority_form_data(agent, key="agent.json"))
    assert response.status_code == 200
    assert "not ending in '.json'" in html.unescape(response.content.decode())
    assert Authority.objects.get(pk=agent.pk).key == "agent"
