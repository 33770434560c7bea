"""Names in CSV and JSON documents find the authority records they name: by sort name, display name
or variant, a person before an organization; a name in a list of people never silently becomes an
organization."""

import json

from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Authority, Document
from archivist.records.recordformat import read_authority
from archivist.records.services import save_authority
from tests.conftest import DEMO_AUTHORITIES


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def linked(record_id: str) -> dict[str, str]:
    document = Document.objects.get(record_id=record_id)
    links = document.links.select_related("authority")
    return {link.authority.sort_name: link.authority.kind for link in links}


def test_a_csv_name_that_is_a_persons_display_or_variant_name_links_to_that_person(db, tmp_path):
    run("load", DEMO_AUTHORITIES)
    people = Authority.objects.filter(kind="person").count()
    path = tmp_path / "letters.csv"
    path.write_text("record_id,title,authors,recipients,associated_people_and_organizations\n"
                    "l1,Letter,Mao Zedong,Chou En-lai,Zhou Enlai;Ministry of Foreign Affairs;TASS\n"
                    "l2,Reply,Peng Dehuai,Mao Zedong,\n", encoding="utf-8")
    output = run("ingest", "--quiet", path)
    assert linked("l1") == {"Mao, Zedong": "person", "Zhou, Enlai": "person",
                            "Ministry of Foreign Affairs": "organization", "TASS": "organization"}
    assert linked("l2") == {"Peng Dehuai": "person", "Mao, Zedong": "person"}
    assert Authority.objects.filter(kind="person").count() == people + 1  # Peng Dehuai only
    assert not Authority.objects.filter(kind="organization", sort_name__in=["Mao Zedong", "Peng Dehuai"])
    assert "2 names of people or organizations made organizations" in output


def test_a_person_is_found_before_an_organization_of_the_same_name(db, tmp_path):
    save_authority(read_authority({"type": "organization", "id": "mao-org", "name": "Mao Zedong"}))
    save_authority(read_authority({"type": "person", "id": "mao", "name": "Mao, Zedong",
                                   "display_name": "Mao Zedong"}))
    path = tmp_path / "letters.jsonl"
    path.write_text(json.dumps({"record_id": "j1", "title": "Telegram", "authors": ["Mao Zedong"],
                                "associated_people_and_organizations": ["Mao, Zedong"]}) + "\n",
                    encoding="utf-8")
    run("load", path)
    assert linked("j1") == {"Mao, Zedong": "person"}
