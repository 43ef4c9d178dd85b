"""Agency datelines: "БАКУ, 22 мая — Sputnik.", "МОСКВА, 22 мая. /ТАСС/.", "BAKU, May 22
(Reuters) -", "ASTANA –".

The city of a dateline says where the item was filed, not what it reports: it is no fact.
Its date is compared with the other report's dates (a release dated "21 December" that
says "started today" gives its event's date there), and owed only where the other report
dates the day in no way (checks.one_sided). The agency after the dash, or in capitals
after the city ("NUR-SULTAN. KAZINFORM"), stays a fact (which relay a report comes from is
worth seeing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import crosslang, morph
from . import acronyms

# A city (НУР-СУЛТАН, NEW YORK, Астана, "Tashkent [Uzbekistan]"), an optional country or date
# after commas, then the dash, colon or slash that opens the agency's name or the text.
_DATELINE_RE = re.compile(
    r"""^(?P<city>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’\-]+(?:\s[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’\-]+){0,2})
        (?:\s*\[[^\[\]\n]{1,30}\])?
        (?P<rest>(?:\s*,\s*[^,—–:\n/()\[\]]{1,30}?){0,2})
        \s*(?:\([^()\n]{1,30}\)\s*)?
        (?=[—–:]|\s-{1,2}\s|\.?\s*/|\.\s)""",
    re.VERBOSE,
)
_DATE_WORD_RE = re.compile(r"\d|^\s*,\s*[A-ZА-ЯЁ]")


@dataclass(frozen=True)
class Dateline:
    city_end: int
    end: int  # of the date, before the agency
    # An agency in capitals run on into the text ("NUR-SULTAN. KAZINFORM Kazakhstan
    # President…"), which the name finder would join to the words after it.
    agency: tuple[int, int] | None = None


# "NUR-SULTAN. KAZINFORM –", "ASTANA. KAZINFORM Kazakhstan…"
_CAPITALS_AGENCY_RE = re.compile(r"\.\s+(?P<agency>[A-ZА-ЯЁ]{4,})(?=\s)")


def find(text: str) -> Dateline | None:
    """The dateline a paragraph opens with, if any."""
    match = _DATELINE_RE.match(text)
    if match is None:
        return None
    city, rest = match.group("city"), match.group("rest")
    letters = re.sub(r"[^A-Za-zА-Яа-яЁё]", "", city)
    if len(letters) < 3 or acronyms.normalise(city) in acronyms.table().canonical:
        return None  # "NATO –" opens a sentence about NATO
    agency = _CAPITALS_AGENCY_RE.match(text, match.end())
    if agency and city.replace("-", "").isupper():
        return Dateline(match.end("city"), match.end("rest"), agency.span("agency"))
    if text.startswith(". ", match.end()) and not re.search(r"\d", rest):
        return None  # "Кишинэу, 26 августа. Министр…" is dated; "NEW YORK. The…" is not
    if len(letters) <= 5 and not _known_place(city):
        return None  # "АУБК, 22 мая": a short unknown word in capitals may be an acronym
    if letters.isupper():
        if rest and not _DATE_WORD_RE.search(rest):
            return None
    elif not re.search(r"\d", rest):
        return None  # "Astana, 16 June /Xinhua/" has its date; "Ashgabat – " is a sentence
    return Dateline(match.end("city"), match.end("rest"))


def _known_place(word: str) -> bool:
    title = word.title()
    return bool(
        crosslang.english_exonym_ids(title)
        or crosslang.russian_exonym_ids((morph.lemma(word.lower()),))
        or "Geox" in str(morph.parses(title)[0].tag)
    )
