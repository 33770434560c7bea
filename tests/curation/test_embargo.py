"""Embargoes: a restricted document published by the server's worker on the day its embargo ends.

Until that day the document is on no public surface (the crawl of tests/web/test_leaks.py: pages,
JSON twins, files, sitemap, browse pages, searches); from that day it is published, the history says
so, and the search finds it.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from reversion.models import Version

from archivist.curation.embargo import release_due, restrict_until
from archivist.outbox import catch_up
from archivist.records.models import Change, Document
from archivist.records.recordformat import RecordError
from archivist.records.services import set_status
from tests.web.test_leaks import (
    PUBLIC,
    assert_not_public,
    document_record,
    found_by_search,
    searched_words,
    store,
)

EMBARGOED = "zqembargo"
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def archive(db, settings, tmp_path):
    """A public document, and one published then embargoed for three days, each with a stored file."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    for prefix in ("pub", EMBARGOED):
        stored = Path(settings.MEDIA_ROOT) / prefix / "scan.pdf"
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"%PDF-1.4 " + prefix.encode())
    store(PUBLIC)
    store(document_record(EMBARGOED, "published"))
    restrict_until(f"{EMBARGOED}doc", TODAY() + 3 * DAY)
    catch_up()
    return f"{EMBARGOED}doc"


def history_of(record_id: str) -> list[str]:
    document = Document.objects.get(record_id=record_id)
    return [version.revision.comment
            for version in Version.objects.get_for_object(document).select_related("revision")]


def test_an_embargoed_document_is_on_no_public_surface_before_its_day(client, archive):
    assert release_due(TODAY() + 2 * DAY) == []
    catch_up()
    pages = assert_not_public(client, [EMBARGOED], searched_words(EMBARGOED))
    assert "/documents/pubdoc" in pages  # the crawl reached the public one
    document = Document.objects.get(record_id=archive)
    assert (document.status, document.embargoed_until) == ("restricted", TODAY() + 3 * DAY)
    assert history_of(archive)[0] == f"restricted until {(TODAY() + 3 * DAY).isoformat()}"


def test_on_its_day_the_document_is_published_and_the_history_says_so(client, archive):
    day = TODAY() + 3 * DAY
    assert release_due(day) == [archive]
    document = Document.objects.get(record_id=archive)
    assert (document.status, document.embargoed_until) == ("published", None)
    assert history_of(archive)[0] == (f"embargo ended on {day.isoformat()}: published by the background "
                                      "worker")
    assert release_due(day) == []  # once only
    catch_up()
    assert client.get(f"/documents/{archive}").status_code == 200
    assert client.get(f"/documents/{archive}.json").status_code == 200
    assert found_by_search(client, f"{EMBARGOED}text") == [archive]


def test_a_day_not_after_today_or_an_unknown_document_is_refused_and_changes_nothing(archive):
    changes = Change.objects.count()
    for day in (TODAY(), TODAY() - DAY):
        with pytest.raises(RecordError) as refused:
            restrict_until("pubdoc", day)
        assert refused.value.field == "embargoed_until"
    with pytest.raises(RecordError) as refused:
        restrict_until("nosuchdoc", TODAY() + DAY)
    assert refused.value.field == "record_id"
    assert Document.objects.get(record_id="pubdoc").status == "published"
    assert Change.objects.count() == changes


def test_a_document_a_curator_takes_out_of_restricted_loses_its_embargo(archive):
    set_status(archive, "draft")
    assert Document.objects.get(record_id=archive).embargoed_until is None
    Document.objects.filter(record_id=archive).update(embargoed_until=TODAY())  # as an older archive might
    assert release_due(TODAY() + 10 * DAY) == []  # only restricted documents are released
    assert Document.objects.get(record_id=archive).status == "draft"


def test_archivist_sync_publishes_the_documents_whose_embargo_has_ended(client, archive):
    from click.testing import CliRunner

    from archivist.cli.main import cli

    Document.objects.filter(record_id=archive).update(embargoed_until=TODAY() - DAY)  # time passes
    result = CliRunner().invoke(cli, ["sync"], catch_exceptions=False)
    assert f"embargo ended: {archive} published" in result.output
    assert found_by_search(client, f"{EMBARGOED}text") == [archive]


def test_the_servers_worker_publishes_a_document_whose_embargo_has_ended(archive_env, tmp_path):
    """A real `archivist serve`: the day of a document's embargo set to yesterday (time passing), the
    worker publishes it and the search finds it, with no request and no command."""
    from tests.cli.test_serve import start_server, stop_server

    server = start_server(tmp_path / "served", {"DATABASE_URL": archive_env.get("DATABASE_URL", "")})
    try:
        script = ("import datetime; from archivist.bootstrap import open_archive; open_archive(); "
                  "from archivist.curation.embargo import restrict_until; "
                  "from archivist.records.models import Document; from tests.web.test_leaks import "
                  "store, document_record; store(document_record('zqembargo', 'published')); "
                  "restrict_until('zqembargodoc', datetime.date.today() + datetime.timedelta(days=2)); "
                  "Document.objects.filter(record_id='zqembargodoc').update("
                  "embargoed_until=datetime.date.today() - datetime.timedelta(days=1))")
        subprocess.run([sys.executable, "-c", script], env={**server.env, "PYTHONPATH": str(ROOT)},
                       check=True, timeout=120, cwd=ROOT)
        deadline = time.monotonic() + 60
        while server.request("/documents/zqembargodoc").status != 200:
            assert time.monotonic() < deadline, server.logged()
            time.sleep(0.3)
        assert "Embargo ended: zqembargodoc published" in server.logged()
        while "zqembargodoc" not in server.request("/search.json?q=zqembargotext").text:
            assert time.monotonic() < deadline, server.logged()
            time.sleep(0.3)
    finally:
        stop_server(server)
