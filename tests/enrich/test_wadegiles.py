"""Wade-Giles <-> pinyin over the full syllable table, with real names."""

import pytest

from archivist.enrich.romanize.wadegiles import (
    PINYIN_SYLLABLES,
    PINYIN_TO_WG,
    WG_TO_PINYIN,
    pinyin_to_wade_giles,
    split_pinyin,
    wade_giles_to_pinyin,
    without_marks,
)


def test_the_table_covers_every_syllable_once_and_reads_both_ways():
    assert len(PINYIN_SYLLABLES) == len(set(PINYIN_SYLLABLES)) == 409
    assert len(WG_TO_PINYIN) == len(PINYIN_TO_WG)
    for syllable in PINYIN_SYLLABLES:
        assert WG_TO_PINYIN[PINYIN_TO_WG[syllable]] == syllable


@pytest.mark.parametrize(("pinyin", "wade_giles"), [
    ("zhi", "chih"), ("chi", "ch'ih"), ("shi", "shih"), ("ri", "jih"), ("zi", "tzu"), ("ci", "tz'u"),
    ("si", "ssu"), ("ji", "chi"), ("qi", "ch'i"), ("xi", "hsi"), ("zhong", "chung"), ("rong", "jung"),
    ("xiong", "hsiung"), ("jian", "chien"), ("xue", "hsüeh"), ("lüe", "lüeh"), ("yu", "yü"), ("you", "yu"),
    ("yue", "yüeh"), ("quan", "ch'üan"), ("ge", "ko"), ("ke", "k'o"), ("he", "ho"), ("guo", "kuo"),
    ("duo", "to"), ("shuo", "shuo"), ("ruo", "jo"), ("gui", "kuei"), ("kui", "k'uei"), ("hui", "hui"),
    ("er", "erh"), ("yi", "i"), ("ye", "yeh"), ("yan", "yen"), ("zeng", "tseng"), ("cong", "ts'ung"),
])
def test_syllables(pinyin, wade_giles):
    assert PINYIN_TO_WG[pinyin] == wade_giles


@pytest.mark.parametrize(("pinyin", "wade_giles"), [
    ("Zhou Enlai", "Chou En-lai"),
    ("Mao Zedong", "Mao Tse-tung"),
    ("Deng Xiaoping", "Teng Hsiao-p'ing"),
    ("Li Fuchun", "Li Fu-ch'un"),
    ("Dong Biwu", "Tung Pi-wu"),
    ("Liu Shaoqi", "Liu Shao-ch'i"),
    ("Jiang Qing", "Chiang Ch'ing"),
    ("Xu Xiangqian", "Hsü Hsiang-ch'ien"),
    ("Guo Moruo", "Kuo Mo-jo"),
    ("Nie Rongzhen", "Nieh Jung-chen"),
])
def test_names_both_ways(pinyin, wade_giles):
    assert pinyin_to_wade_giles(pinyin) == wade_giles
    assert wade_giles_to_pinyin(wade_giles) == pinyin


def test_forms_without_hyphens_apostrophes_or_umlaut():
    assert pinyin_to_wade_giles("Zhou Enlai", hyphens=False) == "Chou Enlai"
    assert without_marks("Teng Hsiao-p'ing") == "Teng Hsiao-ping"
    assert without_marks("Hsü Hsiang-ch'ien") == "Hsu Hsiang-chien"
    assert wade_giles_to_pinyin("Chou Enlai") == "Zhou Enlai"
    assert wade_giles_to_pinyin("Mao Tsetung") == "Mao Zedong"
    assert wade_giles_to_pinyin("Hsu Hsiang-ch'ien") == "Xu Xiangqian"


def test_tone_marks_and_apostrophes_in_pinyin():
    assert pinyin_to_wade_giles("Zhōu Ēnlái") == "Chou En-lai"
    assert split_pinyin("Xi'an") == ("xi", "an")
    assert split_pinyin("Xian") == ("xian",)
    assert split_pinyin("Tian'anmen") == ("tian", "an", "men")


def test_names_that_are_not_chinese_are_left_alone():
    assert pinyin_to_wade_giles("Dean Rusk") is None
    assert pinyin_to_wade_giles("Sato Eisaku") is None
    assert wade_giles_to_pinyin("Khrushchev") is None
