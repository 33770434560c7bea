"""What pages state is right: citations end their sentence, the JSON-LD names the holding archive, <time>
elements carry valid HTML dates, and every count is pluralized."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from archivist.ingest.csvrecords import read_csv_records
from archivist.ingest.loader import store_records
from archivist.records.models import Document
from archivist.web.counts import ensure_fresh

ROOT = Path(__file__).resolve().parents[2]
CSV_TEMPLATE = ROOT / "archivist" / "ingest" / "templates" / "documents-template.csv"
SEED_CITATION = ROOT.parent / "shared" / "seed" / "wilson-center-document-110390.json"


def _json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_a_csv_documents_citation_has_its_full_stop_before_the_url(client, db, settings):
    store_records(CSV_TEMPLATE, read_csv_records(CSV_TEMPLATE))
    ensure_fresh()
    citation = client.get("/documents/example-1.json").json()["citation_as_published"]
    assert citation.endswith(f"Volume VI, Document 21. {settings.BASE_URL}/documents/example-1")


def test_a_citation_without_a_source_ends_its_sentence_and_one_ending_it_adds_no_stop(client, add_document,
                                                                                     settings):
    add_document("bare", title="Bare", date="1950-01")
    citation = client.get("/documents/bare.json").json()["citation_as_published"]
    assert citation == f'"Bare", January 1950, {settings.SITE_NAME}. {settings.BASE_URL}/documents/bare'
    add_document("asked", title="Asked", source='Is it "Volume 2?"')
    citation = client.get("/documents/asked.json").json()["citation_as_published"]
    assert citation.endswith(f'Is it "Volume 2?" {settings.BASE_URL}/documents/asked')


@pytest.mark.skipif(not SEED_CITATION.exists(), reason="the captured seed page is not here")
def test_the_reference_records_citation_is_unchanged_character_for_character(client, full_record):
    captured = json.loads(SEED_CITATION.read_text(encoding="utf-8"))["citation_as_published"]
    assert client.get("/documents/110390.json").json()["citation_as_published"] == captured
    assert captured in client.get("/documents/110390").content.decode().replace("&quot;", '"').replace(
        "&#x27;", "'")


def test_json_ld_holding_archive_is_the_archive_not_the_collection(client, full_record):
    data = _json_ld(client.get("/documents/110390").content.decode())
    assert data["holdingArchive"] == {"@type": "ArchiveOrganization",
                                      "name": "Chinese Communist Party Central Archives (CCA)"}
    store_records(CSV_TEMPLATE, read_csv_records(CSV_TEMPLATE))  # National Archives > RG 59 > Central Files
    data = _json_ld(client.get("/documents/example-1").content.decode())
    assert data["holdingArchive"]["name"] == "National Archives"


@pytest.mark.parametrize(("edtf", "datetime"), [
    ("1950-01-02", "1950-01-02"), ("1958-08", "1958-08"), ("1958", "1958"),
    ("1950-01-02T23:00:00", "1950-01-02T23:00:00"), ("0800-02", "0800-02"),
    ("1958-08~", None), ("1958?", None), ("1958-08-03%", None), ("1950-01/1950-03", None),
    ("195X", None), ("1950-01-02/..", None),
])
def test_time_elements_hold_valid_html_dates_and_uncertain_ones_their_bounds(client, add_document, edtf,
                                                                            datetime):
    add_document("d", date=edtf)
    page = client.get("/documents/d").content.decode()
    date_line = re.search(r'<p class="date">(.*?)</p>', page).group(1)
    if datetime:
        assert f'<time datetime="{datetime}">' in date_line
    else:
        assert "<time" not in date_line  # a <time> without datetime must hold a valid date itself
        twin = client.get("/documents/d.json").json()
        assert f'data-earliest="{twin["date_earliest"]}" data-latest="{twin["date_latest"]}"' in date_line
        assert twin["date_earliest"] <= twin["date_latest"]


def test_one_is_never_followed_by_a_plural(client, full_record):
    for url in ("/", "/people", "/people?letter=M", "/places", "/topics", "/subjects", "/catalog", "/dates",
                "/dates/1950", "/dates/1950/01", "/people/mao-zedong", "/subjects/china",
                "/topics/sino-soviet-relations"):
        page = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        page = re.sub(r"\s+", " ", page)
        assert not re.search(r"\b1 (documents|collections|records|links|people)\b", page), url


def test_json_ld_states_an_approximate_date_as_the_interval_of_its_bounds(client, full_record):
    Document.objects.filter(record_id="110390").update(
        date="1958-08~", date_earliest=dt.date(1958, 8, 1), date_latest=dt.date(1958, 8, 31))
    data = _json_ld(client.get("/documents/110390").content.decode())
    assert "dateCreated" not in data
    earliest, latest = data["temporalCoverage"].split("/")
    assert (earliest, latest) == ("1958-08-01", "1958-08-31")
