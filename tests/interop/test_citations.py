"""Citation downloads read back by independent parsers (rispy, bibtexparser, json), every field checked;
hostile values that must not break the formats; EDTF dates as CSL dates; the styles rendered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from pylatexenc.latex2text import LatexNodes2Text

from archivist.ingest.csvrecords import read_csv_records
from archivist.ingest.loader import store_records
from archivist.interop.csl import csl_date

ROOT = Path(__file__).resolve().parents[2]
CSV_TEMPLATE = ROOT / "archivist" / "ingest" / "templates" / "documents-template.csv"
SEED_PAGE = ROOT.parent / "shared" / "seed" / "wilson-center-document-110390.json"
REFERENCE_URL = "https://digitalarchive.wilsoncenter.org/document/110390"
TITLE = "Cable, Mao Zedong to the Central Committee of the CCP"
ARCHIVE = "Chinese Communist Party Central Archives (CCA)"
COLLECTION = "Jianguo yilai Mao Zedong wengao"
# Braces, LaTeX specials, a line that would end a RIS record and one that would start another, quotes,
# an @ that starts a BibTeX entry, and Chinese characters.
HOSTILE_TITLE = ('Brace } { \\end{document} 100% & $5 #1 a_b ~ ^ "q" @misc{x,\nER  - \nTY  - JOUR\n'
                 '周恩来致毛泽东电')


def _download(client, record_id: str, extension: str) -> str:
    response = client.get(f"/documents/{record_id}/citation.{extension}")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def _bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(), middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    return library.entries


def _latex_text(value: str) -> str:
    return LatexNodes2Text().latex_to_text(value)


def test_csl_json_of_the_reference_record_has_every_field(client, full_record):
    [item] = json.loads(_download(client, "110390", "json"))
    assert item["id"] == "110390" and item["type"] == "manuscript"
    assert item["title"] == TITLE
    assert item["author"] == [{"family": "Mao", "given": "Zedong", "static-ordering": True}]
    assert item["issued"] == {"date-parts": [[1950, 1, 2]]}
    assert item["archive"] == ARCHIVE
    assert item["archive_location"] == COLLECTION
    assert item["note"].startswith("Zhonggong zhongyang wenxian yanjiushi, ed., Jianguo yilai")
    assert item["publisher"] == "Wilson Center Digital Archive"
    assert item["URL"] == REFERENCE_URL
    today = dt.date.today()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


def test_ris_of_the_reference_record_read_by_rispy(client, full_record):
    [entry] = rispy.loads(_download(client, "110390", "ris"))
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["title"] == TITLE
    assert entry["authors"] == ["Mao, Zedong"]
    assert (entry["date"], entry["year"]) == ("1950/01/02/", "1950")
    assert entry["name_of_database"] == ARCHIVE  # DB: the archive, as Zotero reads RIS
    assert entry["accession_number"] == COLLECTION  # AN: the location in the archive
    assert entry["urls"] == [REFERENCE_URL]
    assert entry["publisher"] == "Wilson Center Digital Archive"
    assert entry["access_date"] == dt.date.today().strftime("%Y/%m/%d/")


def test_bibtex_of_the_reference_record_read_by_bibtexparser(client, full_record):
    [entry] = _bibtex(_download(client, "110390", "bib"))
    assert (entry.entry_type, entry.key) == ("unpublished", "110390")
    assert entry["title"] == TITLE
    [author] = entry["author"]
    assert (author.last, author.first) == (["{Mao}"], ["{Zedong}"])
    assert (entry["date"], entry["year"]) == ("1950-01-02", "1950")
    assert entry["archive"] == ARCHIVE and entry["archive_location"] == COLLECTION
    assert entry["url"] == REFERENCE_URL
    assert entry["urldate"] == dt.date.today().isoformat()


def test_a_csv_documents_archive_levels_and_organization_author(client, db):
    store_records(CSV_TEMPLATE, read_csv_records(CSV_TEMPLATE))
    [item] = json.loads(_download(client, "example-1", "json"))
    assert item["archive"] == "National Archives"
    assert item["archive_location"] == "RG 59, Central Files"  # the collection, then the series
    assert item["author"] == [{"family": "Khrushchev", "given": "Nikita S."}]
    [entry] = rispy.loads(_download(client, "example-1", "ris"))
    assert entry["name_of_database"] == "National Archives"
    assert entry["accession_number"] == "RG 59, Central Files"


def test_hostile_values_do_not_break_the_formats_and_survive(client, add_document, settings):
    add_document("hostile", title=HOSTILE_TITLE, source="Line one\nER  - \n@book{y,", date="1950-01~",
                 authors=["Smith} and {Jones, Ann", "Department of State"])
    one_line = " ".join(HOSTILE_TITLE.split())

    [item] = json.loads(_download(client, "hostile", "json"))
    assert item["title"] == HOSTILE_TITLE
    assert item["author"] == [{"family": "Smith} and {Jones", "given": "Ann"},
                              {"literal": "Department of State"}]

    entries = rispy.loads(_download(client, "hostile", "ris"))
    assert len(entries) == 1
    assert entries[0]["type_of_reference"] == "MANSCPT"
    assert entries[0]["title"] == one_line
    assert entries[0]["notes"] == ["Line one ER - @book{y,"]
    assert entries[0]["authors"] == ["Smith} and {Jones, Ann", "Department of State"]

    bibtex = _download(client, "hostile", "bib")
    [entry] = _bibtex(bibtex)
    # pylatexenc reads \textasciicircum as the modifier letter circumflex, which LaTeX prints as ^.
    assert entry["title"] == one_line.replace("^", "\u02c6")
    assert "周恩来致毛泽东电" in entry["title"]
    assert entry["note"] == "Line one ER - @book{y,"
    smith, department = entry["author"]
    assert [_latex_text(part) for part in smith.last] == ["Smith} and {Jones"]
    assert [_latex_text(part) for part in smith.first] == ["Ann"]
    assert [_latex_text(part) for part in department.last] == ["Department of State"]
    # biblatex reads the date field itself, circa as EDTF's ~ (a LaTeX decoder would make it a space)
    assert bibtexparser.parse_string(bibtex).entries[0]["date"] == "1950-01~"
    assert entry["url"] == f"{settings.BASE_URL}/documents/hostile"


def test_a_non_latin_title_survives_every_format(client, add_document):
    add_document("zh", title="毛泽东致中共中央电", date="1950-01-02")
    assert json.loads(_download(client, "zh", "json"))[0]["title"] == "毛泽东致中共中央电"
    assert rispy.loads(_download(client, "zh", "ris"))[0]["title"] == "毛泽东致中共中央电"
    assert _bibtex(_download(client, "zh", "bib"))[0]["title"] == "毛泽东致中共中央电"


@pytest.mark.parametrize(("edtf", "shown", "csl"), [
    ("1950-01-02", "", {"date-parts": [[1950, 1, 2]]}),
    ("1950-01", "", {"date-parts": [[1950, 1]]}),
    ("1950", "", {"date-parts": [[1950]]}),
    ("1950-01-02T23:00:00", "", {"date-parts": [[1950, 1, 2]]}),
    ("1950~", "", {"date-parts": [[1950]], "circa": True}),
    ("1950-01?", "", {"date-parts": [[1950, 1]], "circa": True}),
    ("1950-01-02/1950-03", "", {"date-parts": [[1950, 1, 2], [1950, 3]]}),
    ("195X", "", {"literal": "1950s"}),
    ("1950-01-02/..", "from January 2, 1950", {"literal": "from January 2, 1950"}),
    ("", "", None),
])
def test_edtf_dates_as_csl_dates(edtf, shown, csl):
    assert csl_date(edtf, shown) == csl


def test_dates_in_ris_and_bibtex(client, add_document):
    add_document("range", date="1950-01-02/1950-03")
    add_document("decade", date="195X")
    [entry] = _bibtex(_download(client, "range", "bib"))
    assert (entry["date"], entry["year"]) == ("1950-01-02/1950-03", "1950")
    assert rispy.loads(_download(client, "range", "ris"))[0]["date"] == "1950/01/02/"
    assert rispy.loads(_download(client, "decade", "ris"))[0]["date"] == "1950s"
    assert _bibtex(_download(client, "decade", "bib"))[0]["year"] == "1950s"


def test_the_styles_render_the_reference_record(client, full_record):
    styles = client.get("/documents/110390.json").json()["citation_styles"]
    assert [(s["style"], s["url"]) for s in styles] == [
        (style, f"/documents/110390.json?style={style}") for style in ("archive", "chicago", "mla", "apa")]
    cited = [client.get(s["url"]).json()["citation"] for s in styles]
    citations = {citation["style"]: citation["text"] for citation in cited}
    assert citations["mla"].startswith(f"Mao Zedong. “{TITLE}.”")  # written family name first
    assert citations["apa"].startswith(f"Mao Zedong. (1950). {TITLE}.")
    assert citations["chicago"].startswith(f"Mao Zedong, “{TITLE},”")
    for style in ("chicago", "mla", "apa"):
        assert ARCHIVE in citations[style] and COLLECTION in citations[style]
        assert REFERENCE_URL in citations[style]
    assert "January 2, 1950" in citations["chicago"] and "2 Jan. 1950" in citations["mla"]


@pytest.mark.skipif(not SEED_PAGE.exists(), reason="the captured seed page is not here")
def test_the_archive_style_is_the_reference_pages_citation_character_for_character(client, full_record):
    captured = json.loads(SEED_PAGE.read_text(encoding="utf-8"))["citation_as_published"]
    citation = client.get("/documents/110390.json").json()["citation"]
    assert citation == {"style": "archive", "label": "As published by the archive", "text": captured,
                        "html": captured.replace("&", "&amp;").replace("<", "&lt;")}


def test_the_archive_style_of_a_csv_document_is_its_citation_as_published(client, db, settings):
    store_records(CSV_TEMPLATE, read_csv_records(CSV_TEMPLATE))
    twin = client.get("/documents/example-1.json").json()
    house = twin["citation"]["text"]
    assert house == twin["citation_as_published"]
    assert house.endswith(f"Volume VI, Document 21. {settings.BASE_URL}/documents/example-1")
