"""Whether the name someone gave is a legislator's name in the roster.

Tolerant of what people type: case, accents, middle names and initials,
and a nickname's common form ("Bob" for Robert). Pure functions, so the
models can use them without importing the roster import's module.
"""

import re
import unicodedata

# A nickname's common form -> the given name it stands for.
NICKNAMES = {
    "abby": "abigail",
    "andy": "andrew",
    "becky": "rebecca",
    "ben": "benjamin",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "bill": "william",
    "billy": "william",
    "bob": "robert",
    "bobby": "robert",
    "catherine": "katherine",
    "charlie": "charles",
    "chris": "christopher",
    "chuck": "charles",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "deb": "deborah",
    "debbie": "deborah",
    "dick": "richard",
    "ed": "edward",
    "eddie": "edward",
    "greg": "gregory",
    "jeff": "jeffrey",
    "jen": "jennifer",
    "jenny": "jennifer",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "jon": "jonathan",
    "kate": "katherine",
    "kathy": "katherine",
    "katie": "katherine",
    "larry": "lawrence",
    "liz": "elizabeth",
    "maggie": "margaret",
    "matt": "matthew",
    "meg": "margaret",
    "mike": "michael",
    "nick": "nicholas",
    "peggy": "margaret",
    "rich": "richard",
    "rick": "richard",
    "rob": "robert",
    "sam": "samuel",
    "steve": "stephen",
    "steven": "stephen",
    "sue": "susan",
    "ted": "edward",
    "tom": "thomas",
    "tommy": "thomas",
    "tony": "anthony",
    "will": "william",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
APOSTROPHES = re.compile("['\u2019`]")  # O'Brien, typed or typeset, is one word
SEPARATORS = re.compile(r"[^a-z0-9]+")


def words(text):
    """Lower-case words without accents or punctuation: "José O'Brien-Díaz,
    Jr." -> ["jose", "obrien", "diaz"]."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = APOSTROPHES.sub("", plain)
    return [w for w in SEPARATORS.split(plain) if w and w not in SUFFIXES]


def same_given_name(given, other):
    """The first given names agree: equal, the same nickname's full form, or
    an initial of the other."""
    if not given or not other:
        return False
    first, second = given[0], other[0]
    if len(first) == 1 or len(second) == 1:
        return first[0] == second[0]
    return NICKNAMES.get(first, first) == NICKNAMES.get(second, second)


def same_person(first_name, last_name, given_name, family_name, name):
    """Whether the applicant's first and last name are the roster's
    legislator's (whose given and family names may be missing: then the
    full `name` stands in)."""
    full = words(name)
    given = words(given_name) or full[:1]
    family = words(family_name) or full[-1:]
    return "".join(words(last_name)) == "".join(family) and same_given_name(
        words(first_name), given
    )


def district_key(district):
    """A district as compared: "012" is "12", "42b" is "42B"."""
    key = re.sub(r"\s+", "", (district or "").casefold())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", key)
