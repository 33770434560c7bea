"""Finds mentions of authority records in a text: pure functions over names, text and a date.

An index maps the first word of every name form to the forms starting with it, so one pass over the
text's words finds all candidates (no pattern per authority). Each surname found is then read with
its left context: forenames and initials ("N.S. Khrushchev", "Robert Kennedy"), titles and offices
("President Kennedy", "Attorney General Kennedy"), and a surname alone is resolved from the
document's other mentions, the offices held on the document's date, and how often each candidate
is named elsewhere. Used the same way by `archivist enrich` and by bench/linking.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from archivist.enrich.names import (
    HONORIFICS,
    PET_FORMS,
    SUFFIXES,
    WORD,
    PersonName,
    fold,
    has_cjk,
    parse_sort_name,
    split_display_name,
    tokens,
    wordset,
)
from archivist.enrich.offices import Office, parse_offices

# Function words that may stand capitalized before a name at the start of a clause.
FUNCTION_WORDS = wordset(
    "the a an and or but if when while that this these those with to of by for from in on at as "
    "after before since during upon dear both said says told asked wrote thus also then yes no")
# Abbreviated titles and the words they stand for.
RANK_SYNONYMS = {"gen": "general", "col": "colonel", "maj": "major", "adm": "admiral",
                 "lt": "lieutenant", "capt": "captain", "cdr": "commander", "pm": "prime minister"}
ABBREVIATIONS = wordset("mr mrs ms dr st gen lt col maj adm capt cdr sgt brig rev")
# Capitalized words after a surname that make it part of an institution's or a thing's name.
NAMED_AFTER = wordset("library libraries foundation center centre institute university college school "
    "administration doctrine plan round line airport street avenue memorial museum hall prize "
    "archives collection fund award")
# Record-keeping words that follow a name without making it someone else's ("Rusk Files").
RECORDS_OF = wordset("files file papers diary diaries memoirs letters cables records notes chron")
# How many times more often the most named of a surname's holders must be named than the next for a
# surname left in doubt to be read as theirs ("Dulles": John Foster 98 times, Allen 11; "Bundy":
# William 23, McGeorge 13 is no lead).
PRIOR_LEAD = 3
# Words that stand alone only as themselves, though a romanization may make them a surname (pinyin
# "You", "He"): Khrushchev's translated letters write "You" in capitals in mid-sentence.
PRONOUNS = {(w,) for w in wordset("i you he she it we they me him her us them my your his its our their")}
# An abbreviation: capitals, with digits, "/", "&", "-" or "." between them ("AEC", "S/S-RO", "U.S.S.R.").
ACRONYM = re.compile(r"[A-Z][A-Z0-9/&.\-]*")
COURTESY = wordset("mr mrs ms miss dr sir comrade")
CLAUSE_START = re.compile(r"(^|[.!?:;\"“(\[]|\n\s*\n)\s*$")
CONFIDENCE = {"full": 0.95, "forename": 0.95, "title": 0.9, "surname": 0.85, "context": 0.8,
              "date": 0.7, "prior": 0.6, "lowercase-word": 0.6, "office": 0.6}
TITLE_CONTINUES = wordset("of for to the and in at on")
FILLER_WORDS = wordset("of for to the and in at on from with a an")


@dataclass(frozen=True)
class Entry:
    """What the linker knows of one authority record."""

    id: str
    sort_name: str
    display_name: str = ""
    variants: tuple[str, ...] = ()
    description: str = ""
    kind: str = "person"
    dates: str = ""  # life or existence dates, "1898-1976"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entry_id: str
    confidence: float
    evidence: str  # a key of CONFIDENCE: how the mention was read
    text: str


@dataclass
class _Candidate:
    id: str
    name: PersonName
    offices: list[Office]
    title_words: frozenset[str]
    life: tuple[int | None, int | None] = (None, None)

    def born_by(self, date: dt.date | None) -> bool:
        return date is None or self.life[0] is None or self.life[0] <= date.year

    def alive_on(self, date: dt.date | None) -> bool:
        return self.born_by(date) and (date is None or self.life[1] is None or date.year <= self.life[1])


@dataclass
class _Hit:
    start: int
    end: int
    candidates: list[str]
    evidence: str
    clause_start: bool = False
    resolved: str | None = None
    surname: tuple[str, ...] = ()  # the words read as a surname, as written ("You" for Yu Ta-wai)


@dataclass
class Linker:
    """An index over the names of a set of authority records; `link` finds them in a text."""

    entries: Iterable[Entry]
    common_words: frozenset[str] = frozenset()
    prior: Mapping[str, int] = field(default_factory=dict)
    # Year -> record id -> how often named without doubt in documents of that year: a surname left in
    # doubt goes first to whom the documents of its own years name most ("Bundy" in 1962 is McGeorge,
    # in 1966 often William P.), then to whom all the documents do.
    prior_by_year: Mapping[int, Mapping[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.candidates: dict[str, _Candidate] = {}
        self.index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
        self.cjk_names: list[tuple[str, str]] = []
        self.acronyms: set[tuple[str, ...]] = set()
        entries = list(self.entries)
        title_vocabulary = {w for e in entries for w in tokens(e.description)} | HONORIFICS
        for entry in entries:
            self._add(entry, title_vocabulary)
        self.title_vocabulary = frozenset(w for t in RANK_SYNONYMS.values() for w in t.split()).union(
            *(c.title_words for c in self.candidates.values()))
        for forms in self.index.values():
            forms.sort(key=lambda form: -len(form[0]))
        self.offices_by_word: dict[str, list[tuple[Office, str]]] = defaultdict(list)
        for candidate in self.candidates.values():
            for office in candidate.offices:
                if office.title:
                    self.offices_by_word[office.title[0]].append((office, candidate.id))
        self.cjk_ids: dict[str, list[str]] = defaultdict(list)
        for name, entry_id in self.cjk_names:
            self.cjk_ids[name].append(entry_id)
        names = sorted(self.cjk_ids, key=len, reverse=True)
        self.cjk_pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def _add(self, entry: Entry, title_vocabulary: set[str]) -> None:
        names = [n for n in dict.fromkeys((entry.sort_name, entry.display_name, *entry.variants)) if n]
        self.cjk_names += [(n, entry.id) for n in names if has_cjk(n)]
        names = [n for n in names if not has_cjk(n)]
        if entry.kind != "person":
            self.candidates[entry.id] = _Candidate(entry.id, PersonName(tuple(tokens(entry.sort_name))),
                                                   [], frozenset(), _life(entry.dates))
            for name in names:
                self._thing(name, entry.id)
            return
        name = parse_sort_name(entry.sort_name)
        if not name.forenames and entry.display_name:
            name = PersonName(name.surname, split_display_name(entry.display_name, name.surname), name.titles)
        offices = parse_offices(entry.description)
        words = frozenset(w for t in name.titles for w in RANK_SYNONYMS.get(t, t).split()).union(
            *(o.words for o in offices))
        self.candidates[entry.id] = _Candidate(entry.id, name, offices, words, _life(entry.dates))
        self._form(name.surname, entry.id, full=False)
        if not name.forenames and len(name.surname) > 1:  # "Chiang Kai-shek, Generalissimo"
            self._form(tuple(tokens(entry.sort_name.split()[0])), entry.id, full=False)  # "Chiang"
        if name.forenames:
            self._form(name.forenames + name.surname, entry.id, full=True)
            self._form(name.surname + name.forenames, entry.id, full=True)
        surname_words = len(entry.sort_name.split(",")[0].split())
        surname_first = tokens(entry.display_name)[: len(name.surname)] == list(name.surname)
        for variant in names[1:]:
            self._variant(variant, entry.id, surname_words, surname_first, title_vocabulary)

    def _variant(self, variant: str, entry_id: str, surname_words: int, surname_first: bool,
                 title_vocabulary: set[str]) -> None:
        """A person's other name: its full form, and the surname in it ("Chou" in "Chou En-lai")."""
        if "," in variant:
            parsed = parse_sort_name(variant)
            self._form(parsed.surname, entry_id, full=False)
            self._form(parsed.forenames + parsed.surname, entry_id, full=True)
            return
        words = [w for w in variant.split() if tokens(w) and tokens(w)[-1] not in SUFFIXES]
        while len(words) > 1 and set(tokens(words[0])) <= title_vocabulary:
            words.pop(0)  # "Premier Chou" names Chou
        if len(words) > 1:
            self._form(tuple(t for w in words for t in tokens(w)), entry_id, full=True)
        surname = words[:surname_words] if surname_first else words[-surname_words:]
        surname_tokens = tuple(t for w in surname for t in tokens(w))
        if len("".join(surname_tokens)) > 1 and not set(surname_tokens) & title_vocabulary:
            self._form(surname_tokens, entry_id, full=False)

    def _thing(self, name: str, entry_id: str) -> None:
        """A name of an organization or a place. An abbreviation ("AEC", "S/S") is found only as written,
        in capitals, and never when it is one letter ("P", "L" are words too)."""
        form = tuple(tokens(name))
        if ACRONYM.fullmatch(name):
            if len("".join(form)) < 2:
                return
            self.acronyms.add(form)
        self._form(form, entry_id, full=True)

    def _form(self, form: tuple[str, ...], entry_id: str, full: bool) -> None:
        if form and (form, entry_id, full) not in self.index[form[0]]:
            self.index[form[0]].append((form, entry_id, full))

    def link(self, text: str, date: dt.date | None = None, offices: bool = False) -> list[Mention]:
        """Every mention of the indexed records in `text`, resolved for a document of `date`.

        With `offices`, an office named without a name ("the Secretary", "the President") is read as
        a mention of whoever held it on the date, chosen by the document's other mentions.
        """
        words = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        hits = self._find(text, words)
        for hit in hits:  # nobody is named before they were born (or founded)
            hit.candidates = [c for c in hit.candidates if self.candidates[c].born_by(date)]
        hits = [hit for hit in hits if hit.candidates]
        if offices:
            hits = sorted(hits + self._find_offices(text, words, hits, date), key=lambda h: h.start)
        self._resolve(hits, date)
        mentions = [Mention(h.start, h.end, h.resolved, CONFIDENCE[h.evidence], h.evidence,
                            text[h.start:h.end]) for h in hits if h.resolved]
        mentions += self._find_cjk(text)
        return sorted(mentions, key=lambda m: m.start)

    def _find(self, text: str, words: list[tuple[int, int, str]]) -> list[_Hit]:
        hits, i = [], 0
        while i < len(words):
            match = self._match_at(words, i)
            if match is None or not any(text[w[0]].isupper() for w in words[i:i + len(match[0])]):
                i += 1
                continue
            form, ids = match
            end = i + len(form)
            if form in self.acronyms and not text[words[i][0]:words[end - 1][1]].isupper():
                i += 1  # "Aid" or "aid" is not AID
                continue
            if self._names_a_thing(text, words, end):
                i = end
                continue
            full = [entry_id for f, entry_id, is_full in self.index[words[i][2]] if f == form and is_full]
            if full:
                hits.append(_Hit(words[i][0], words[end - 1][1], full, "full"))
            elif self._forename_of_next(text, words, i, end):
                i += 1  # "Allen Dulles": the surname of George V. Allen is here Dulles's forename
                continue
            else:
                hits.append(self._read_context(text, words, i, end, ids))
            i = end
        return [h for h in hits if h.candidates]

    def _forename_of_next(self, text, words, i, end) -> bool:
        """Whether the words i..end, read as a surname, are rather the forenames of the surname after
        them, someone's whose forenames they fit."""
        if (end >= len(words) or not text[words[end][0]].isupper()
                or not _joined(text, words[end - 1], words[end])):
            return False
        match = self._match_at(words, end)
        given = [w[2] for w in words[i:end]]
        return match is not None and any(_forenames_fit(given, self.candidates[c].name.forenames)
                                         for c in match[1] if self.candidates[c].name.forenames)

    @staticmethod
    def _names_a_thing(text, words, end) -> bool:
        """Whether the name is part of something else's name: "Kennedy Library", "Marshall Plan"."""
        return (end < len(words) and words[end][2] in NAMED_AFTER
                and text[words[end][0]].isupper() and text[words[end - 1][1]:words[end][0]].strip() == "")

    def _match_at(self, words, i) -> tuple[tuple[str, ...], list[str]] | None:
        for form, _, _ in self.index.get(words[i][2], ()):
            if tuple(w[2] for w in words[i:i + len(form)]) == form:
                ids = [entry_id for f, entry_id, _ in self.index[words[i][2]] if f == form]
                return form, list(dict.fromkeys(ids))
        return None

    def _read_context(self, text, words, i, end, ids) -> _Hit:
        """Extend a surname leftwards over forenames/initials, then titles, narrowing candidates."""
        candidates, given, start = ids, [], i
        surname = tuple(w[2] for w in words[i:end])
        while start > 0 and _joined(text, words[start - 1], words[start]):
            word = words[start - 1]
            token = text[word[0]:word[1]]
            if not token[0].isupper():
                break
            trial = [word[2], *given]
            fits = [c for c in candidates if _forenames_fit(trial, self.candidates[c].name.forenames)]
            if not fits:
                break
            candidates, given, start = fits, trial, start - 1
        evidence = "forename" if given else "surname"
        title: list[str] = []
        while start > 0 and _joined(text, words[start - 1], words[start]):
            before = words[start - 1]
            read = self._as_title(before[2]) if text[before[0]].isupper() else None
            if read is None and before[2] in ("of", "for") and title and start > 1 \
                    and text[words[start - 2][0]].isupper():
                read = (before[2],)  # "Secretary of State D. Rusk"
            if read is None:
                break
            title[:0] = read
            start -= 1
        if not title and not given:
            candidates = self._title_in_parentheses(text, words, start, end, candidates)
            if evidence == "surname" and (surname in PRONOUNS or self._part_of_longer_name(text, words, end)):
                candidates = []
        meaningful = set(title) - COURTESY - {"of", "for"}
        if meaningful and not given:
            titled = [c for c in candidates if meaningful <= self.candidates[c].title_words]
            if titled:
                candidates, evidence = titled, "title"
            elif self._wordlike(_Hit(0, 0, candidates, "surname", surname=surname)):
                candidates = []  # "Japanese Home Defense Forces": a word, not Lord Home
            elif not meaningful & HONORIFICS:  # "Vice President Humphrey" is not Secretary Humphrey, nor
                # "Lao Dong" Dong Biwu; ranks and forms of address outlast the office ("Governor Stassen")
                candidates = [c for c in candidates if meaningful & self.candidates[c].title_words
                              or not self.candidates[c].title_words]
        elif not title and not given and start > 0:
            candidates = self._without_foreign_forename(text, words, start, candidates)
        hit = _Hit(words[start][0], words[end - 1][1], candidates, evidence, surname=surname)
        hit.clause_start = bool(CLAUSE_START.search(text[max(0, hit.start - 8):hit.start]))
        return hit

    def _as_title(self, token: str) -> tuple[str, ...] | None:
        """The title words a word before a name stands for ("Chairmen" -> chairman, "PM" -> prime
        minister), if it is a title."""
        if token in RANK_SYNONYMS:
            return tuple(RANK_SYNONYMS[token].split())
        for form in (token, token.removesuffix("s"), token.removesuffix("men") + "man",
                     token.removesuffix("ies") + "y"):
            if form in self.title_vocabulary or form in COURTESY or form in HONORIFICS:
                return (form,)
        return None

    def _without_foreign_forename(self, text, words, start, candidates) -> list[str]:
        """The candidates, or none when the capitalized word right before the surname is no forename of
        theirs: someone else ("Edward Kennedy"). An initial counts only when it is no initial of any of
        their forenames and no forename of theirs comes before it ("Cosmonaut G. Cooper" is not John
        Sherman Cooper; "Robert J. McNamara" may be a wrong middle initial)."""
        before = words[start - 1]
        token = text[before[0]:before[1]]
        if not (_joined(text, before, words[start]) and token[:1].isupper()):
            return candidates
        if len(before[2]) == 1 and before[2].isalpha():
            forename_before = start > 1 and _joined(text, words[start - 2], before) and any(
                _forenames_fit([words[start - 2][2]], self.candidates[c].name.forenames) for c in candidates)
            return candidates if forename_before else [
                c for c in candidates if _forenames_fit([before[2]], self.candidates[c].name.forenames)
                or not self.candidates[c].name.forenames]
        if before[2] in FUNCTION_WORDS or before[2] in self.common_words:
            return candidates
        return []

    def _part_of_longer_name(self, text, words, end) -> bool:
        """A surname followed by another capitalized name is a forename ("J. Owen Zurhellen")."""
        if end >= len(words) or text[words[end - 1][1]:words[end][0]] not in (" ", "\u00a0"):
            return False
        after = words[end]
        word = text[after[0]:after[1]]
        return (word.istitle() and len(word) > 2 and after[2] not in FUNCTION_WORDS
                and after[2] not in RECORDS_OF and after[2] not in self.common_words
                and after[2] not in self.title_vocabulary)

    def _title_in_parentheses(self, text, words, i, end, candidates) -> list[str]:
        """ "Assistant Secretary of State for Far Eastern Affairs (Bundy)": the candidates whose
        office shares the most words with the description just before the parenthesis."""
        opens = text[max(0, words[i][0] - 3):words[i][0]].rstrip().endswith("(")
        if not (opens and text[words[end - 1][1]:words[end - 1][1] + 3].lstrip().startswith(")")):
            return candidates
        described = {w[2] for w in words[max(0, i - 12):i]} - FILLER_WORDS
        overlap = {c: max((len(o.words & described) for o in self.candidates[c].offices), default=0)
                   for c in candidates}
        best = max(overlap.values(), default=0)
        chosen = [c for c in candidates if overlap[c] == best]
        return chosen if best >= 2 and len(chosen) < len(candidates) else candidates

    def _find_offices(self, text, words, hits, date) -> list[_Hit]:
        """ "the Secretary", "the Prime Minister": an office title right after "the"."""
        found = []
        for k in range(len(words) - 1):
            if words[k][2] != "the":
                continue
            phrase = self._title_phrase(text, words, k + 1)
            while phrase:
                holders = self._holders(tuple(phrase), date)
                if holders:
                    break
                phrase.pop()
            if not phrase:
                continue
            start, end = words[k + 1][0], words[k + len(phrase)][1]
            if not any(h.start < end and start < h.end for h in hits):
                found.append(_Hit(start, end, holders, "office"))
        return found

    @staticmethod
    def _title_phrase(text, words, j) -> list[str]:
        phrase: list[str] = []
        while j < len(words) and len(phrase) < 6 and text[words[j - 1][1]:words[j][0]].strip() == "":
            joins_title = (words[j][2] in ("of", "for") and j + 1 < len(words)
                           and text[words[j + 1][0]].isupper())
            if not (text[words[j][0]].isupper() or joins_title):
                break
            phrase.append(words[j][2])
            j += 1
        while phrase and phrase[-1] in ("of", "for"):
            phrase.pop()
        return phrase

    def _holders(self, phrase: tuple[str, ...], date) -> list[str]:
        """People whose office title begins with the phrase and goes on no further than "of ..."."""
        n = len(phrase)
        holders = [entry_id for o, entry_id in self.offices_by_word.get(phrase[0], ())
                   if o.title[:n] == phrase and (len(o.title) == n or o.title[n] in TITLE_CONTINUES)
                   and (date is None or o.held_on(date))]
        return list(dict.fromkeys(holders))

    def _resolve(self, hits: list[_Hit], date: dt.date | None) -> None:
        for hit in hits:
            if len(hit.candidates) == 1 and (hit.evidence != "surname" or not self._wordlike(hit)):
                hit.resolved = hit.candidates[0]
        sure = Counter(h.resolved for h in hits if h.resolved and h.evidence != "office")
        for n, hit in enumerate(hits):
            if hit.resolved:
                continue
            earlier = [h.resolved for h in reversed(hits[:n])
                       if h.resolved in hit.candidates and h.evidence != "office"]
            named = [c for c in hit.candidates if sure[c]]
            if earlier:
                hit.resolved = earlier[0]
            elif named:
                hit.resolved = max(named, key=lambda c: sure[c])
            if hit.resolved:
                hit.evidence = "office" if hit.evidence == "office" else "context"
            elif hit.evidence == "office":
                continue  # an office alone names someone only when the document names them too
            elif self._wordlike(hit):
                if not hit.clause_start and len(hit.candidates) == 1:
                    hit.resolved, hit.evidence = hit.candidates[0], "lowercase-word"
            else:
                self._resolve_by_date_or_prior(hit, date)

    def _resolve_by_date_or_prior(self, hit: _Hit, date: dt.date | None) -> None:
        in_office = [c for c in hit.candidates
                     if any(o.held_on(date) and (o.start or o.end) for o in self.candidates[c].offices)]
        alive = [c for c in hit.candidates  # known to be alive then: life dates that include the date
                 if self.candidates[c].life[0] is not None and self.candidates[c].alive_on(date)]
        if date and len(in_office) == 1:
            hit.resolved, hit.evidence = in_office[0], "date"
        elif date and len(alive) == 1 and len(hit.candidates) > 1:
            hit.resolved, hit.evidence = alive[0], "date"
        else:
            for counts in (self._prior_near(date), self.prior):
                ranked = sorted((counts.get(c, 0) for c in hit.candidates), reverse=True)
                if ranked[0] and ranked[0] >= PRIOR_LEAD * (ranked[1] if len(ranked) > 1 else 0):
                    hit.resolved, hit.evidence = max(hit.candidates, key=lambda c: counts.get(c, 0)), "prior"
                    return

    def _prior_near(self, date: dt.date | None) -> Counter:
        """How often each record is named without doubt in documents of the date's year and the years
        beside it."""
        near: Counter = Counter()
        for year in (date.year - 1, date.year, date.year + 1) if date and self.prior_by_year else ():
            near.update(self.prior_by_year.get(year, {}))
        return near

    def _wordlike(self, hit: _Hit) -> bool:
        """Whether a name read by its surname alone is also a word ("Ball", "You" for Yu's pinyin You)."""
        return (hit.evidence == "surname" and len(hit.surname) == 1 and hit.surname[0] in self.common_words)

    def _find_cjk(self, text: str) -> list[Mention]:
        """Names in Chinese characters, found in one pass (such text has no spaces between words)."""
        if self.cjk_pattern is None:
            return []
        return [Mention(m.start(), m.end(), entry_id, CONFIDENCE["full"], "full", m.group())
                for m in self.cjk_pattern.finditer(text) for entry_id in self.cjk_ids[m.group()]]


def _life(dates: str) -> tuple[int | None, int | None]:
    """ "1898-1976" -> (1898, 1976); "1898-" -> (1898, None); "" -> (None, None)."""
    match = re.match(r"\s*(\d{3,4})?\s*(?:[-–/]\s*(\d{3,4})?)?", dates or "")
    return tuple(int(y) if y else None for y in match.groups()) if match else (None, None)


def _joined(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    """Two words belong to one name when only spaces, or the period of an initial or an
    abbreviated title ("N. S.", "Mr.", "Lt. Gen."), stand between them."""
    gap = text[left[1]:right[0]]
    if gap.strip() == "":
        return "\n\n" not in gap
    period = len(left[2]) == 1 or left[2] in ABBREVIATIONS
    return period and gap.lstrip().startswith(".") and gap.strip() == "." and "\n\n" not in gap


def _forenames_fit(given: list[str], forenames: tuple[str, ...]) -> bool:
    """Whether words/initials written before a surname can be this person's forenames, in order."""
    position = 0
    for word in given:
        while position < len(forenames) and not _same_forename(word, forenames[position]):
            position += 1
        if position == len(forenames):
            return False
        position += 1
    return True


def _same_forename(word: str, forename: str) -> bool:
    """An initial, the forename itself, a short form ("Ed" for Edwin) or a usual pet form ("Bob")."""
    if len(word) == 1:
        return forename[0] == word
    return (forename.startswith(word) or (len(forename) > 1 and word.startswith(forename))
            or forename in PET_FORMS.get(word, ()))


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words written in lowercase somewhere in the texts: a surname among them is also a word."""
    found: set[str] = set()
    for text in texts:
        found.update(m.group() for m in WORD.finditer(text) if m.group().islower())
    return frozenset(fold(w) for w in found)
