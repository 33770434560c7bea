"""Whether two person records denote the same person (records.identity): the evidence, pure functions."""

import pytest

from archivist.records.identity import Facts, compare, compare_names, facts_of_record, person_name


def facts(sort_name, description="", dates="", volume="", variants=()):
    return facts_of_record(sort_name, "", description, dates,
                           {"frus_volume": volume} if volume else {}, variants)


@pytest.mark.parametrize(("one", "other", "expected"), [
    ("Rusk, Dean", "Rusk, Dean", "same"),
    ("Johnson, Lyndon B.", "Johnson, Lyndon Baines", "compatible"),
    ("Udall, Stewart", "Udall, Stewart L.", "compatible"),
    ("Thompson, Llewellyn E., Jr.", "Thompson, Llewellyn E.", "same"),
    ("Chiang Kai-shek, Generalissimo", "Chiang Kai-shek, Generalissimo", "same"),
    ("Bowen, General Frank Sayles, Jr.", "Bowen, Frank S.", "compatible"),
    ("Smith, J.", "Smith, John", "initials"),
    ("Johnson, Lyndon B.", "Johnson, U. Alexis", "different"),
    ("Johnson, Lyndon B.", "Johnson, Gen. Harold K.", "different"),
    ("Kennedy, John F.", "Kennedy, Robert F.", "different"),
    ("Bundy, McGeorge", "Bundy, William P.", "different"),
    ("Robertson, Reuben B., Jr.", "Robertson, Reuben B., Sr.", "different"),
    ("Rusk, Dean", "Rusky, Dean", "different"),
])
def test_names(one, other, expected):
    assert compare_names(person_name(one), person_name(other)) == expected


def test_the_same_person_in_two_volumes_is_sure():
    evidence = compare(facts("Johnson, Lyndon B.", "Vice President of the United States until November "
                             "22, 1963; thereafter President", volume="frus1961-63v06"),
                       facts("Johnson, Lyndon Baines", "President of the United States",
                             volume="frus1964-68v29p2"))
    assert evidence.verdict == "same" and evidence.confidence >= 0.8
    assert "president" in evidence.shared_words and "of" not in evidence.shared_words
    assert "names compatible" in evidence.summary() and "identifications share" in evidence.summary()


def test_wade_giles_and_pinyin_names_agree_through_variant_names():
    zhou = facts("Zhou, Enlai", "Premier and Foreign Minister of the People's Republic of China.",
                 "1898-1976")
    chou = facts("Chou En-lai", "Premier and Foreign Minister of the People’s Republic of China")
    evidence = compare(chou, zhou)  # Chou En-lai's generated pinyin form is Zhou Enlai
    assert evidence.names == "same" and evidence.verdict == "same"


def test_two_people_of_one_surname_are_never_the_same():
    lbj = facts("Johnson, Lyndon B.", "President of the United States")
    alexis = facts("Johnson, U. Alexis", "Deputy Under Secretary of State for Political Affairs")
    assert compare(lbj, alexis).verdict == "different"
    jfk = facts("Kennedy, John F.", "President of the United States")
    rfk = facts("Kennedy, Robert F.", "Attorney General of the United States")
    assert compare(jfk, rfk).verdict == "different" and compare(jfk, rfk).confidence == 0


def test_identifications_sharing_nothing_leave_it_to_a_curator():
    evidence = compare(facts("Herter, Christian A.", "Special Representative for Trade Negotiations "
                             "until December 30, 1966"),
                       facts("Herter, Christian A.", "Consultant to the Secretary of State, "
                             "January–February 1957; thereafter Under Secretary of State"))
    assert evidence.verdict == "maybe" and evidence.identifications == "differ"


def test_life_dates_that_differ_and_one_persons_list_are_never_the_same():
    assert compare(facts("Smith, John", "Ambassador", "1900-1970"),
                   facts("Smith, John", "Ambassador", "1920-1990")).verdict == "different"
    one_list = compare(facts("Smith, John", "Ambassador", volume="v1"),
                       facts("Smith, John", "Ambassador", volume="v1"))
    assert one_list.verdict == "different" and "persons list of v1" in one_list.summary()


def test_a_surname_variant_alone_is_no_evidence():
    """Short variants ("Molotov", "Premier Chou") name many: only names of two words or more agree."""
    one = Facts("Molotov, Vyacheslav", names=frozenset({"molotov"}), identifications=("Soviet",))
    other = Facts("Molotov, Ivan", names=frozenset({"molotov"}), identifications=("Soviet",))
    assert compare(one, other).verdict == "different"


def test_a_compatible_name_needs_more_than_one_shared_word():
    one = facts("Smith, John", "Ambassador to Peru")
    assert compare(one, facts("Smith, John A.", "Ambassador to Chile")).verdict == "maybe"
    assert compare(one, facts("Smith, John", "Ambassador to Chile")).verdict == "same"
    assert compare(one, facts("Smith, John A.", "Ambassador to Peru")).verdict == "same"


def test_namesakes_sharing_a_variant_stay_apart_and_partial_dates_agree():
    jfk = facts("Kennedy, John F.", "President", variants=["President Kennedy"])
    rfk = facts("Kennedy, Robert F.", "Attorney General", variants=["President Kennedy"])
    assert compare(jfk, rfk).verdict == "different"
    born = compare(facts("Zhou, Enlai", "Premier", "b. 1898"), facts("Zhou, Enlai", "Premier", "1898-1976"))
    assert born.dates == "agree" and born.verdict == "same"
