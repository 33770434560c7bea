"""The mention linker as a pure function over authority data, text and a date."""

import datetime as dt

from archivist.enrich.linker import Entry, Linker, common_words
from archivist.enrich.offices import parse_offices

KENNEDYS = [
    Entry("jfk", "Kennedy, John F.", description="President of the United States until November 22, 1963"),
    Entry("rfk", "Kennedy, Robert F.", description="Attorney General of the United States"),
    Entry("nsk", "Khrushchev, Nikita S.",
          description="Chairman of the Council of Ministers of the Soviet Union"),
    Entry("lbj", "Johnson, Lyndon B.", description="Vice President of the United States until November 22, "
                                                   "1963; thereafter President"),
    Entry("uaj", "Johnson, U. Alexis",
          description="Deputy Under Secretary of State for Political Affairs until July 12, 1964; "
                      "Ambassador to Japan from November 8, 1966"),
    Entry("rusk", "Rusk, Dean", description="Secretary of State"),
    Entry("ball", "Ball, George W.", description="Under Secretary of State"),
]


def linked(text, date=None, entries=KENNEDYS, **options):
    return [(m.text, m.entry_id) for m in Linker(entries, **options).link(text, date)]


def test_titles_tell_people_of_one_surname_apart():
    text = "President Kennedy met Attorney General Kennedy and Chairman Khrushchev."
    assert linked(text) == [("President Kennedy", "jfk"), ("Attorney General Kennedy", "rfk"),
                            ("Chairman Khrushchev", "nsk")]


def test_forenames_and_initials():
    text = "Letter from N.S. Khrushchev to John F. Kennedy about Robert Kennedy and N. S. Khrushchev."
    assert linked(text) == [("N.S. Khrushchev", "nsk"), ("John F. Kennedy", "jfk"),
                            ("Robert Kennedy", "rfk"), ("N. S. Khrushchev", "nsk")]


def test_a_surname_alone_takes_the_person_named_before_it():
    text = "Robert Kennedy saw Dobrynin. Kennedy said the missiles must go."
    assert linked(text)[-1] == ("Kennedy", "rfk")


def test_a_surname_alone_is_resolved_by_the_office_held_on_the_date():
    assert linked("Johnson spoke.", dt.date(1965, 3, 1)) == [("Johnson", "lbj")]
    assert linked("Johnson spoke.", dt.date(1967, 3, 1)) == []  # both in office: left unresolved
    assert linked("Ambassador Johnson called on Rusk.") == [("Ambassador Johnson", "uaj"), ("Rusk", "rusk")]


def test_someone_else_with_the_same_surname_is_not_linked():
    assert linked("Senator Edward Kennedy spoke.", common_words=frozenset({"spoke"})) == []
    assert linked("Copy in the Kennedy Library, National Security Files.") == []


def test_surnames_that_are_words_need_capitals_and_context():
    vocabulary = common_words(["they will ball the yarn"])
    assert linked("the ball was round", common_words=vocabulary) == []
    assert linked("Rusk and Ball agreed.", common_words=vocabulary) == [("Rusk", "rusk"), ("Ball", "ball")]
    assert linked("Ball. The meeting ended.", common_words=vocabulary) == []


def test_variants_in_other_scripts_and_romanizations():
    zhou = Entry("zhou", "Zhou, Enlai", "Zhou Enlai", ("Chou En-lai", "周恩来", "Premier Chou"),
                 "Premier and Foreign Minister")
    assert linked("Premier Chou and Chou En-lai; 周恩来说; Zhou left.", entries=[zhou]) == [
        ("Premier Chou", "zhou"), ("Chou En-lai", "zhou"), ("周恩来", "zhou"), ("Zhou", "zhou")]


def test_places_and_organizations_match_by_name():
    moscow = Entry("moscow", "Moscow", "Moscow", ("Москва",), kind="place")
    assert linked("He went to Moscow (Москва).", entries=[moscow]) == [("Moscow", "moscow"),
                                                                      ("Москва", "moscow")]


def test_offices_with_their_dates():
    offices = parse_offices("Under Secretary of State for Economic Affairs until December 1961; "
                            "thereafter Under Secretary of State")
    assert offices[0].end == dt.date(1961, 12, 31) and offices[1].start == dt.date(1962, 1, 1)
    assert "economic" in offices[0].words
    held = parse_offices("Secretary of the Army from January 24, 1964 to July 1, 1965")[0]
    assert held.held_on(dt.date(1964, 6, 1)) and not held.held_on(dt.date(1966, 1, 1))


def test_organizations_match_only_their_whole_name():
    embassy = Entry("emb", "Embassy in Japan", "Embassy in Japan", kind="organization",
                    description="The United States Embassy in Tokyo")
    assert linked("Telegram From the Embassy in Japan to Japan.", entries=[embassy]) == [
        ("Embassy in Japan", "emb")]


def test_wade_giles_variants_with_apostrophes_give_whole_surnames():
    teng = Entry("deng", "Deng, Xiaoping", "Deng Xiaoping", ("Teng Hsiao-p'ing", "Ch'en I"))
    assert linked("Teng Hsiao-p'ing met Teng. A plan.", entries=[teng]) == [
        ("Teng Hsiao-p'ing", "deng"), ("Teng", "deng")]


def test_offices_named_without_a_name_on_request():
    text = "Rusk saw the President. The Secretary of State and the Under Secretary agreed."
    found = [(m.text, m.entry_id, m.evidence)
             for m in Linker(KENNEDYS).link(text, dt.date(1962, 5, 1), offices=True)]
    assert ("President", "jfk", "office") in found  # LBJ was Vice President then
    assert ("Secretary of State", "rusk", "office") in found
    assert ("Under Secretary", "ball", "office") in found
    assert Linker(KENNEDYS).link(text, dt.date(1962, 5, 1)) != [] and all(
        m.evidence != "office" for m in Linker(KENNEDYS).link(text, dt.date(1962, 5, 1)))
    later = [(m.text, m.entry_id) for m in Linker(KENNEDYS).link("the President", dt.date(1964, 5, 1),
                                                                  offices=True)]
    assert later == [("President", "lbj")]


def test_life_dates_keep_out_people_not_yet_born_and_prefer_the_living():
    people = [Entry("elder", "Stalin, Joseph", dates="1878-1953"),
              Entry("younger", "Stalin, Vasily", dates="1921-1962"),
              Entry("later", "Stalin, Yakov Junior", dates="1990-")]
    assert linked("Stalin spoke.", dt.date(1960, 1, 1), entries=people) == [("Stalin", "younger")]
    assert linked("Stalin spoke.", dt.date(1910, 1, 1), entries=people) == [("Stalin", "elder")]
    assert linked("Yakov Stalin spoke.", dt.date(1950, 1, 1), entries=people) == []


def test_parenthesized_surname_after_an_office_and_longer_names():
    bundys = [Entry("mgb", "Bundy, McGeorge", description="Special Assistant to the President for National "
                                                          "Security Affairs"),
              Entry("wpb", "Bundy, William P.", description="Assistant Secretary of State for Far Eastern "
                                                            "Affairs"),
              Entry("owen", "Owen, Henry", description="Chairman, Policy Planning Council")]
    text = ("Memorandum From the Assistant Secretary of State for Far Eastern Affairs (Bundy). "
            "Copy to J. Owen Zurhellen, Jr. and to the Special Assistant for National Security Affairs "
            "(Bundy). See Rusk Files.")
    assert linked(text, entries=bundys) == [("Bundy", "wpb"), ("Bundy", "mgb")]


def test_a_record_with_life_dates_including_the_date_beats_one_without_dates():
    twins = [Entry("dated", "Mikoyan, Anastas Ivanovich", dates="1895-1978"),
             Entry("undated", "Mikoyan, Anastas I.", description="First Deputy Chairman")]
    found = Linker(twins, prior={"undated": 5}).link("Comrade Mikoyan came.", dt.date(1950, 1, 2))
    assert [(m.entry_id, m.evidence) for m in found] == [("dated", "date")]


def test_titles_with_of_and_word_surnames_under_a_foreign_title():
    home = Entry("home", "Home, Alexander Frederick Douglas (Lord)",
                 description="British Secretary of State for Foreign Affairs")
    people = [*KENNEDYS, home]
    vocabulary = common_words(["at home"])
    text = "Your Secretary of State D. Rusk met Lord Home. Japanese Home Defense Forces grew."
    assert linked(text, entries=people, common_words=vocabulary) == [
        ("Secretary of State D. Rusk", "rusk"), ("Lord Home", "home")]


DULLESES = [
    Entry("jfd", "Dulles, John Foster", description="Secretary of State"),
    Entry("awd", "Dulles, Allen W.", description="Director of Central Intelligence"),
    Entry("gva", "Allen, George V.", description="Assistant Secretary of State for Near Eastern Affairs"),
    Entry("mgb", "Bundy, McGeorge", description="Special Assistant to the President"),
    Entry("wpb", "Bundy, William P.", description="Assistant Secretary of State for Far Eastern Affairs"),
]


def test_a_surname_in_doubt_goes_to_the_namesake_named_far_more_often():
    prior = {"jfd": 98, "awd": 11, "mgb": 13, "wpb": 23}
    assert linked("Dulles said so.", entries=DULLESES, prior=prior) == [("Dulles", "jfd")]
    assert linked("Bundy said so.", entries=DULLESES, prior=prior) == []  # 23 to 13 is no lead


def test_a_surname_that_is_the_forename_of_the_next_name_is_not_read_as_a_surname():
    assert linked("Present: Mr. Allen Dulles and Mr. Allen.", entries=DULLESES) == [
        ("Mr. Allen Dulles", "awd"), ("Mr. Allen", "gva")]


def test_a_pronoun_is_never_a_romanized_surname():
    yu = [Entry("yu", "Yu Ta-wai", variants=("You Dawai", "Yu, Ta-wai"), description="Defense Minister")]
    text = "I trust that You, Mr. President, will agree. Defense Minister Yu agreed. You Dawai came."
    assert linked(text, entries=yu) == [("Defense Minister Yu", "yu"), ("You Dawai", "yu")]


def test_abbreviations_of_bodies_only_in_capitals_and_never_of_one_letter():
    bodies = [Entry("aid", "Agency for International Development", variants=("AID",), kind="organization"),
              Entry("p", "Bureau of Public Affairs", variants=("P",), kind="organization"),
              Entry("ussr", "Soviet Union", variants=("U.S.S.R.", "USSR"), kind="place")]
    text = "Economic aid, Aid and AID. P said the U.S.S.R. and the USSR agreed."
    assert linked(text, entries=bodies) == [("AID", "aid"), ("U.S.S.R", "ussr"), ("USSR", "ussr")]


def test_a_surname_first_name_with_a_rank_after_the_comma_is_found_by_its_surname():
    chiang = [Entry("ckg", "Chiang Kai-shek, Generalissimo", description="President of the Republic")]
    assert linked("President Chiang met Chiang Kai-shek.", entries=chiang) == [
        ("President Chiang", "ckg"), ("Chiang Kai-shek", "ckg")]


def test_an_office_no_candidate_held_names_someone_else_but_a_rank_or_form_of_address_does_not():
    people = [Entry("gmh", "Humphrey, George M.", description="Secretary of the Treasury"),
              Entry("cew", "Wilson, Charles E.", description="Secretary of Defense"),
              Entry("sato", "Sato, Eisaku", description="Prime Minister of Japan"),
              Entry("dong", "Dong, Biwu", description="Vice Chairman of the People's Republic of China"),
              Entry("souv", "Souvanna Phouma", description="Lao Prime Minister"),
              Entry("hes", "Stassen, Harold E.", description="Special Assistant to the President")]
    text = ("Vice President Humphrey saw PM Wilson, PM Sato and Secretary Humphrey at the Lao Dong "
            "Party congress with Governor Stassen.")
    assert linked(text, entries=people) == [("PM Sato", "sato"), ("Secretary Humphrey", "gmh"),
                                            ("Governor Stassen", "hes")]


def test_an_initial_that_is_none_of_the_candidates_forenames_names_someone_else():
    people = [Entry("cooper", "Cooper, John Sherman"), *KENNEDYS]
    assert linked("Cosmonaut G. Cooper and J. Cooper", entries=people) == [("J. Cooper", "cooper")]
    assert linked("Dean Q. Rusk agreed.") == [("Rusk", "rusk")]  # after his forename: a wrong middle initial


def test_a_surname_in_doubt_goes_first_to_whom_the_documents_of_its_years_name():
    bundys = [Entry("mgb", "Bundy, McGeorge"), Entry("wpb", "Bundy, William P.")]
    by_year = {1962: {"mgb": 9, "wpb": 1}, 1966: {"mgb": 2, "wpb": 12}}
    prior = {"mgb": 11, "wpb": 13}
    assert linked("Bundy agreed.", dt.date(1962, 5, 1), bundys, prior=prior, prior_by_year=by_year) == [
        ("Bundy", "mgb")]
    assert linked("Bundy agreed.", dt.date(1967, 5, 1), bundys, prior=prior, prior_by_year=by_year) == [
        ("Bundy", "wpb")]
    assert linked("Bundy agreed.", dt.date(1980, 5, 1), bundys, prior=prior, prior_by_year=by_year) == []
