"""Chinese characters -> pinyin, and Russian Cyrillic in each romanization, with real names."""

import pytest

from archivist.enrich.romanize import bgn_pcgn, french, german, hanzi, iso9, loc
from archivist.enrich.romanize.cyrillic import is_cyrillic


@pytest.mark.parametrize(("characters", "pinyin"), [
    ("周恩来", "Zhou Enlai"), ("周恩來", "Zhou Enlai"), ("毛泽东", "Mao Zedong"), ("毛澤東", "Mao Zedong"),
    ("李富春", "Li Fuchun"), ("董必武", "Dong Biwu"), ("邓小平", "Deng Xiaoping"), ("欧阳修", "Ouyang Xiu"),
    ("吕正操", "Lü Zhengcao"),
])
def test_han_names_to_pinyin(characters, pinyin):
    assert hanzi.to_pinyin(characters) == pinyin


def test_han_with_tones_places_and_non_han():
    assert hanzi.to_pinyin("周恩来", tones=True) == "Zhōu Ēnlái"
    assert hanzi.to_pinyin("北京", person=False) == "Beijing"
    assert hanzi.to_pinyin("西安", person=False) == "Xi'an"
    assert hanzi.to_pinyin("Zhou Enlai") is None


def test_khrushchev_in_every_scheme():
    name = "Хрущёв"
    assert bgn_pcgn.romanize(name) == "Khrushchëv"
    assert bgn_pcgn.english(name) == "Khrushchev"
    assert loc.romanize(name) == "Khrushchëv"
    assert loc.plain(name) == "Khrushchev"
    assert iso9.romanize(name) == "Hruŝëv"
    assert german.romanize(name) == "Chruschtschow"
    assert french.romanize(name) == "Khrouchtchev"


@pytest.mark.parametrize(("cyrillic", "bgn", "lc", "iso", "de", "fr"), [
    ("Молотов", "Molotov", "Molotov", "Molotov", "Molotow", "Molotov"),
    ("Микоян", "Mikoyan", "Mikoi͡an", "Mikoân", "Mikojan", "Mikoïan"),
    ("Ельцин", "Yel’tsin", "Elʹt͡sin", "Elʹcin", "Jelzin", "Eltsine"),
    ("Брежнев", "Brezhnev", "Brezhnev", "Brežnev", "Breschnew", "Brejnev"),
    ("Горбачёв", "Gorbachëv", "Gorbachëv", "Gorbačëv", "Gorbatschow", "Gorbatchev"),
    ("Чайковский", "Chaykovskiy", "Chaĭkovskiĭ", "Čajkovskij", "Tschaikowski", "Tchaïkovski"),
    ("Сталин", "Stalin", "Stalin", "Stalin", "Stalin", "Staline"),
])
def test_romanizations(cyrillic, bgn, lc, iso, de, fr):
    assert (bgn_pcgn.romanize(cyrillic), loc.romanize(cyrillic), iso9.romanize(cyrillic),
            german.romanize(cyrillic), french.romanize(cyrillic)) == (bgn, lc, iso, de, fr)


def test_full_names_keep_each_word_capitalized():
    assert bgn_pcgn.romanize("Никита Сергеевич Хрущёв") == "Nikita Sergeyevich Khrushchëv"
    assert german.romanize("Иосиф Виссарионович Сталин") == "Iossif Wissarionowitsch Stalin"
    assert french.romanize("Никита Сергеевич Хрущёв") == "Nikita Sergueïevitch Khrouchtchev"
    assert loc.plain("Юрий Андропов") == "Iurii Andropov"
    assert is_cyrillic("Сталин") and not is_cyrillic("Stalin")


@pytest.mark.parametrize(("english", "cyrillic"), [
    ("Khrushchev", "Хрущёв"), ("Gorbachev", "Горбачёв"), ("Brezhnev", "Брежнев"), ("Mikoyan", "Микоян"),
    ("Gromyko", "Громыко"), ("Andrei", "Андрей"), ("Anatoly", "Анатолий"), ("Mikhail", "Михаил"),
    ("Mikhailovich", "Михайлович"), ("Kuznetsov", "Кузнецов"), ("Vyacheslav", "Вячеслав"),
    ("Eduard", "Эдуард"), ("Sergeyevich", "Сергеевич"),
])
def test_english_spellings_of_russian_names_back_to_cyrillic(english, cyrillic):
    from archivist.enrich.romanize.russian import to_cyrillic

    assert to_cyrillic(english) == cyrillic


def test_phonetic_english_and_russian_hints():
    from archivist.enrich.romanize.russian import is_russian

    assert bgn_pcgn.phonetic("Хрущёв") == "Khrushchov"
    assert bgn_pcgn.phonetic("Пётр Фёдоров") == "Pyotr Fyodorov"
    assert is_russian("Soviet Foreign Minister") and is_russian("Ambassador of the U.S.S.R.")
    assert not is_russian("Secretary of State")
    assert is_russian("Soviet Foreign Minister", "Gromyko") and is_russian("Soviet", "Khrushchev")
    assert not is_russian("Ambassador to the Soviet Union", "Thompson")
    assert not is_russian("Office of Soviet Union Affairs", "Ramsey")
