"""bench/linking on a small TEI volume: markup removed, persons list as authority file, scores, by the
pure linker and through the product's commands."""

from lxml import etree

from bench.linking import gold, product, pure

VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><front>
<div xml:id="persons"><list type="names">
<item><hi rend="strong"><persName xml:id="p_KJF2">Kennedy, John F.</persName>,</hi> President of the
  United States until November 22, 1963</item>
<item><hi rend="strong"><persName xml:id="p_KRF1">Kennedy, Robert F.</persName>,</hi> Attorney General</item>
<item><hi rend="strong"><persName xml:id="p_KNS2">Khrushchev, Nikita S.</persName>,</hi> Chairman</item>
</list></div></front>
<body><div type="compilation">
<div type="document" xml:id="d1" n="1"><head>1. Letter From Chairman <persName corresp="#p_KNS2"
  >Khrushchev</persName> to President <persName corresp="#p_KJF2">Kennedy</persName></head>
<dateline><date when="1962-10-26">October 26, 1962</date></dateline>
<p>Dear Mr. President: Attorney General <persName corresp="#p_KRF1">Kennedy</persName> spoke with
  our Ambassador. <persName>Edward Kennedy</persName> did not.</p>
<closer><signed><persName corresp="#p_KNS2">N. Khrushchev</persName></signed></closer></div>
</div></body></text></TEI>
"""


def test_bench_scores_a_small_volume(tmp_path):
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME, encoding="utf-8")
    result = pure.evaluate(path)
    assert result["documents"] == 1 and result["persons"] == 3
    assert result["mentions"]["gold"] == 4
    assert result["mentions"]["f1"] == 1.0
    assert result["documents_persons"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "predicted": 3,
                                           "gold": 3}


def test_text_keeps_names_without_their_markup(tmp_path):
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME, encoding="utf-8")
    div = etree.parse(str(path)).xpath('//*[@type="document"]')[0]
    document = gold.DocumentText(div)
    assert "persName" not in document.text
    assert "Attorney General Kennedy spoke" in " ".join(document.text.split())
    assert [document.text[s:e] for s, e, _ in document.gold] == ["Khrushchev", "Kennedy", "Kennedy",
                                                                  "N. Khrushchev"]
    assert gold.document_date(div).isoformat() == "1962-10-26"


def test_the_product_path_imports_without_person_markup_enriches_and_exports(tmp_path):
    """archivist ingest of the volume stripped of persName, archivist enrich, archivist export: the
    proposals found in the title, the text and the signature are scored against the editors' markup."""
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME, encoding="utf-8")
    (result,) = product.evaluate([path], together=False)
    assert result["documents"] == 1 and result["person_records"] == 3
    assert result["documents_persons"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "predicted": 3,
                                           "gold": 3}
    assert result["mentions"]["gold"] == 4 and result["mentions"]["f1"] == 1.0
    (tmp_path / "stripped").mkdir()
    text = product.strip_markup(path, tmp_path / "stripped").read_text(encoding="utf-8")
    assert 'corresp="#p_KNS2"' not in text and 'xml:id="p_KNS2"' in text  # the persons list stays
