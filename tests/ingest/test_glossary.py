"""A volume's glossary names organizations: those become organization records (one per name across
volumes, the abbreviation a variant), which `archivist enrich` links in texts; offices in headings
("From the President") are not organizations."""

import pytest

from archivist.enrich.services import enrich_documents
from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.bodies import names_a_body, names_a_post
from archivist.records.models import Authority, Link

VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="VOLUME"><text><front>
<div xml:id="terms"><list>
<item><hi rend="strong"><term xml:id="t_AEC1">AEC</term></hi>, Atomic Energy Commission</item>
<item><hi rend="strong"><term xml:id="t_BOP1">BOP</term></hi>, Balance of payments</item>
<item><hi rend="strong"><term xml:id="t_P1">P</term></hi>, Bureau of Public Affairs, Department of
  State</item>
<item><hi rend="strong"><term xml:id="t_C1">C</term></hi>, Counselor, Department of State</item>
</list></div></front>
<body><div type="compilation">
<div type="document" subtype="historical-document" xml:id="d1" n="1">
<head>1. Memorandum From the <gloss type="from">President</gloss> to the <gloss type="to">Atomic
  Energy Commission</gloss></head>
<dateline><date when="1962-10-26">October 26, 1962</date></dateline>
<p>The <gloss target="#t_AEC1">AEC</gloss> will report on the <gloss target="#t_BOP1">BOP</gloss>.
  Economic aid, AID and Aid are not the AEC. P said so.</p></div>
</div></body></text></TEI>
"""


def ingest(tmp_path, volume_id="frus1962v01"):
    path = tmp_path / f"{volume_id}.xml"
    path.write_text(VOLUME.replace("VOLUME", volume_id), encoding="utf-8")
    return store_records(path, read_tei(path))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")


def test_glossary_bodies_become_organizations_with_their_abbreviation(db, tmp_path):
    report = ingest(tmp_path)
    assert report.extras["organizations in the glossary"] == 2  # AEC and P; not BOP, not the Counselor
    organizations = {a.display_name: list(a.variants.filter(origin="curated").values_list("name", flat=True))
                     for a in Authority.objects.filter(kind="organization")}
    assert organizations == {"Atomic Energy Commission": ["AEC"],
                             "Bureau of Public Affairs, Department of State": ["P"]}
    ingest(tmp_path, "frus1963v02")  # another volume naming the same body: still one record
    assert Authority.objects.filter(kind="organization", display_name="Atomic Energy Commission").count() == 1


def test_enrich_links_an_abbreviation_only_as_written(db, tmp_path):
    ingest(tmp_path)
    enrich_documents()
    aec = Authority.objects.get(display_name="Atomic Energy Commission")
    surfaces = sorted(aec.mentions.values_list("surface", flat=True))
    assert surfaces == ["AEC", "AEC", "Atomic Energy Commission"]  # the text twice, the title once
    assert Link.objects.filter(authority=aec, status="curated", role="recipient").exists()
    public_affairs = Authority.objects.get(display_name__startswith="Bureau of Public Affairs")
    assert not public_affairs.mentions.exists()  # "P" is one letter: never read as an abbreviation


def test_offices_are_not_bodies():
    assert names_a_post("President") and names_a_post("Under Secretary of State")
    assert not names_a_post("Office of the Secretary of State")
    assert names_a_body("Atomic Energy Commission")
    assert names_a_body("Executive Secretariat, Department of State")
    for thing in ("Balance of payments", "Counselor, Department of State", "Embassy telegram",
                  "Chief of Staff", "Table of Organization and Equipment", "Continental United States"):
        assert not names_a_body(thing), thing
