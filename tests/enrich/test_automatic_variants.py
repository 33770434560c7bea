"""Variant names are made as authority records are stored (load, ingest, the admin): linking and
searching find "Chou En-lai" without `archivist variants`, and curators' removals stay."""

import json
from pathlib import Path

from click.testing import CliRunner
from reversion.models import Version

from archivist.cli.main import cli
from archivist.records.models import Authority, Change, Link, VariantName
from tests.records.test_admin import authority_form_data
from tests.records.test_admin_validation import curator_client  # noqa: F401 (a fixture)

FRUS = Path(__file__).resolve().parents[2] / "archivist" / "demo" / "data" / "frus1961-63v06.xml"
ZHOU = {"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai", "display_name": "Zhou Enlai"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def load(tmp_path: Path, name: str, *records: dict):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run("load", path)
    assert result.exit_code == 0, result.output
    return result


def generated(key: str) -> set[str]:
    variants = VariantName.objects.filter(authority__key=key, origin="generated")
    return set(variants.values_list("name", flat=True))


def recorded_with(version: Version, name: str) -> bool:
    """Whether the revision of an authority's version holds the variant name (its record or its parts)."""
    return any(name in v.serialized_data for v in version.revision.version_set.all())


def post_authority(client, authority: Authority, delete: tuple[str, ...] = (), **changed):
    """The authority's change form as the admin posts it; variants named in `delete` ticked for removal."""
    response = client.post(f"/admin/records/authority/{authority.pk}/change/",
                           authority_form_data(authority, delete, **changed))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_load_then_enrich_and_search_find_a_wade_giles_spelling(db, tmp_path):
    load(tmp_path, "people.jsonl", ZHOU)
    assert {"Chou En-lai", "Chou, Enlai"} <= generated("zhou-enlai")
    authority = Authority.objects.get(key="zhou-enlai")
    versions = Version.objects.get_for_object(authority)
    assert versions.count() == 1 and recorded_with(versions.get(), "Chou En-lai")  # the import's revision

    load(tmp_path, "cables.jsonl",
         {"record_id": "c1", "title": "Cable", "date": "1954-06-20", "text_language": "English",
          "text": "Chou En-lai arrived in Geneva today and met the delegation."},
         {"record_id": "c2", "title": "Memorandum", "date": "1954-06-21", "text_language": "English",
          "text": "The premier spoke of the conference.", "authors": ["Zhou, Enlai"]})
    result = run("enrich", "--show")  # no `archivist variants` before it
    assert result.exit_code == 0, result.output
    assert "c1\tproposed\tZhou, Enlai" in result.output
    assert Link.objects.filter(document__record_id="c1", authority=authority, status="proposed").exists()

    result = run("search", "--json", "Chou En-lai")
    assert result.exit_code == 0, result.output
    found = {r["record_id"] for r in json.loads(result.output)["results"]}
    assert "c2" in found  # linked to Zhou Enlai, its text never says "Chou En-lai"


def test_renaming_in_the_admin_regenerates_variants_and_reindexes(curator_client, tmp_path):  # noqa: F811
    load(tmp_path, "people.jsonl", {"type": "person", "id": "mao-zedong", "name": "Mao, Zedong",
                                    "display_name": "Mao Zedong", "variants": ["Chairman Mao"]},
         {"record_id": "m1", "title": "Letter", "text": "Text.", "authors": ["Mao, Zedong"]})
    assert "Mao Tse-tung" in generated("mao-zedong")
    Change.objects.all().delete()

    authority = Authority.objects.get(key="mao-zedong")
    post_authority(curator_client, authority, sort_name="Zhou, Enlai", display_name="Zhou Enlai")
    names = generated("mao-zedong")
    assert "Chou En-lai" in names and not names & {"Mao Tse-tung", "Mao, Tsetung"}
    assert VariantName.objects.filter(authority=authority, origin="curated").get().name == "Chairman Mao"
    assert set(Change.objects.values_list("record_id", flat=True)) == {"m1"}
    assert recorded_with(Version.objects.get_for_object(authority).first(), "Chou En-lai")


def test_a_removed_generated_variant_stays_removed_after_a_reimport_renames(curator_client, tmp_path):  # noqa: F811, E501
    load(tmp_path, "people.jsonl", ZHOU)
    authority = Authority.objects.get(key="zhou-enlai")
    post_authority(curator_client, authority, delete=("Chou En-lai",))
    assert "Chou En-lai" not in generated("zhou-enlai")
    assert Authority.objects.get(pk=authority.pk).removed_variants == ["Chou En-lai"]

    result = load(tmp_path, "people.jsonl", ZHOU | {"display_name": "Premier Zhou Enlai"})
    assert "1 updated" in result.output
    names = generated("zhou-enlai")
    assert "En-lai, Chou" in names  # made from the new name
    assert "Chou En-lai" not in names  # which gives this one again, removed by the curator


def test_curated_variants_are_kept_and_unchanged_records_not_recorded_again(db, tmp_path):
    load(tmp_path, "people.jsonl", ZHOU | {"variants": ["Chou En-lai", "周恩来"]})
    assert set(VariantName.objects.filter(origin="curated").values_list("name", flat=True)) == {
        "Chou En-lai", "周恩来"}
    assert "Chou En-lai" not in generated("zhou-enlai") and "Chou Enlai" in generated("zhou-enlai")
    authority = Authority.objects.get(key="zhou-enlai")
    versions = Version.objects.get_for_object(authority).count()
    result = load(tmp_path, "people.jsonl", ZHOU | {"variants": ["Chou En-lai", "周恩来"]})
    assert "1 unchanged" in result.output
    assert Version.objects.get_for_object(authority).count() == versions


def test_generated_variants_a_file_gives_are_kept_as_given(db, tmp_path):
    """An export's record lists the generated names its curators left: none removed comes back."""
    load(tmp_path, "export.jsonl", ZHOU | {"variants": [
        {"name": "Chou Enlai", "origin": "generated", "scheme": "wade-giles"}, "周恩来"]})
    assert generated("zhou-enlai") == {"Chou Enlai"}


def test_ingest_of_a_frus_volume_makes_variants_of_its_people(db):
    result = run("ingest", "--quiet", FRUS)
    assert result.exit_code == 0, result.output
    people = Authority.objects.filter(kind="person")
    with_variants = people.filter(variants__origin="generated").distinct()
    assert people.count() == 58 and with_variants.count() >= 10
    khrushchev = people.filter(sort_name__startswith="Khrushchev").get()
    assert "Chruschtschow" in {v.name for v in khrushchev.variants.all()}
    made = sorted(VariantName.objects.values_list("authority_id", "name", "scheme", "origin"))
    assert run("variants").exit_code == 0
    assert sorted(VariantName.objects.values_list("authority_id", "name", "scheme", "origin")) == made


def test_regenerating_many_records_takes_the_same_few_queries_as_one(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archivist.enrich.services import regenerate_variants_of
    from archivist.records.recordformat import read_authority
    from archivist.records.services import save_authority

    def queries(names: list[str]) -> int:
        for name in names:
            record = {"type": "person", "name": name, "display_name": name.replace(",", "")}
            save_authority(read_authority(record))
        ids = list(Authority.objects.filter(sort_name__in=names).values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as captured:
            assert regenerate_variants_of(ids) == len(names)
        return len(captured)

    one = queries(["Mao, Zedong"])
    many = [f"{surname}, {given}" for surname in ("Liu", "Zhou", "Zhang", "Wang", "Chen", "Deng", "Peng")
            for given in ("Shaoqi", "Enlai", "Xiaoping", "Dehuai", "Zhen", "Xiannian")]
    assert queries(many) == one
    assert one < 20
