"""Reading the numbers news writes: "5,000", "5 000", "3.5k", "1.5 million",
"five thousand", "a dozen", "thousands".

Number words are converted by text2num's ``text2num`` (the ``text_to_num``
module, a maintained Rust-backed library). Measured on this machine:
``alpha2digit`` over 8 KB takes ~2 ms and ``number_parser.parse`` ~150 ms, and a
single ``text2num`` call ~0.7 µs, so we find number-word *spans* with our own
regex (cheap, linear) and hand only those spans to ``text2num``. "dozen" and the
vague plurals are not numbers to text2num, so they are handled here by a tiny
table.

Everything in this module is linear in the input: the regexes use possessive
quantifiers / bounded repetition so a 100,000-digit run cannot backtrack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .trie import trie_pattern

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
WORD = r"(?:" + trie_pattern(UNITS + TENS + list(SCALES)) + r")"

# A scale written after digits: "1.5 million", "3.5k", "5 thousand".
DIGIT_SCALE = {"k": 1_000, "thousand": 1_000, "million": 1_000_000, "m": 1_000_000, "mn": 1_000_000}

SPACE = "[ \u00a0\u202f\u2009]"

# Digits as news writes them. The look-behind refuses to start inside a word or
# another number ("F-16", "2nd", "1.5"); the look-ahead refuses ordinals
# ("173rd"), percentages, decimals continuing, and dash-joined numbers such as
# phone numbers or scores ("555-1234", "30-40") — but "1,000-strong" is kept.
DIGITS_RE = (
    r"(?<![\w.,/\-$£€¥#])"
    r"(?P<digits>\d{1,3}(?:,\d{3})++|\d{1,3}(?:" + SPACE + r"\d{3})++(?!\d)|\d++(?:\.\d++)?)"
    r"(?:" + SPACE + r"?(?P<dscale>k|K|thousand|million|mn|m)\b)?"
    r"(?![\w%$£€]|[.,]\d|-\d|" + SPACE + r"?(?:per ?cent|percent|pc\b|bn\b|billion\b))"
)

WORDS_RE = (
    r"(?<![\w-])(?P<words>(?:(?:a|an)"
    + SPACE
    + r"+(?=hundred|thousand|million))?"
    + WORD
    + r"(?:(?:"
    + SPACE
    + r"+and"
    + SPACE
    + r"+|[\s-]{1,3})"
    + WORD
    + r"){0,8})\b"
)

DOZEN_RE = r"\b(?P<dozen>(?:a|one|two|three|four|five|half)" + SPACE + r"(?:a" + SPACE + r")?dozen)\b"

# Vague amounts: count null, qualifier "vague".
VAGUE_RE = (
    r"\b(?P<vague>(?:tens|hundreds) of thousands|thousands|hundreds|dozens|scores"
    r"|(?:several|a few|a couple of|some|many|a number of)" + SPACE + r"(?:hundred|thousand|dozen)s?)\b"
)

# Every branch starts with a digit or one of these letters; testing that first
# lets most positions fail on one character instead of four look-arounds (2x faster).
FIRST_CHAR = r"(?=[\dabdefhmnostz])"
NUMBER_RE = re.compile(
    FIRST_CHAR + "(?:" + "|".join((DIGITS_RE, DOZEN_RE, VAGUE_RE, WORDS_RE)) + ")",
    re.IGNORECASE,
)

DOZEN = {"a": 12, "one": 12, "two": 24, "three": 36, "four": 48, "five": 60, "half": 6}


@dataclass(frozen=True)
class Number:
    value: int | None  # None for vague amounts
    start: int
    end: int
    text: str
    vague: bool = False

    @property
    def a_year(self) -> bool:
        """ "in 2014": four digits a year could have, written without a comma."""
        return self.value is not None and 1900 <= self.value <= 2100 and self.text.strip().isdigit()


def words_to_int(words: str) -> int | None:
    """'five thousand' -> 5000, 'a hundred' -> 100; None when text2num refuses."""
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", words.lower()).strip()
    if cleaned.startswith(("a ", "an ")):
        cleaned = "one " + cleaned.split(" ", 1)[1]
    try:
        return int(text2num(cleaned, "en"))
    except ValueError:
        return None


def parse_match(m: re.Match) -> Number | None:
    if m.group("digits"):
        raw = re.sub(r"[,\s\u00a0\u202f\u2009]", "", m.group("digits"))
        if len(raw) > 15:  # phone numbers, serials, digit soup
            return None
        value = float(raw)
        scale = m.group("dscale")
        if scale:
            value *= DIGIT_SCALE[scale.lower()]
        elif "." in raw:
            return None  # "1.5" alone is not a head count
        return Number(int(round(value)), m.start(), m.end(), m.group(0))
    if m.group("dozen"):
        first = m.group("dozen").split()[0].lower()
        return Number(DOZEN[first], m.start(), m.end(), m.group(0))
    if m.group("vague"):
        return Number(None, m.start(), m.end(), m.group(0), vague=True)
    if m.group("words"):
        if m.group("words").lower() in SCALES:
            return None  # "a $1 billion headquarters": a scale alone is no number
        value = words_to_int(m.group("words"))
        if value is None:
            return None
        return Number(value, m.start(), m.end(), m.group(0))
    return None


def find_numbers(text: str) -> list[Number]:
    """Every number-like span in ``text``, left to right."""
    out = []
    for m in NUMBER_RE.finditer(text):
        n = parse_match(m)
        if n is not None:
            out.append(n)
    return out
