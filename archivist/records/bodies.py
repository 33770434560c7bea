"""Which names are organizations': pure rules over words, read by imports (a new name in a list of
people and organizations, a glossary's expansion) and by bench/linking."""

from __future__ import annotations

from archivist.enrich.names import tokens, wordset

# Words that make a new name in a list of people and organizations an organization's.
ORGANIZATION_WORDS = wordset("""
    agency army association bank board bureau cabinet college command commission committee
    company congress consulate corporation council court delegation department directorate division
    embassy federation force foundation front government group headquarters institute league legation
    ministry mission navy news office organization parliament party politburo presidium press
    republic school secretariat senate service society staff states union university
""")
# The words of bodies that make a name in a list of people an organization's, but "United States",
# which glossaries name in other things ("Continental United States", "Foreign Relations of the ...").
BODY_WORDS = ORGANIZATION_WORDS - {"states"}
POSTS = wordset("acting administrator adviser advisor ambassador assistant chairman chief commander "
                "commanding counselor deputy director head minister officer president representative "
                "secretary special under")
# Words of things that are not bodies, first or last: "Embassy telegram", "Table of Organization".
NOT_BODIES = wordset("airgram cable despatch dispatch indicator letter memorandum message note post report "
                     "series table telegram")


def looks_like_organization(name: str) -> bool:
    """Whether a new name in a list of people and organizations is an organization's: it is not
    "Surname, Forename" and has a word of bodies ("Ministry of Foreign Affairs") or is an acronym."""
    if name.count(", ") == 1:
        return False
    words = name.replace(",", " ").replace("(", " ").replace(")", " ").split()
    acronym = len(words) == 1 and name.isupper() and len(name) > 1
    return acronym or any(word.casefold().strip(".'’") in ORGANIZATION_WORDS for word in words)


def names_a_post(name: str) -> bool:
    """Whether a name is an office's rather than a body's: "President", "Secretary of State", "Under
    Secretary of State for Political Affairs" (its holder is a person; "Office of the Secretary of
    State" is a body)."""
    words = tokens(name)
    return bool(words) and words[0] in POSTS


def names_a_body(expansion: str) -> bool:
    """Whether a glossary's expansion names an organization: its name proper (before a comma) has a word
    of bodies ("Bureau of European Affairs, Department of State"), and it is neither a post ("Commander,
    Taiwan Defense Command", "Chief of Staff") nor a thing ("Embassy telegram", "command post")."""
    name = tokens(expansion.split(",")[0])
    if not name or names_a_post(expansion) or name[0] in NOT_BODIES or tokens(expansion)[-1] in NOT_BODIES:
        return False
    return any(word in BODY_WORDS for word in name)
