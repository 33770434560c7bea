"""Variant generation for authority records: inverted forms, irregular table, every script."""

from archivist.enrich.romanize import inverted, irregular
from archivist.enrich.variants import generate_variants


def test_inverted_and_direct_forms():
    assert inverted.direct("Zhou, Enlai", surname_first=True) == "Zhou Enlai"
    assert inverted.inverted("Zhou Enlai", surname_first=True) == "Zhou, Enlai"
    assert inverted.direct("Khrushchev, Nikita S.") == "Nikita S. Khrushchev"
    assert inverted.inverted("Nikita Khrushchev") == "Khrushchev, Nikita"
    assert inverted.direct("Stevenson, Adlai E., III") is None


def test_irregular_table_ignores_case_hyphens_and_apostrophes():
    assert "Jiang Jieshi" in irregular.equivalents("Chiang Kai-shek")
    assert "Chiang Kai-shek" in irregular.equivalents("jiang jieshi")
    assert "Guangzhou" in irregular.equivalents("Canton")
    assert "Beijing" in irregular.equivalents("Peking")
    assert "Sun Zhongshan" in irregular.equivalents("Sun Yat-sen")
    assert irregular.equivalents("Kennedy") == []


def test_pinyin_name_gets_wade_giles_and_inverted_forms():
    made = dict(generate_variants("Mao, Zedong", "Mao Zedong"))
    assert made["Mao Tse-tung"] == "wade-giles"
    assert made["Mao Tsetung"] == "wade-giles"
    assert made["Mao, Tse-tung"] == "inverted"
    assert "Mao Zedong" not in made and "Mao, Zedong" not in made


def test_characters_give_pinyin_then_wade_giles():
    made = dict(generate_variants("Deng, Xiaoping", "Deng Xiaoping", known=("邓小平",)))
    assert made["Teng Hsiao-p'ing"] == "wade-giles"
    assert made["Teng Hsiao-ping"] == "wade-giles-plain"
    assert made["Dèng Xiǎopíng"] == "pinyin-tones"


def test_wade_giles_variant_gives_pinyin():
    made = dict(generate_variants("Liu, Shao-ch'i", "Liu Shao-ch'i"))
    assert made["Liu Shaoqi"] == "pinyin"
    assert dict(generate_variants("Chou En-lai"))["Zhou Enlai"] == "pinyin"


def test_cyrillic_name_in_every_scheme():
    made = dict(generate_variants("Khrushchev, Nikita S.", known=("Хрущёв",)))
    assert made["Khrushchëv"] == "bgn-pcgn"
    assert made["Chruschtschow"] == "german"
    assert made["Khrouchtchev"] == "french"
    assert made["Hruŝëv"] == "iso9"
    assert made["Khrushchev"] == "english"
    assert made["Nikita S. Khrushchev"] == "inverted"


def test_places_get_irregular_and_wade_giles_forms_but_no_inversion():
    made = dict(generate_variants("Beijing", "Beijing", kind="place", known=("北京",)))
    assert made["Peking"] == "irregular"
    assert made["Pei-ching"] == "wade-giles"
    assert not any(scheme == "inverted" for scheme in made.values())


def test_western_names_get_only_their_direct_form():
    assert generate_variants("Rusk, Dean") == [("Dean Rusk", "inverted")]


def test_japanese_names_made_of_pinyin_syllables_get_no_wade_giles():
    assert generate_variants("Tanaka, Kakuei", "Kakuei Tanaka") == []
    assert generate_variants("Ota, Kaoru", "Ota Kaoru") == []
    assert dict(generate_variants("Li, Fuchun", "Li Fuchun"))["Li Fu-ch'un"] == "wade-giles"


def test_soviet_people_written_in_english_get_german_and_french_spellings():
    made = dict(generate_variants("Khrushchev, Nikita S.",
                                  description="Chairman of the Council of Ministers of the Soviet Union"))
    assert made["Хрущёв"] == "cyrillic-guess"
    assert made["Chruschtschow"] == "german"
    assert made["Khrouchtchev"] == "french"
    assert made["Khrushchov"] == "english-phonetic"
    assert made["Nikita Chruschtschow"] == "german"
    rusk = generate_variants("Rusk, Dean", description="Secretary of State")
    assert rusk == [("Dean Rusk", "inverted")]
