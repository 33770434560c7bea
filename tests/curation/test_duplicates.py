"""One record per person: two FRUS volumes (and the China excerpt, and the reference record) imported
with `archivist ingest` make one record of each person they share; likely duplicates are listed for
curators, who merge them on the command line or in the admin; merged records' pages redirect, and
importing again never makes them anew."""

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import transaction
from django.test import override_settings
from lxml import etree

from archivist.cli.main import cli
from archivist.curation.history import history_of
from archivist.enrich.models import Mention
from archivist.records.identity import normalized
from archivist.records.models import Authority, Change, Document, Link, MergedAuthority
from tests.conftest import DEMO_AUTHORITIES, ROOT, SEED

CORPUS = ROOT.parent / "shared" / "corpus" / "frus"
KENNEDY = CORPUS / "frus1961-63v06.xml"
JAPAN = CORPUS / "frus1964-68v29p2.xml"
CHINA = CORPUS / "frus1955-57v02-excerpt.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
HERTER_JAPAN, HERTER_CHINA = "frus1964-68v29p2-p_HCAJ1", "frus1955-57v02-p_HCA1"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def persons_list(path: Path) -> dict[str, str]:
    """xml:id -> the name as listed, read here apart from the importer."""
    tree = etree.parse(str(path))
    return {name.get(XML_ID): " ".join("".join(name.itertext()).split()).rstrip(",").strip()
            for name in tree.iter(f"{TEI}persName")
            if name.get(XML_ID) and any(a.get(XML_ID) == "persons" for a in name.iterancestors())}


def surname_and_forename(listed: str) -> tuple[str, str]:
    surname, _, forenames = normalized(listed).partition(",")
    return surname, (forenames.split() or [""])[0].rstrip(".")


def in_both() -> dict[str, tuple[str, str]]:
    """People whose surname and first forename (spelt out) are the same in both volumes' lists."""
    kennedy = {surname_and_forename(n): i for i, n in persons_list(KENNEDY).items()}
    japan = {surname_and_forename(n): i for i, n in persons_list(JAPAN).items()}
    return {f"{s}, {f}": (kennedy[(s, f)], japan[(s, f)]) for s, f in kennedy.keys() & japan.keys()
            if len(f) > 1}


def record_of(key: str) -> Authority:
    """The record a persons-list key leads to: its own, or the one it was merged into."""
    found = Authority.objects.filter(kind="person", key=key).first()
    return found or MergedAuthority.objects.get(kind="person", key=key).authority


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The reference record and the three volumes, imported once for the module with `archivist
    ingest`, in a transaction rolled back at its end; each test's changes are rolled back too."""
    home = tmp_path_factory.mktemp("people")
    old_home = os.environ.get("ARCHIVIST_HOME")
    os.environ["ARCHIVIST_HOME"] = str(home / "home")
    try:
        with (override_settings(MEDIA_ROOT=str(home / "files")), django_db_blocker.unblock(),
              transaction.atomic()):
            output = run("ingest", "--quiet", DEMO_AUTHORITIES, SEED, KENNEDY, JAPAN, CHINA).output
            yield output
            transaction.set_rollback(True)
    finally:
        if old_home is None:
            os.environ.pop("ARCHIVIST_HOME", None)
        else:
            os.environ["ARCHIVIST_HOME"] = old_home


@pytest.fixture
def people(archive, db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    return archive


def test_each_person_in_both_volumes_is_one_record_with_both_identifiers(people):
    shared = in_both()
    assert {"rusk, dean", "johnson, lyndon", "johnson, u", "mcnamara, robert", "bundy, mcgeorge",
            "ball, george", "harriman, w"} - {n for n in shared} <= {"johnson, u", "harriman, w"}
    assert len(shared) >= 12
    for name, (kennedy_id, japan_id) in shared.items():
        kennedy = record_of(f"frus1961-63v06-{kennedy_id}")
        assert kennedy == record_of(f"frus1964-68v29p2-{japan_id}"), name
        volumes = {kennedy.identifiers.get("frus_volume")} | {
            entry.get("frus_volume") for entry in kennedy.identifiers.get("merged", [])}
        assert {"frus1961-63v06", "frus1964-68v29p2"} <= volumes, name
    lbj = Authority.objects.get(kind="person", key="frus1961-63v06-p_JLB1")
    assert "Johnson, Lyndon Baines" in set(lbj.variants.values_list("name", flat=True))
    assert Authority.objects.filter(kind="person", sort_name__startswith="Rusk,").count() == 1
    # the Japan volume's documents naming Rusk link to the one record
    assert Link.objects.filter(authority=record_of("frus1964-68v29p2-p_RD3"),
                               document__record_id__startswith="frus1964-68v29p2-").exists()
    assert "people merged into records already stored" in people


def test_people_of_one_surname_stay_apart(people):
    johnsons = {record_of(f"frus1961-63v06-{i}").pk for i in ("p_JLB1", "p_JUA1")} | {
        record_of(f"frus1964-68v29p2-{i}").pk for i in ("p_JGG1", "p_JGHK1", "p_JLB1", "p_JUA1")}
    assert len(johnsons) == 4  # Lyndon B., U. Alexis, G. Griffith, Harold K.
    assert record_of("frus1961-63v06-p_KJF2") != record_of("frus1961-63v06-p_KRF1")  # John F., Robert F.
    assert record_of("frus1964-68v29p2-p_RWW1") != record_of("frus1964-68v29p2-p_REVD1")  # the Rostows


def test_wade_giles_names_of_the_china_volume_are_the_reference_records_people(people):
    assert record_of("frus1955-57v02-p_CE1").key == "zhou-enlai"  # Chou En-lai
    assert record_of("frus1955-57v02-p_MT1").key == "mao-zedong"  # Mao Tse-tung
    zhou = Authority.objects.get(kind="person", key="zhou-enlai")
    assert zhou.dates == "1898-1976" and zhou.sort_name == "Zhou, Enlai"  # the kept record's own


def test_importing_again_changes_nothing_and_makes_no_merged_record_anew(people):
    persons = Authority.objects.filter(kind="person").count()
    changes = Change.objects.count()
    output = run("ingest", "--quiet", JAPAN, CHINA, KENNEDY).output
    assert re.search(r"ingested 3 of 3 files: 0 added, 0 updated, \d+ unchanged, 0 conflicts", output)
    assert Authority.objects.filter(kind="person").count() == persons
    assert Change.objects.count() == changes


def test_duplicates_lists_the_unsure_pairs_with_their_evidence(people):
    output = run("authorities", "duplicates").output
    line = next(line for line in output.splitlines() if "Herter" in line)
    assert {f"person/{HERTER_JAPAN}", f"person/{HERTER_CHINA}"} <= set(line.split("\t"))
    assert ("names agree: Herter, Christian A. / Herter, Christian A.; identifications share no words"
            in output)
    assert "Johnson" not in output and "Rusk" not in output  # merged already, or different people
    assert re.search(r"\d+ likely duplicate pairs?", output)


def _link(document: Document, authority: Authority, status: str, role: str = "associated") -> Link:
    return Link.objects.create(document=document, authority=authority, role=role, status=status)


def test_merge_on_the_command_line_keeps_links_names_identifiers_and_history(people, client):
    keep = Authority.objects.get(kind="person", key=HERTER_JAPAN)
    other = Authority.objects.get(kind="person", key=HERTER_CHINA)
    other.sort_name, other.display_name = "Herter, Christian Archibald", "Christian Archibald Herter"
    other.save()
    both, only_other, proposed = Document.objects.exclude(links__authority=keep).order_by("pk")[:3]
    kept_documents = list(keep.links.values_list("document__record_id", flat=True))
    _link(both, keep, "proposed")
    _link(both, other, "curated")  # the stronger stays
    _link(only_other, other, "accepted")
    _link(proposed, other, "proposed")
    _link(proposed, keep, "rejected")  # a curator's judgment beats a proposal
    Mention.objects.create(document=both, authority=other, start=0, end=6,
                           surface="Herter", confidence=0.9, evidence="surname")
    Change.objects.all().delete()

    output = run("authorities", "merge", f"person/{HERTER_JAPAN}", HERTER_CHINA).output
    assert "merged person/frus1955-57v02-p_HCA1 into person/frus1964-68v29p2-p_HCAJ1" in output
    assert not Authority.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    statuses = dict(keep.links.filter(document__in=[both, only_other, proposed])
                    .values_list("document_id", "status"))
    assert statuses == {both.pk: "curated", only_other.pk: "accepted", proposed.pk: "rejected"}
    assert Link.objects.filter(document=both, authority=keep).count() == 1
    assert Mention.objects.filter(authority=keep, document=both).exists()
    assert {"Herter, Christian Archibald", "Christian Archibald Herter"} <= set(
        keep.variants.values_list("name", flat=True))
    assert keep.identifiers["frus"] == "p_HCAJ1"
    merged = {"key": HERTER_CHINA, "frus": "p_HCA1", "frus_volume": "frus1955-57v02"}
    assert merged in keep.identifiers["merged"]
    assert keep.description.startswith("Special Representative for Trade Negotiations")
    assert len(history_of(keep)) == 2  # the import, then the merge: one revision
    latest = history_of(keep)[0]
    assert latest.comment.startswith("Merged Herter, Christian Archibald (person/frus1955-57v02-p_HCA1) "
                                     "into Herter, Christian A. (person/frus1964-68v29p2-p_HCAJ1); "
                                     "archivist authorities merge")
    queued = set(Change.objects.values_list("record_id", flat=True))
    assert {both.record_id, only_other.record_id, proposed.record_id, *kept_documents} <= queued

    # the old addresses lead to the kept record's page
    for suffix in ("", ".json"):
        response = client.get(f"/people/{HERTER_CHINA}{suffix}")
        assert response.status_code == 301
        assert response["Location"] == f"/people/{HERTER_JAPAN}{suffix}"
    # importing the China volume again updates the kept record's note of it, makes no record anew
    output = run("ingest", "--quiet", CHINA).output
    assert "0 added" in output and " 0 conflicts" in output
    assert not Authority.objects.filter(kind="person", key=HERTER_CHINA).exists()
    assert run("authorities", "duplicates").output.count("Herter") == 0


def test_merge_refuses_unknown_records_and_the_kept_one_among_the_others(people):
    result = CliRunner().invoke(cli, ["authorities", "merge", HERTER_JAPAN, "nobody"])
    assert result.exit_code == 1 and "no authority record 'nobody'" in result.output
    result = CliRunner().invoke(cli, ["authorities", "merge", HERTER_JAPAN, HERTER_JAPAN])
    assert result.exit_code == 1 and "the kept one not among" in result.output
    assert Authority.objects.filter(key__in=[HERTER_JAPAN, HERTER_CHINA]).count() == 2


@pytest.fixture
def as_role(client, django_user_model):
    from archivist.curation.roles import ensure_roles

    ensure_roles()

    def sign_in(role: str):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create(username=role, is_staff=True)
        user.groups.set([Group.objects.get(name=role)])
        client.force_login(user)
        return client
    return sign_in


def _merge_in_admin(client, *records: Authority):
    return client.post("/admin/records/authority/", {
        "action": "merge", "_selected_action": [str(a.pk) for a in records]}, follow=True)


def test_the_admins_action_merges_for_publishers_only(people, as_role):
    keep = Authority.objects.get(kind="person", key=HERTER_JAPAN)
    other = Authority.objects.get(kind="person", key=HERTER_CHINA)
    editor = as_role("editor")
    action_form = editor.get("/admin/records/authority/").context["action_form"]
    assert action_form is None or "merge" not in dict(action_form.fields["action"].choices)
    _merge_in_admin(editor, keep, other)
    assert Authority.objects.filter(pk=other.pk).exists()

    response = _merge_in_admin(as_role("publisher"), keep, other)
    assert response.status_code == 200
    assert not Authority.objects.filter(pk=other.pk).exists()  # the one with fewer links
    assert MergedAuthority.objects.get(key=HERTER_CHINA).authority == keep
    revision = history_of(keep)[0]
    assert revision.comment.endswith("; in the admin") and revision.who == "publisher"
    assert "Merged person/frus1955-57v02-p_HCA1 into" in [str(m) for m in response.context["messages"]][0]



def test_a_pair_judged_different_is_listed_no_more(people):
    judged = run("authorities", "distinct", HERTER_JAPAN, f"person/{HERTER_CHINA}").output
    assert "1 pair judged different" in judged
    assert "0 pairs judged different" in run("authorities", "distinct", HERTER_CHINA, HERTER_JAPAN).output
    assert "Herter" not in run("authorities", "duplicates").output
    run("authorities", "merge", HERTER_JAPAN, HERTER_CHINA)  # a curator may still merge them
    assert not Authority.objects.filter(kind="person", key=HERTER_CHINA).exists()


def test_the_admins_page_of_likely_duplicates_merges_or_judges_each_pair(people, as_role):
    keep = Authority.objects.get(kind="person", key=HERTER_JAPAN)
    other = Authority.objects.get(kind="person", key=HERTER_CHINA)
    editor = as_role("editor")
    assert "Likely duplicate people" in editor.get("/admin/").content.decode()
    page = editor.get("/admin/records/authority/duplicates/").content.decode()
    assert "identifications share no words" in page and HERTER_CHINA in page
    assert 'value="merge"' not in page and 'value="distinct"' in page
    pair = {"keep": keep.pk, "other": other.pk}
    page_url = "/admin/records/authority/duplicates/"
    assert editor.post(page_url, pair | {"decision": "merge"}).status_code == 403
    response = as_role("publisher").post(page_url, pair | {"decision": "merge"}, follow=True)
    merged = "Merged person/frus1955-57v02-p_HCA1 into person/frus1964-68v29p2-p_HCAJ1"
    assert merged in response.content.decode()
    assert not Authority.objects.filter(pk=other.pk).exists()
    assert "No likely duplicates" in response.content.decode()


def test_an_editor_marks_a_pair_different_on_the_admins_page(people, as_role):
    keep = Authority.objects.get(kind="person", key=HERTER_JAPAN)
    other = Authority.objects.get(kind="person", key=HERTER_CHINA)
    decision = {"keep": keep.pk, "other": other.pk, "decision": "distinct"}
    response = as_role("editor").post("/admin/records/authority/duplicates/", decision, follow=True)
    assert "marked as different" in response.content.decode()
    assert "No likely duplicates" in response.content.decode()
    assert Authority.objects.filter(pk=other.pk).exists()


def test_places_one_of_whose_names_is_the_others_are_listed_too(people):
    from archivist.records.recordformat import read_authority
    from archivist.records.services import save_authority

    save_authority(read_authority({"type": "place", "id": "peking", "name": "Peking",
                                   "description": "Capital of China"}))
    output = run("authorities", "duplicates", "--kind", "place").output
    assert "place/beijing\tBeijing\tplace/peking\tPeking" in output
    assert "names agree: both are called 'peking'" in output


def test_a_changed_document_of_the_merged_records_volume_links_to_the_kept_record(people, tmp_path):
    """Two records a curator merged (here the Rostows, for the test's sake, both of the Japan volume):
    a document of the volume changed since links to the record kept, with no conflict."""
    run("authorities", "merge", "frus1964-68v29p2-p_RWW1", "frus1964-68v29p2-p_REVD1")
    text = JAPAN.read_text(encoding="utf-8")
    start = text.index('<div type="document" n="82"')
    changed = tmp_path / JAPAN.name
    changed.write_text(text[:start] + text[start:].replace("<head>82. ", "<head>82. Changed: ", 1),
                       encoding="utf-8")
    output = run("ingest", "--quiet", "--show-conflicts", changed).output
    assert "0 added, 1 updated" in output and " 0 conflicts" in output
    kept = Authority.objects.get(kind="person", key="frus1964-68v29p2-p_RWW1")
    document = Document.objects.get(record_id="frus1964-68v29p2-d82")
    assert document.title.startswith("Changed: ")
    assert document.links.filter(authority=kept, role="recipient").exists()
    assert not Authority.objects.filter(kind="person", key="frus1964-68v29p2-p_REVD1").exists()


def test_the_kept_records_page_shows_each_volumes_identification(people, client):
    from archivist.web.counts import ensure_fresh

    ensure_fresh()
    data = client.get("/people/frus1961-63v06-p_RD3.json").json()
    assert data["description"] == "Secretary of State"
    assert data["also_described"] == [{"description": "Secretary of State from January 21, 1961 to "
                                                      "January 20, 1969", "source": "frus1964-68v29p2"}]
    page = client.get("/people/frus1961-63v06-p_RD3").content.decode()
    assert "Also described" in page and "(frus1964-68v29p2)" in page


def test_the_kept_records_admin_page_lists_the_records_merged_into_it(people, as_role):
    lbj = Authority.objects.get(kind="person", key="frus1961-63v06-p_JLB1")
    publisher = as_role("publisher")
    page = publisher.get(f"/admin/records/authority/{lbj.pk}/change/").content.decode()
    assert "Records merged into this one" in page and "frus1964-68v29p2-p_JLB1" in page
    assert "names compatible: Johnson, Lyndon Baines / Johnson, Lyndon B." in page
    from tests.records.test_admin import authority_form_data

    response = publisher.post(f"/admin/records/authority/{lbj.pk}/change/", authority_form_data(lbj))
    assert response.status_code == 302  # the form saves with the read-only list
    assert lbj.merged.count() == 1
