"""Issue #13, part 3: names across scripts and spellings, both ways, with one spelling in the authority
record or none, through `archivist search` and `/search.json`."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli

CHINA = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "frus" / "frus1955-57v02-excerpt.xml"

DOCUMENTS = [
    # No authority record names any of these.
    {"record_id": "peking", "title": "Cable", "text": "The Peking regime replied."},
    {"record_id": "formosa", "title": "Cable", "text": "Forces on Formosa and the Pescadores."},
    {"record_id": "chiang", "title": "Cable", "text": "Chiang Kai-shek said so."},
    {"record_id": "foochow", "title": "Cable", "text": "The consulate at Foochow closed."},
    {"record_id": "kinmen", "title": "Cable", "text": "Shelling of Kinmen went on."},
    {"record_id": "hsinhua", "title": "Cable", "text": "Hsinhua reported the talks."},
    {"record_id": "soong", "title": "Cable", "text": "Madame Soong Ching-ling spoke."},
    {"record_id": "teng", "title": "Cable", "text": "Teng Hsiao-p'ing arrived."},
    {"record_id": "yeh", "title": "Cable", "text": "Foreign Minister Yeh Kung-ch'ao called."},
    {"record_id": "lodz", "title": "Report", "text": "The delegation went to Łódź and Øresund."},
    # Chinese characters, traditional and simplified, and Cyrillic.
    {"record_id": "han-trad", "title": "電報", "text": "周恩來總理抵達莫斯科。"},
    {"record_id": "han-simp", "title": "电报", "text": "毛泽东致电。"},
    {"record_id": "taiwan-han", "title": "电报", "text": "关于台湾问题。"},
    {"record_id": "russian", "title": "Запись",
     "text": "Никита Хрущёв и Микоян приняли посла. Брежнев тоже."},
    {"record_id": "han-lv", "title": "电报", "text": "吕正操到达。"},
    {"record_id": "german", "title": "Bericht", "text": "Chruschtschow und Molotow sprachen."},
    {"record_id": "french", "title": "Rapport", "text": "Khrouchtchev et Brejnev ont parlé."},
    {"record_id": "english", "title": "Cable", "text": "Khrushchev and Mikoyan met Zhou Enlai."},
    {"record_id": "yeltsin", "title": "Запись", "text": "Ельцин выступил."},
    {"record_id": "jelzin", "title": "Bericht", "text": "Jelzin sprach."},
]
AUTHORITIES = [
    # One spelling each: no variants in the file (imports add the generated ones).
    {"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai", "display_name": "Zhou Enlai"},
    {"type": "person", "id": "khrushchev", "name": "Khrushchev, Nikita"},
    {"type": "person", "id": "brezhnev", "name": "Brezhnev, Leonid"},
]


@pytest.fixture
def archive(put):
    put(*AUTHORITIES, *DOCUMENTS)


def found(q: str, client) -> list[str]:
    """The record IDs `archivist search --json` finds, checked to be those of /search.json."""
    result = CliRunner().invoke(cli, ["search", "--json", "--", q], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    cli_ids = sorted(r["record_id"] for r in json.loads(result.output)["results"])
    web = client.get("/search.json", {"q": q}).json()
    assert sorted(r["record_id"] for r in web["results"]) == cli_ids, q
    return cli_ids


@pytest.mark.parametrize(("q", "expected"), [
    ("Beijing", ["peking"]),
    ("Taiwan", ["formosa", "taiwan-han"]),
    ("Jiang Jieshi", ["chiang"]),
    ("Fuzhou", ["foochow"]),
    ("Quemoy", ["kinmen"]),
    ("Xinhua", ["hsinhua"]),
    ("Song Qingling", ["soong"]),
    ("Deng Xiaoping", ["teng"]),
    ("Ye Gongchao", ["yeh"]),
    ("Yeh Kung-chao", ["yeh"]),  # Wade-Giles without the apostrophe of aspiration
    ("Peking", ["peking"]),
])
def test_spellings_no_authority_record_names(archive, client, q, expected):
    assert found(q, client) == expected


@pytest.mark.parametrize(("q", "expected"), [
    ("Zhou Enlai", ["english", "han-trad"]),  # Latin finds traditional characters
    ("周恩来", ["english", "han-trad"]),  # simplified finds traditional and the Latin spelling
    ("毛澤東", ["han-simp"]),  # traditional finds simplified
    ("Mao Zedong", ["han-simp"]),  # no authority record: the pinyin reading of the characters
    ("Lü Zhengcao", ["han-lv"]),
    ("Nikita Khrushchev", ["russian"]),
    ("Khrushchev", ["english", "french", "german", "russian"]),
    ("Хрущёв", ["english", "french", "german", "russian"]),
    ("Chruschtschow", ["english", "french", "german", "russian"]),
    ("Khrouchtchev", ["english", "french", "german", "russian"]),
    ("Breschnew", ["french", "russian"]),
    ("Brezhnev", ["french", "russian"]),
    ("Molotov", ["german"]),
    ("Mikojan", ["english", "russian"]),
    ("Yeltsin", ["jelzin", "yeltsin"]),  # the soft sign English and German drop
    ("Ельцин", ["jelzin", "yeltsin"]),
])
def test_names_across_scripts_both_ways(archive, client, q, expected):
    assert found(q, client) == expected


def test_letters_that_do_not_decompose_fold_alike_in_search_and_linker(archive, client):
    from archivist.enrich.names import tokens
    from archivist.search.query import analyze

    assert found("Lodz", client) == ["lodz"] and found("oresund", client) == ["lodz"]
    for name in ("Łódź", "Øresund", "Đorđević", "Æthelred", "Œuvre", "Straße", "Þór", "Halldór Laxness",
                 "ıħŧŋĸŀ"):
        assert tokens(name) == analyze(name), name


def test_ordinary_words_are_not_respelled(archive, client):
    result = client.get("/search.json", {"q": "consulate closed"}).json()
    assert [r["record_id"] for r in result["results"]] == ["foochow"]
    assert result["notices"] == []


def test_the_notice_names_the_other_spellings(archive, client):
    notices = client.get("/search.json", {"q": "Beijing"}).json()["notices"]
    assert any("Peking" in notice for notice in notices), notices


def test_a_curators_table_adds_spellings(archive, client, tmp_path, monkeypatch):
    table = tmp_path / "spellings.csv"
    table.write_text("forms,source\nKinmen | Golden Gate Island,a curator's note\n", encoding="utf-8")
    monkeypatch.setenv("ARCHIVIST_SPELLINGS", str(table))
    assert found('"Golden Gate Island"', client) == ["kinmen"]


def test_a_curators_table_with_an_error_names_file_line_and_field(tmp_path, monkeypatch):
    from archivist.enrich.romanize import irregular

    table = tmp_path / "spellings.csv"
    table.write_text("forms,source\nKinmen | Quemoy,ok\nLonely,\n", encoding="utf-8")
    monkeypatch.setenv("ARCHIVIST_SPELLINGS", str(table))
    with pytest.raises(irregular.TableError, match=r"spellings.csv, line 3, field 'forms'"):
        irregular.equivalents("Kinmen")


@pytest.mark.skipif(not CHINA.exists(), reason="the shared FRUS corpus is not beside the repository")
def test_the_china_volume(db, client):
    """The real volume (46 documents): Beijing, Taiwan and Jiang Jieshi find Peking, Formosa and Chiang
    Kai-shek with no authority record naming them so."""
    result = CliRunner().invoke(cli, ["ingest", str(CHINA)], catch_exceptions=False)
    assert result.exit_code == 0, result.output

    def total(q: str) -> int:
        result = CliRunner().invoke(cli, ["search", "--json", "--", q], catch_exceptions=False)
        cli_total = json.loads(result.output)["total"]
        assert client.get("/search.json", {"q": q}).json()["total"] == cli_total, q
        return cli_total

    assert total("Beijing") >= total("Peking") > 0
    assert total("Taiwan") >= total("Formosa") > 0
    assert total("Jiang Jieshi") >= total('"Chiang Kai-shek"') > 0



def test_the_index_reads_characters_as_pypinyin_does():
    """search.pinyin reads as lazy_pinyin at a fraction of its cost: 2,000 runs of words and characters,
    from 1 to 200 pieces long, and runs made of the beginnings of phrases."""
    import random

    from pypinyin import lazy_pinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    from archivist.search.pinyin import syllables

    chance = random.Random(13)
    words = sorted(PHRASES_DICT)
    characters = [chr(code) for code in sorted(PINYIN_DICT) if 0x4E00 <= code <= 0x9FFF]
    for _ in range(2000):
        run = "".join(chance.choice(words) if chance.random() < 0.6 else chance.choice(characters)
                      for _ in range(chance.choice((1, 2, 8, 200))))
        assert syllables(run) == lazy_pinyin(run, v_to_u=True), run
    for _ in range(1000):
        run = "".join(chance.choice(words)[:chance.randint(1, 3)] for _ in range(5))
        assert syllables(run) == lazy_pinyin(run, v_to_u=True), run
    assert syllables("重庆银行") == ["chong", "qing", "yin", "hang"]
