"""The deployment-figure extractor: text in, ``Figure`` list out.

Pipeline, per sentence (see GUIDELINES.md for what a figure is):

1. prefilter — skip sentences with no noun of forces (most of any article);
2. find places and senders (``gazetteer``) and decide which places are hosts
   (introduced by "to", "in", "the defence of", ...; lists joined by commas
   and "and" form one host group);
3. counted figures — a number attached to a force noun ("5,000 troops",
   "a 1,000-strong battalion", "a battalion of 1,000", "... from 3,400 troops
   to more than 6,000"); the sender is the national word between number and
   noun ("5,000 US troops"), else the nearest sender before the number, else
   the previous sentence's sender; the host is the nearest host group after
   the noun, else before the number, else the previous sentence's;
4. figures without a number — "British troops have arrived in Estonia",
   "thousands of additional troops to Poland", "four new battlegroups in ..."
   — need a verb of deployment and no negation/request/hypothetical;
5. per article: one figure per (contributor, hosts, count); a null-count
   figure only when no numbered figure has the same contributor and hosts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from . import rules as R
from .gazetteer import Gazetteer, Mention, gazetteer
from .numbers import Number, find_numbers
from .sentences import lines, split_sentences

EXTRACTOR_VERSION = "2026.11.4"

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
MEASURES = ("total", "increase", "decrease")
STATUSES = ("planned", "present", "ended")
KINDS = ("troops", "aircraft", "ships", "other")

SENDER_KINDS = frozenset({"country", "demonym", "metonym", "nato", "service", "leader"})
NAMING_KINDS = frozenset({"country", "demonym", "metonym", "service", "leader"})
PLACE_KINDS = frozenset({"country", "group", "region", "place", "demonym"})
REGIONS = frozenset({"EUROPE", "EASTERN_FLANK"})

# A real sentence reports a handful of figures; capping the candidates per
# sentence bounds the work on pathological input (word soup without full stops).
MAX_PER_SENTENCE = 16
# More places/senders or numbers than this in one sentence is not prose (a
# table, a list, word soup from a broken scrape): such a piece is skipped.
MAX_MENTIONS = 30
MAX_NUMBERS = 12


@dataclass(frozen=True)
class Figure:
    contributor: str | None
    hosts: tuple[str, ...]
    count: int | None
    count_max: int | None
    qualifier: str
    measure: str
    status: str
    kind: str
    exercise: bool
    sentence: str
    start: int
    end: int
    rule: str

    @property
    def key(self) -> tuple:
        return (self.contributor, self.hosts, self.count)

    def to_dict(self) -> dict:
        return {
            "contributor": self.contributor,
            "hosts": list(self.hosts),
            "count": self.count,
            "count_max": self.count_max,
            "qualifier": self.qualifier,
            "measure": self.measure,
            "status": self.status,
            "kind": self.kind,
            "exercise": self.exercise,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
        }


@dataclass
class HostGroup:
    start: int
    end: int
    codes: tuple[str, ...]
    # "soldiers based in Germany will move to Romania": where the forces come
    # from, not where they go; a host only when nothing else is
    origin: bool = False
    cue_start: int = -1  # start of "based in ..." (a status cue that is not the figure's)

    @property
    def is_region(self) -> bool:
        return self.codes[0] in REGIONS


@dataclass
class Sentence:
    """One sentence, analysed: places that are hosts, and senders."""

    text: str
    start: int
    mentions: list[Mention] = field(default_factory=list)
    hosts: list[HostGroup] = field(default_factory=list)
    senders: list[Mention] = field(default_factory=list)
    _exercise: bool | None = None

    @property
    def exercise(self) -> bool:
        # searched only when a figure is made (most analysed sentences make none)
        if self._exercise is None:
            self._exercise = bool(R.EXERCISE_RE.search(self.text))
        return self._exercise


# --- sentence analysis --------------------------------------------------------


def _is_upper(text: str) -> bool:
    """A headline in capitals ("US SENDING MORE TROOPS TO NATO'S EASTERN FLANK")."""
    head = text[:300]
    return len(head) >= 10 and head.isupper()


def analyse(text: str, start: int, gaz: Gazetteer, published: dt.date | None = None) -> Sentence:
    s = Sentence(text, start)
    if _is_upper(text):
        s.mentions = [
            Mention(*gaz.upper_table[m.group(0)], m.start(), m.end(), m.group(0))
            for m in gaz.upper_regex.finditer(text)
        ]
    else:
        s.mentions = gaz.mentions(text)
        if any(m.kind == "leader" for m in s.mentions):
            s.mentions = gaz.resolve_leaders(s.mentions, published)
    if len(s.mentions) > MAX_MENTIONS:
        return s  # not prose (a table, word soup): the caller skips it
    _find_hosts(s)
    _find_senders(s)
    return s


def _place_codes(text: str, m: Mention) -> tuple[str, ...] | None:
    """Codes if the mention can name a place; demonyms only as 'the Polish town'."""
    if m.kind == "demonym":
        return m.codes if R.PLACE_NOUN_RE.match(text, m.end) else None
    if m.kind in PLACE_KINDS:
        return m.codes
    return None


def _find_hosts(s: Sentence) -> None:
    text = s.text
    groups: list[HostGroup] = []
    current: HostGroup | None = None
    for m in s.mentions:
        codes = _place_codes(text, m)
        if codes is not None and m.kind == "country" and R.INSTITUTION_NEXT_RE.match(text, m.end):
            codes = None  # "at the US embassy", "in the British army"
        if codes is None:
            current = None
            continue
        if current is not None and R.HOST_LIST_SEP_RE.match(text[current.end : m.start]):
            # "Romania, Poland and Germany": one group
            if current.is_region or codes[0] in REGIONS:
                current = None
                continue
            if (
                R.GAPPED_PAIR_RE.match(text, m.end)
                or ("," in text[current.end : m.start] and R.NEW_CLAUSE_VERB_RE.match(text, m.end))
                or R.GERUND_CLAUSE_RE.match(text, m.end)
                or R.GAPPED_COUNT_RE.match(text, m.end)
            ):
                # "a battalion in Latvia, the UK in Estonia, and the US in
                # Poland": "the UK" is a sender of a gapped clause, not a host
                current = None
                continue
            current.codes = tuple(sorted(set(current.codes) | set(codes)))
            current.end = m.end
            continue
        current = None
        triggered = R.HOST_TRIGGER_RE.search(text, max(0, m.start - 60), m.start) and not R.SPAN_FROM_RE.search(
            text, max(0, m.start - 50), m.start
        )
        if triggered and R.SUPERLATIVE_IN_RE.search(text, max(0, m.start - 40), m.start):
            triggered = None  # "one of the largest in Europe"
        if (
            not triggered
            and m.kind in ("country", "group", "place")
            and (R.HOSTING_AFTER_RE.match(text, m.end) or R.LIST_THEN_HOSTING_RE.match(text, m.end))
        ):
            triggered = True  # "Latvia hosts ...", "Lithuania, Latvia and Estonia each host ..."
        if not triggered and m.kind in ("country", "group", "place") and R.WHERE_AFTER_RE.match(text, m.end):
            triggered = True  # "Biden visited Poland, where 10,000 US troops are stationed"
        if not triggered and R.FROM_TRIGGER_RE.search(text, max(0, m.start - 12), m.start):
            triggered = R.DECREASE_RE.search(text, max(0, m.start - 80), m.start) or R.ROTATE_OUT_RE.search(
                text, max(0, m.start - 30), m.start
            )  # "... troops are preparing to rotate out of Latvia": there until then
        if triggered:
            current = HostGroup(m.start, m.end, codes)
            origin = R.ORIGIN_BEFORE_RE.search(text, max(0, m.start - 40), m.start)
            if origin:
                current.cue_start = origin.start()
            groups.append(current)
    for g in groups:
        g.codes = tuple(c for c in g.codes if c not in R.NEVER_HOSTS)
        if g.cue_start >= 0:
            # "based in Germany will move to Romania": an origin when a
            # movement to another place follows in the clause
            move = R.MOVE_TO_AFTER_RE.match(text, g.end)
            g.origin = bool(move) and any(h.start >= move.end() - 1 for h in groups if h is not g)
    s.hosts = [g for g in groups if g.codes]


def _find_senders(s: Sentence) -> None:
    text = s.text
    in_host = [(g.start, g.end) for g in s.hosts]
    for m in s.mentions:
        if m.kind not in SENDER_KINDS:
            continue
        if any(a <= m.start < b for a, b in in_host):
            continue
        if m.kind == "demonym" and R.PLACE_NOUN_RE.match(text, m.end):
            continue
        if m.kind == "nato":
            if m.text in R.WEAK_NATO and not R.WEAK_NATO_NEXT_RE.match(text, m.end):
                continue
            if R.NATO_NOT_AGENT_AFTER_RE.match(text, m.end):
                continue
            if R.NATO_COLLECTIVE_AFTER_RE.match(text, m.end) and R.INDEFINITE_BEFORE_RE.search(
                text, max(0, m.start - 12), m.start
            ):
                continue  # "Turkey, a Nato member, has ...": an apposition, not the alliance acting
            if R.NATO_COLLECTIVE_AFTER_RE.match(text, m.end) and R.NOT_AGENT_BEFORE_RE.search(
                text, max(0, m.start - 30), m.start
            ):
                continue
            if m.text.lower() not in ("nato",) and R.NATO_NOT_AGENT_BEFORE_RE.search(
                text, max(0, m.start - 30), m.start
            ):
                continue
            if R.NATO_JOINED_BEFORE_RE.search(text, max(0, m.start - 30), m.start):
                continue  # "Sweden, which joined Nato last month, will send ..."
        if (
            m.kind in ("country", "metonym")
            and R.NOT_AGENT_BEFORE_RE.search(text, max(0, m.start - 30), m.start)
            and not R.QUALIFIES_FORCE_RE.match(text, m.end)
            and not (
                R.WITH_BEFORE_RE.search(text, max(0, m.start - 12), m.start) and R.GERUND_CLAUSE_RE.match(text, m.end)
            )
        ):
            continue  # "aid from Germany" (but "with France leading a battlegroup")
        if m.kind == "metonym" and any(
            o.kind in ("country", "demonym") and R.POSSESSIVE_GAP_RE.fullmatch(text, o.end, m.start) for o in s.mentions
        ):
            continue  # "Russia's MoD", "the Polish MoD"
        if (
            m.kind == "country"
            and not m.text.lower().startswith("the ")
            and R.ADDRESS_BEFORE_RE.search(text, max(0, m.start - 30), m.start)
            and not any(0 <= m.start - o.end <= 2 for o in s.mentions)
        ):
            continue  # "based in Vicenza, Italy" (but not "Britain, France and the US")
        s.senders.append(m)


# Small patterns of the functions below, compiled once.
_OF_RE = re.compile(r"\s+of(?=\s)")
_NOT_PEOPLE_AFTER_OF_RE = re.compile(r"\s*(?:km|miles|kilometres|people|civilians|refugees|\w+ (?:of|in) )")
_NOT_FORCES_AFTER_RE = re.compile(r"\s*(?:km|miles|people|civilians|years?|days?|%|per|countries|nations|states)\b")
_TO_BEFORE_RE = re.compile(r"\bto\s+(?:[a-z]+\s+){0,2}$")
_FROM_WORD_BEFORE_RE = re.compile(r"\bfrom\s+\S*$")
_EXTRA_BEFORE_RE = re.compile(r"\b(?:top of|extra|additional|another|further)\s+(?:[a-z]+\s+){0,1}$")
_STATIONED_AFTER_RE = re.compile(r"\s+(?:stationed|deployed|based|already)\b")
_FROM_END_RE = re.compile(r"\bfrom\s+$")
_STOP_RE = re.compile(r",|;|\band\b|\bbut\b")
_MEASURE_SPLIT_RE = re.compile(r",|;|\band\b|\bto\b|\bfrom\b")
_BATTLEGROUP_RE = re.compile(r"battle ?-?groups?$", re.I)
_PRE_MODS_RE = re.compile(r"(?:[\w.’'-]+\s+){0,3}$")


# --- counted mentions -----------------------------------------------------------


@dataclass
class Count:
    number: Number | None  # None: a force noun with no number
    count: int | None
    count_max: int | None
    qualifier: str
    kind: str
    start: int  # of the number (or noun)
    end: int  # of the noun (or number for elliptical counts)
    noun: str
    mods_start: int
    mods_end: int
    rule: str
    formation: bool = False


def _qualifier(text: str, start: int) -> str:
    window = text[max(0, start - 30) : start]
    for name, rx in R.QUALIFIER_RES:
        if rx.search(window):
            return name
    return "exact"


# A number right after a capitalised word is part of a name or a date:
# "Challenger 2 tanks", "Leopard 2", "March 24", "Cold Response 22"; but
# function words at the start of a sentence ("About 500", "Some 5,000") are not names.
MODEL_NAME_RE = re.compile(r"(?<![\w’'-])([A-Z][a-z]+)\s$")
NOT_NAME_WORDS = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "About",
        "Around",
        "Some",
        "Over",
        "Nearly",
        "Almost",
        "Up",
        "More",
        "Roughly",
        "Approximately",
        "The",
        "These",
        "Those",
        "All",
        "Only",
        "Just",
        "Another",
        "An",
        "A",
        "By",
        "In",
        "Of",
        "With",
        "And",
        "But",
        "Exactly",
        "Perhaps",
        "Fewer",
        "Less",
        "At",
        "To",
        "From",
        "For",
        "When",
        "While",
        "Since",
        "After",
        "Before",
        "As",
        "Additional",
        "Further",
        "Extra",
        "Its",
        "Their",
        "Our",
        "His",
        "Her",
        "Until",
        "Between",
        "Under",
        "Than",
        "Another",
        "Both",
        "Each",
        "Another",
        "Of",
    ]
)


def _is_year(n: Number) -> bool:
    return n.value is not None and 1900 <= n.value <= 2100 and n.text.isdigit() and len(n.text) == 4


def find_counts(text: str) -> list[Count] | None:
    """Counted mentions in a sentence; None when it has too many numbers to be prose."""
    numbers = find_numbers(text)
    if len(numbers) > MAX_NUMBERS:
        return None
    counts: list[Count] = []
    consumed_until = -1
    i = 0
    while i < len(numbers):
        n = numbers[i]
        i += 1
        if n.start < consumed_until:
            continue
        name = MODEL_NAME_RE.search(text, max(0, n.start - 20), n.start)
        if name and name.group(1) not in NOT_NAME_WORDS:
            continue  # "Challenger 2 tanks", "Leopard 2", "Patriot 3"
        count, count_max, qualifier = n.value, None, ("vague" if n.vague else None)
        first = n
        # ranges: "between 3,000 and 5,000", "50 to 80", "220 to 250"
        if i < len(numbers) and not n.vague and numbers[i].value is not None:
            nxt = numbers[i]
            join = text[n.end : nxt.start]
            if (
                R.RANGE_JOIN_RE.match(join)
                and ("and" not in join.lower() or R.BETWEEN_RE.search(text, max(0, n.start - 10), n.start))
                and nxt.value > n.value
            ):
                count_max, qualifier = nxt.value, "range"
                n = nxt
                i += 1
        m = R.NOUN_AFTER_NUMBER_RE.match(text, n.end)
        if m is None and n.vague:
            # "thousands of additional troops", "hundreds of Canadian personnel"
            of = _OF_RE.match(text, n.end)
            if of:
                m = R.NOUN_AFTER_NUMBER_RE.match(text, of.end())
        if m:
            noun = m.group("noun")
            mods = m.group("mods")
            if R.UNIT_NAME_RE.search(mods) or (
                R.UNIT_NAME_RE.fullmatch(noun.title()) and not m.group("strong") and noun[0].isupper()
            ):
                continue
            if _is_year(first) and (mods.strip() or not noun):
                continue
            is_formation = (bool(R.FORMATION_RE.fullmatch(noun)) and noun.lower() not in ("force",)) or bool(
                R.UNIT_AFTER_NOUN_RE.match(text, m.end())
            )
            if noun.lower() == "forces" and count is not None and count < 20:
                is_formation = True  # "eight Nato defence forces" = eight battlegroups
            if is_formation and not m.group("strong"):
                # "four new battlegroups": formations counted as units, no count
                counts.append(
                    Count(
                        first,
                        None,
                        None,
                        "exact" if not first.vague else "vague",
                        "aircraft" if R.DESIGNATOR_RE.match(noun) else "troops",
                        first.start,
                        m.end(),
                        noun,
                        m.start("mods"),
                        m.end("mods"),
                        "formation-units",
                        formation=True,
                    )
                )
                consumed_until = m.end()
                continue
            kind = (
                "troops"
                if is_formation
                else ("aircraft" if R.DESIGNATOR_RE.match(noun) else R.NOUN_KIND.get(noun.lower(), "troops"))
            )
            counts.append(
                Count(
                    first,
                    count,
                    count_max,
                    qualifier or _qualifier(text, first.start),
                    kind,
                    first.start,
                    m.end(),
                    noun,
                    m.start("mods"),
                    m.end("mods"),
                    "strength" if m.group("strong") else "number-noun",
                )
            )
            consumed_until = m.end()
            continue
        if n.vague or _is_year(first) or count is None:
            continue
        # "a battalion of 1,000", "a force of about 5,000"
        fm = R.FORMATION_OF_RE.search(text, max(0, first.start - 60), first.start)
        if fm and not _NOT_PEOPLE_AFTER_OF_RE.match(text, n.end):
            counts.append(
                Count(
                    first,
                    count,
                    count_max,
                    qualifier or _qualifier(text, first.start),
                    "troops",
                    first.start,
                    n.end,
                    "",
                    n.end,
                    n.end,
                    "formation-of",
                )
            )
            consumed_until = n.end
            continue
        # Elliptical: the noun was given earlier in the sentence.
        # "from 3,400 troops ... to more than 6,000", "on top of 1,700 stationed
        # there", "the extra 3,500 Berlin intends to contribute".
        before = [c for c in counts if c.count is not None and c.end <= first.start]
        if not before:
            prior_noun = R.FORCE_NOUN_RE.search(text, 0, first.start)
            if not prior_noun:
                continue
            kind = R.NOUN_KIND.get(prior_noun.group(0).lower(), "troops")
        else:
            kind = before[-1].kind
        pre = text[max(0, first.start - 30) : first.start].lower()
        post = text[n.end : n.end + 25].lower()
        if _NOT_FORCES_AFTER_RE.match(post):
            continue
        to_target = _TO_BEFORE_RE.search(pre) and (
            any(_FROM_WORD_BEFORE_RE.search(text, max(0, c.start - 20), c.start) for c in before)
            or R.GROWTH_RE.search(text, 0, first.start)
        )
        if (
            to_target
            or _EXTRA_BEFORE_RE.search(pre)
            or _STATIONED_AFTER_RE.match(post)
            or (R.ELLIPTICAL_TO_PRE_RE.search(pre) and R.ELLIPTICAL_TO_POST_RE.match(text, n.end))
            or (before and R.ELLIPTICAL_FROM_PRE_RE.search(pre))
        ):
            counts.append(
                Count(
                    first,
                    count,
                    count_max,
                    qualifier or _qualifier(text, first.start),
                    kind,
                    first.start,
                    n.end,
                    "",
                    n.end,
                    n.end,
                    "elliptical",
                )
            )
            consumed_until = n.end
    return counts


# --- resolving senders and hosts ------------------------------------------------------


def _sender_in(s: Sentence, a: int, b: int) -> Mention | None:
    for m in s.senders:
        if a <= m.start and m.end <= b:
            return m
    # demonyms/nato words inside the modifiers are senders even after a preposition
    for m in s.mentions:
        if a <= m.start and m.end <= b and m.kind in SENDER_KINDS:
            return m
    return None


def _from_list(s: Sentence, pos: int) -> list[Mention]:
    """'troops from Britain, France and the U.S.' -> the three senders."""
    m = R.FROM_LIST_RE.match(s.text, pos, pos + 60)
    if not m:
        return []
    out = []
    cursor = m.end()
    for mention in s.mentions:
        if mention.start < cursor:
            continue
        adjacent = mention.start == cursor or (out and R.HOST_LIST_SEP_RE.match(s.text[cursor : mention.start]))
        if adjacent and mention.kind in ("country", "demonym", "service"):
            out.append(mention)
            cursor = mention.end
            continue
        break
    return out


# "The 2nd Cavalry Regiment's soldiers", "82nd Airborne paratroopers"
_FORMATION_OWNS_RE = re.compile(r"(?:[’']s)?\s+(?:[a-z][\w-]*\s+){0,2}")
_FORMATION_GAP_RE = re.compile(r"\s*,?\s+(?:from|of)\s+(?:the\s+)?(?:[\w’'-]+,?\s+){0,6}")


def _formation_sender(s: Sentence, formation: Mention, previous) -> tuple[Mention, str]:
    """A formation's state; in an enumeration of the previous sentence's forces
    by that state ("... 600 troops will head to four countries for exercises.
    First, about 150 soldiers from the 173rd Airborne Brigade ..."), the
    previous sentence's sender (and its exercise)."""
    if not s.senders and R.ENUMERATION_OPENER_RE.match(s.text) and (prev := previous()) is not None:
        same = [m for m in prev.senders if m.codes == formation.codes]
        if same:
            return same[-1], "previous-sentence-sender"
    return formation, "formation"


def _formation_after(s: Sentence, c: Count) -> Mention | None:
    """ "4,700 paratroopers from the 82nd Airborne Division", "2,500 Soldiers
    from the 3rd Brigade Combat Team, 82nd Airborne Division": the unit the
    counted forces belong to."""
    for m in s.mentions:
        if m.kind == "formation" and c.end <= m.start <= c.end + 60:
            gap = _FORMATION_GAP_RE.match(s.text, c.end, m.start)
            if gap is not None and gap.end() == m.start:
                return m
    return None


def _nearest_sender_before(s: Sentence, pos: int) -> Mention | None:
    best = None
    for m in s.senders:
        if m.end <= pos:
            best = m
    return best


def _choose_hosts(s: Sentence, c: Count, contributor: str | None) -> tuple[str, ...] | None:
    """The host group of a count: the first group after the noun ("3,000 troops
    to Poland"), unless it is far and a group precedes ("Estonia, where Britain
    has 1,700 troops ..."); else the nearest group before the number."""

    def usable(g: HostGroup) -> tuple[str, ...] | None:
        codes = tuple(x for x in g.codes if x != contributor)
        return codes or None

    candidates = [g for g in s.hosts if usable(g)]
    if any(g.origin for g in candidates) and any(not g.origin for g in candidates):
        candidates = [g for g in candidates if not g.origin]
    if any(not g.is_region and _same_segment(s.text, c, g) for g in candidates):
        # GUIDELINES: a region code only when no country is named (for this
        # count: not a country of another clause, "..., with France leading a
        # battlegroup in Romania")
        candidates = [g for g in candidates if not g.is_region]
    after = [g for g in candidates if g.start >= c.end and g.start - c.end <= 120]
    before = [g for g in candidates if g.end <= c.start]
    if before and R.WHERE_CLAUSE_RE.match(s.text, before[-1].end, c.start):
        return usable(before[-1])
    # not a place of an earlier clause: "... jets to Lithuania, while Spain is sending ships ..."
    before = [g for g in before if not _new_subject_between(s, g.end, c.start)]
    if after and (after[0].start - c.end <= 60 or not before):
        return usable(after[0])
    if before:
        return usable(before[-1])
    return None


def _new_subject_between(s: Sentence, a: int, b: int) -> bool:
    """A contrastive clause with its own sender between a and b ("..., while
    Spain is sending ships"): a place before it is not the host of what follows."""
    br = R.CONTRAST_BREAK_RE.search(s.text, a, b)
    return br is not None and any(br.end() <= m.start < b for m in s.senders)


def _same_segment(text: str, c: Count, g: HostGroup) -> bool:
    """Is host group ``g`` in the same stretch of the sentence as count ``c``
    (no clause break, ", with", "said" between them)?"""
    a, b = (c.end, g.start) if g.start >= c.end else (g.end, c.start)
    return a > b or R.SEGMENT_BREAK_RE.search(text, a, b) is None


def _clause_start(text: str, pos: int, reach: int = 160) -> int:
    """Start of the clause that contains ``pos`` (after ";", "but", ", which" ...)."""
    lo = max(0, pos - reach)
    last_break = lo
    m = R.CLAUSE_BREAK_RE.search(text, lo, pos)
    while m:
        last_break = m.end()
        m = R.CLAUSE_BREAK_RE.search(text, last_break, pos)
    return last_break


def _in_clause(rx: re.Pattern, text: str, start: int, end: int) -> bool:
    """Does ``rx`` match in the clause around text[start:end]?"""
    following = R.CLAUSE_BREAK_RE.search(text, end)
    return (
        rx.search(text, _clause_start(text, start, reach=400), following.start() if following else len(text))
        is not None
    )


def _status(text: str, c: Count, skip: tuple[tuple[int, int], ...] = ()) -> str:
    """planned / present / ended, from the verb that governs the count:

    1. "from 3,400 troops ... to more than 6,000": the "from" figure is present;
    2. a cue right after the noun ("1,700 stationed there", "150 soldiers are
       arriving", "troops will be sent");
    3. else the nearest cue before the number in the same clause ("will deploy
       3,000 more troops", "There are already approximately 900");
    4. else any cue shortly after; default present.
    An adjective right before the noun ("its deployed battlegroups") is not a verb.
    """
    pre = text[max(0, c.start - 12) : c.start].lower()
    if _FROM_END_RE.search(pre):
        return "present"
    last_break = _clause_start(text, c.start)
    cues = []
    for name, rx in R.STATUS_RES:
        for m in rx.finditer(text, last_break, min(len(text), c.end + 60)):
            if not any(a <= m.start() < b for a, b in skip):  # "based in Germany will move to ..."
                cues.append((m.start(), m.end(), name))
    after = [(a - c.end, name) for a, b, name in cues if a >= c.end]
    stop = _STOP_RE.search(text, c.end, c.end + 25)
    reach = stop.start() - c.end if stop else 25
    immediate = [x for x in after if x[0] <= reach]
    if immediate:
        return min(immediate)[1]
    # without a number, a cue touching the noun is an adjective: "its deployed battlegroups"
    touching = c.start - 1 if c.number is None else c.start + 1
    before = [(c.start - b, name) for a, b, name in cues if b <= c.start and b < touching]
    if before:
        return min(before)[1]
    if after:
        return min(after)[1]
    return "present"


def _measure(text: str, c: Count) -> str:
    # the noun phrase of the count only: "an extra 1,000 troops" (not the
    # "extra" of an earlier phrase in "extra 1,000 troops and one carrier"),
    # and "more than 6,000" is a qualifier, not an increase.
    pre = text[max(0, c.start - 25) : c.start]
    pre = _MEASURE_SPLIT_RE.split(pre)[-1]
    local = R.MORE_THAN_RE.sub(" ", pre + text[c.start : c.end])
    if R.INCREASE_RE.search(local) or (c.formation and R.NEW_RE.search(local)):
        return "increase"
    if c.count is None and R.INCREASE_VERB_RE.search(text, max(0, c.start - 50), c.start):
        # figures without a number: "increase troop deployments", "double the
        # number of its battlegroups", "scaling up of the US presence"
        return "increase"
    clause = text[max(0, c.start - 80) : c.start]
    if R.DECREASE_RE.search(clause):
        return "decrease"
    return "total"


# --- the article loop ---------------------------------------------------------------


def extract(text: str, published: dt.date | None = None) -> list[Figure]:
    """Deployment figures in ``text`` (an article published on ``published``)."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(published, dt.datetime):
        published = published.date()  # a datetime is accepted too
    gaz = gazetteer()
    figures: list[Figure] = []
    prev: Sentence | None = None
    # the previous sentence's span; (start, end, True) for a whole line with no
    # noun of forces, whose last sentence is found only if a figure needs it
    prev_span: tuple[int, int, bool] | None = None
    prev_figures: list[Figure] = []
    # counts of the previous sentence with a sender but no host, which an
    # anaphoric sentence may place ("... an extra 1,000 troops. The troops will be based in Estonia")
    prev_hostless: list[Figure] = []
    hits = R.stem_hits(text)
    k, n_hits = 0, len(hits or ())
    named_cache: list[frozenset[str]] = []

    def named() -> frozenset[str]:
        # the states the whole article names (scanned only when a figure needs it)
        if not named_cache:
            named_cache.append(_named_states(text, gaz, published))
        return named_cache[0]

    for line_start, line_end in lines(text):
        if hits is not None:
            while k < n_hits and hits[k][0] < line_start:
                k += 1
            if k >= n_hits or hits[k][0] >= line_end or not R.holds_force_noun(text, hits, k, line_start, line_end):
                # no noun of forces on this line (most lines): not split
                if not text[line_start:line_end].isspace() and line_end > line_start:
                    prev, prev_span, prev_figures, prev_hostless = None, (line_start, line_end, True), [], []
                continue
        for start, end in split_sentences(text, line_start, line_end):
            sent = text[start:end]
            if hits is None:
                candidate = R.might_hold_a_figure(sent)
            else:
                # a stem inside [start, end), then the exact noun pattern
                while k < n_hits and hits[k][0] < start:
                    k += 1
                candidate = R.holds_force_noun(text, hits, k, start, end)
            if not candidate:
                prev, prev_span, prev_figures, prev_hostless = None, (start, end, False), [], []
                continue
            s = analyse(sent, start, gaz, published)
            if len(s.mentions) > MAX_MENTIONS:
                prev, prev_span, prev_figures, prev_hostless = None, None, [], []
                continue
            if not s.mentions and (prev_span is None or (prev is not None and not prev.senders and not prev.hosts)):
                # no name here and none to take from the previous sentence: no figure
                prev, prev_span, prev_figures, prev_hostless = s, (start, end, False), [], []
                continue
            span = _resolve_span(text, prev_span)

            def previous(prev=prev, span=span) -> Sentence | None:
                # analysed only when a figure needs it (lazily: most sentences don't)
                if prev is None and span is not None:
                    prev = analyse(text[span[0] : span[1]], span[0], gaz, published)
                    if len(prev.mentions) > MAX_MENTIONS:
                        return None
                return prev

            prev_text = text[span[0] : span[1]] if span else ""
            hostless: list[Figure] = []
            found = _sentence_figures(s, previous, prev_text, published, gaz, prev_figures, hostless, named)
            found.extend(_anaphoric_figures(s, prev_figures or prev_hostless, found))
            figures.extend(found)
            prev, prev_span, prev_figures = s, (start, end, False), found
            prev_hostless = hostless
    return _dedupe(figures)


def _no_sender_hosts(s: Sentence, c: Count, published, gaz: Gazetteer, named) -> tuple[str, ...] | None:
    """A count whose article names no sender at all (GUIDELINES' null
    contributor): "A Marine Expeditionary Unit of 2,200 marines arrived in
    Greece". Strict: a number, a host country (a NATO member) after the count
    in this sentence, a plain verb of deployment between them, no name of a
    state other than the host anywhere in the article (nor Nato), no
    negation, request or condition."""
    if named is None or c.rule == "elliptical" or c.kind == "other":
        return None
    if c.count is None and (c.number is None or not c.number.vague):
        return None
    text = s.text
    hosts = _choose_hosts(s, c, None)
    if hosts is None or any(h in REGIONS or not gaz.is_member(h, published) for h in hosts):
        return None
    group = next((g for g in s.hosts if g.codes == hosts and not g.origin), None)
    if group is None or group.start < c.end or group.start - c.end > 80 or R.POSSESSIVE_RE.match(text, group.end):
        return None  # "5,000 soldiers deployed to Poland's border": the host's own army
    for m in s.mentions:
        if m.kind in SENDER_KINDS or m.kind == "formation":
            if m.kind in ("country", "metonym") and set(m.codes) <= set(hosts):
                continue  # "Greece's defence ministry said", "officials in Vilnius said"
            return None
    if not R.NULL_SENDER_DEPLOY_RE.search(text, max(0, c.start - 40), group.start):
        return None
    if R.NEGATION_RE.search(text) or R.REQUEST_RE.search(text) or R.MODAL_LEAD_RE.search(text, 0, c.start):
        return None
    if named() - set(hosts):
        return None  # the article names a state (or Nato) elsewhere: whose forces is not for this rule
    return hosts


def _named_states(text: str, gaz: Gazetteer, published: dt.date | None) -> frozenset[str]:
    """Codes of the states an article names anywhere (names, demonyms,
    capitals, services, leaders in office; headlines in capitals too)."""
    mentions = gaz.resolve_leaders(gaz.mentions(text), published)
    mentions += [
        Mention(*gaz.upper_table[m.group(0)], m.start(), m.end(), m.group(0)) for m in gaz.upper_regex.finditer(text)
    ]
    return frozenset(
        m.codes[0]
        for m in mentions
        if m.kind in NAMING_KINDS or (m.kind == "nato" and m.text.lower() not in R.WEAK_NATO_LOWER)
    )


def _resolve_span(text: str, span: tuple[int, int, bool] | None) -> tuple[int, int] | None:
    """The previous sentence: a sentence span, or the last sentence of a skipped line."""
    if span is None:
        return None
    if not span[2]:
        return span[0], span[1]
    last = None
    for last in split_sentences(text, span[0], span[1]):  # noqa: B007 - the last one
        pass
    return last


def _count_sender(s: Sentence, c: Count, previous, others: list[Count] | None = None) -> tuple[Mention | None, str]:
    """Whose forces a count is, in order of evidence:

    1. a national or alliance word between number and noun: "5,000 US troops",
       "30,000 Nato troops", "six RCAF CF-18 fighter jets";
    2. a battlegroup with no national word is NATO's ("a 1,000-member battle group");
    3. the nearest sender before the number: "The US has moved 3,000 troops";
    4. a demonym/service just after: "Six CF-18s and hundreds of Canadian Forces personnel";
    5. when the sentence names no sender at all, the previous sentence's last
       sender ("The Pentagon announced ... About 150 soldiers ... are arriving");
    6. else a country name used as an adjective ("at the US embassy").
    "troops from Germany" is usually where they come from, not whose they are,
    so a single "from X" is not a sender for a count.
    """
    sender = _sender_in(s, c.mods_start, c.mods_end)
    if sender is not None:
        return sender, "mod"
    if _BATTLEGROUP_RE.search(c.noun):
        return Mention("nato", ("NATO",), c.start, c.end, c.noun), "battlegroup"
    formation = _formation_after(s, c)
    if formation is not None:
        return _formation_sender(s, formation, previous)
    sender = _nearest_sender_before(s, c.start)
    if sender is not None and others and any(o.mods_start <= sender.start < o.end for o in others if o is not c):
        # "500 British troops, up to 200 troops from Denmark and approximately
        # 150 troops from France": "British" belongs to the first count
        froms = _from_list(s, c.end)
        if len(froms) == 1 and not R.FROM_TO_RE.match(s.text, froms[0].end):
            return froms[0], "from"
    if sender is not None:
        return sender, "subject"
    sender = next(
        (m for m in s.senders if c.end <= m.start <= c.end + 100 and m.kind in ("demonym", "service")),
        None,
    )
    if sender is not None:
        return sender, "later"
    # a famous formation as the subject: "The 2nd Cavalry Regiment sent 900
    # soldiers" (not one named after the count: "... to relieve the 82nd Airborne")
    formations = [
        m
        for m in s.mentions
        if m.kind == "formation" and m.end <= c.start and not R.CONTRAST_BREAK_RE.search(s.text, m.end, c.start)
    ]
    if formations:
        return _formation_sender(s, formations[-1], previous)
    # an attribution to a government or ministry: "..., the Pentagon said",
    # "according to the Ministry of Defence"
    for m in s.senders:
        if (
            m.start >= c.end
            and m.kind in ("metonym", "service")
            and (
                R.SAID_AFTER_RE.match(s.text, m.end)
                or R.ACCORDING_TO_BEFORE_RE.search(s.text, max(0, m.start - 20), m.start)
            )
        ):
            return m, "attribution"
    if not s.senders and (prev := previous()) is not None and prev.senders:
        return prev.senders[-1], "previous-sentence-sender"
    # last resort, a country name used as an adjective anywhere before the
    # number: "at the US embassy ... about 1,800 Marines in Darwin"
    in_host = [(g.start, g.end) for g in s.hosts]
    for m in reversed(s.mentions):
        if (
            m.end <= c.start
            and m.kind in ("country", "demonym")
            and R.ADJECTIVAL_NEXT_RE.match(s.text, m.end)
            and not any(a <= m.start < b for a, b in in_host)
        ):
            return m, "adjectival"
    return None, ""


def _sentence_figures(
    s: Sentence,
    previous,
    prev_text: str,
    published,
    gaz: Gazetteer,
    prev_figures: list[Figure] = (),
    hostless: list[Figure] | None = None,
    named=None,
) -> list[Figure]:
    text = s.text
    out: list[Figure] = []
    counts = find_counts(text)
    if counts is None:
        return []
    del counts[MAX_PER_SENTENCE:]
    numbered = [c for c in counts if c.count is not None]
    origins = tuple((g.cue_start, g.start) for g in s.hosts if g.origin)

    def make(c: Count, contributor, hosts, rule, qualifier=None, measure=None, status=None, kind=None) -> Figure:
        # an exercise named in this sentence, or in the previous one when the
        # figure takes its sender or host from there ("The annual Nato drills
        # in Norway ... This year they include about 30,000 troops")
        # in the figure's own clause: not "..., but the US also brought in a
        # surge force for specific named exercises"
        exercise = (s.exercise and _in_clause(R.EXERCISE_RE, text, c.start, c.end)) or (
            "previous-sentence" in rule and R.EXERCISE_RE.search(prev_text) is not None
        )
        return Figure(
            contributor=contributor,
            hosts=hosts,
            count=c.count,
            count_max=c.count_max,
            qualifier=qualifier or c.qualifier,
            measure=measure or _measure(text, c),
            status=status or _status(text, c, origins),
            kind=kind or c.kind,
            exercise=exercise,
            sentence=text,
            start=s.start,
            end=s.start + len(text),
            rule=rule,
        )

    for earlier, c in zip([None, *numbered], numbered, strict=False):
        if (
            earlier is not None
            and c.qualifier == "exact"
            and earlier.qualifier == "approx"
            and R.LIST_SEP_RE.match(text, earlier.end, c.start)
        ):
            c.qualifier = "approx"  # "about 30,000 troops, 220 aircraft and 50 vessels"
        after_end = min(len(text), c.end + 60)
        stop = R.NEXT_CLAUSE_RE.search(text, c.end, after_end)
        if R.NOT_DEPLOYMENT_RE.search(text, max(0, c.start - 80), stop.start() if stop else after_end):
            continue
        lead = text[_clause_start(text, c.start) : c.start]
        if R.COUNT_NEGATION_RE.search(lead) or R.COUNT_REQUEST_RE.search(lead):
            continue
        if R.MODAL_LEAD_RE.search(lead) and R.CONDITION_AFTER_RE.search(text, c.end):
            continue  # "Denmark could send up to 800 soldiers to the Baltic states if the situation worsens"
        sender, how = _count_sender(s, c, previous, numbered)
        if sender is None:
            hosts = _no_sender_hosts(s, c, published, gaz, named)
            if hosts is not None:
                out.append(make(c, None, hosts, f"{c.rule}/no-sender"))
            continue
        contributor = own = sender.codes[0]
        if sender.kind == "formation" and (named is None or own not in named()):
            # "The 2nd Cavalry Regiment sent 900 soldiers to Poland" in a text
            # that never names the US: GUIDELINES' null contributor
            contributor = None
        if contributor is not None and not gaz.is_member(contributor, published):
            continue  # Russian, Ukrainian, Belarusian forces; Finland before 2023-04-04
        hosts = _choose_hosts(s, c, own)
        host_how = ""
        if hosts is None and not s.hosts and not _has_place(s) and (prev := previous()) is not None:
            # "... sending troops to Romania. The 250 soldiers will leave next week."
            prev_hosts = [tuple(x for x in g.codes if x != own) for g in prev.hosts]
            prev_hosts = [h for h in prev_hosts if h]
            if prev_hosts:
                hosts, host_how = prev_hosts[-1], "+previous-sentence-host"
        if hosts is None:
            hosts, deictic = _deictic_host(s, c, own, previous)
            host_how = deictic or host_how
        if hosts is None and c.rule == "elliptical" and out and out[-1].end == s.start + len(text):
            # "5,000 Nato troops are now on its soil, including 2,000 from France":
            # a part of the count before it, in the same place
            hosts, host_how = out[-1].hosts, "+host-of-previous-count"
        if hosts is None:
            if (
                hostless is not None
                and contributor is not None
                and how in ("mod", "subject", "battlegroup")
                and c.kind == "troops"
            ):
                hostless.append(make(c, contributor, (), f"{c.rule}/{how}"))
            continue
        if how == "previous-sentence-sender" and not _may_carry_sender(s, c, contributor, hosts, prev_figures):
            continue
        out.append(make(c, contributor, hosts, f"{c.rule}/{how}{host_how}"))

    # A vague amount with no sender in the article: "Thousands of soldiers
    # have been sent to Lithuania" (GUIDELINES' null contributor)
    if not out and s.hosts and not s.senders:
        for c in counts:
            if c.count is None and c.number is not None and c.number.vague and not c.formation:
                lead = text[_clause_start(text, c.start) : c.start]
                if R.COUNT_NEGATION_RE.search(lead) or R.COUNT_REQUEST_RE.search(lead):
                    continue
                if R.NOT_DEPLOYMENT_RE.search(text, max(0, c.start - 80), min(len(text), c.end + 60)):
                    continue
                hosts = _no_sender_hosts(s, c, published, gaz, named)
                if hosts is not None:
                    out.append(make(c, None, hosts, f"{c.rule}/no-sender", qualifier="vague"))
                    break
    # Figures without a number: vague amounts, formations, bare force nouns.
    if (
        not s.hosts
        or not any(m.kind in SENDER_KINDS or m.kind == "formation" for m in s.mentions)
        or not R.DEPLOY_RE.search(text)
    ):
        return _drop_nato_frames(out)  # a figure without a number needs a host, a sender and a verb here
    numbered_hosts = {f.hosts for f in out}
    covered = [(c.start, c.end) for c in numbered]
    # start, end, noun, kind, qualifier, (mods_start, mods_end), is_formation, vague number
    candidates: list[tuple[int, int, str, str, str, tuple[int, int], bool, Number | None]] = []
    for c in counts:
        if c.count is None:
            kind = c.kind if c.formation else R.NOUN_KIND.get(c.noun.lower(), "troops")
            candidates.append(
                (c.start, c.end, c.noun, kind, c.qualifier, (c.mods_start, c.mods_end), c.formation, c.number)
            )
    for rx in (R.FORCE_NOUN_RE, R.FORMATION_RE, R.PRESENCE_RE):
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in covered) or any(a <= m.start() < b for a, b, *_ in candidates):
                continue
            noun = m.group(0)
            if rx is R.PRESENCE_RE and R.PRESENCE_OF_THINGS_RE.match(text, m.end()):
                continue  # "deployments of long-range missiles"
            if rx is R.FORCE_NOUN_RE:
                kind = "aircraft" if R.DESIGNATOR_RE.match(noun) else R.NOUN_KIND.get(noun.lower(), "troops")
            elif rx is R.FORMATION_RE:
                kind = "other" if noun.lower() == "headquarters" else "troops"
            else:
                kind = "troops"
            candidates.append(
                (m.start(), m.end(), noun, kind, "exact", (m.start(), m.start()), rx is R.FORMATION_RE, None)
            )
    del candidates[MAX_PER_SENTENCE:]
    for start, end, noun, kind, qualifier, (mods_a, mods_b), is_formation, number in candidates:
        window_start = max(0, start - 60)
        # sender: a national word right before the noun ("British troops",
        # "US military presence", "Nato battlegroups"), or "troops from X, Y and Z".
        senders = []
        pre_mods = _PRE_MODS_RE.search(text[window_start:start])
        mods_start = window_start + (pre_mods.start() if pre_mods else len(text[window_start:start]))
        direct = [
            m
            for m in s.mentions
            if ((mods_start <= m.start and m.end <= start) or (mods_a <= m.start and m.end <= mods_b))
            and m.kind in SENDER_KINDS
            and not (m.kind == "demonym" and R.PLACE_NOUN_RE.match(text, m.end))
            and not any(g.start <= m.start < g.end for g in s.hosts)
            and not R.NOT_DIRECT_BETWEEN_RE.search(text, m.end, start)
        ]
        if R.AS_PART_OF_RE.search(text, max(0, start - 60), start):
            continue  # "... 600 troops to Finland as part of Nato's forward land forces"
        # "withdraw its forces from Romania": after a withdrawal, "from" names the host
        froms = [] if R.DECREASE_RE.search(text, max(0, start - 40), start) else _from_list(s, end)
        if direct and direct[-1].kind == "nato" and froms:
            senders = froms  # "NATO troops from Britain, France and the U.S."
        elif direct:
            senders = [direct[-1]]
            if direct[-1].kind == "nato" and is_formation:
                # "Canada has led the Nato battlegroup in Latvia": the lead nation's
                lead = _nearest_sender_before(s, direct[-1].start)
                if (
                    lead is not None
                    and lead.kind != "nato"
                    and R.LEADS_BETWEEN_RE.fullmatch(text, lead.end, direct[-1].start)
                ):
                    senders = [lead]
        elif len(froms) >= 2:
            senders = froms
        if not senders:
            near = _nearest_sender_before(s, start)
            # a leader names the sender of a count ("Biden ordered 2,000 troops"),
            # not of bare forces ("Trump arrives at the summit in France")
            if near is not None and start - near.end <= 160 and near.kind != "leader":
                senders = [near]
        if not senders:
            # "Paratroopers from the 82nd Airborne Division have arrived in Poland"
            senders = [
                m
                for m in s.mentions
                if m.kind == "formation"
                and (
                    (
                        end <= m.start <= end + 60
                        and (gap := _FORMATION_GAP_RE.match(text, end, m.start))
                        and gap.end() == m.start
                    )
                    or (m.end <= start and _FORMATION_OWNS_RE.fullmatch(text, m.end, start))
                )
            ][:1]
        if not senders:
            continue
        hosts_c = Count(number, None, None, qualifier, kind, start, end, noun, start, start, "null", is_formation)
        window_end = end
        for sender in senders:
            contributor = own = sender.codes[0]
            if not gaz.is_member(own, published):
                continue
            if sender.kind == "formation" and (named is None or own not in named()):
                contributor = None  # a formation in a text that never names its state
            if sender.kind == "nato" and sender.text in R.WEAK_NATO and not direct:
                continue
            hosts = _choose_hosts(s, hosts_c, own)
            if hosts is None or (is_formation and hosts in numbered_hosts):
                continue  # "1,700 troops to a multinational battle group it leads in Estonia"
            if R.LED_AFTER_RE.match(text, sender.end) and any(f.hosts == hosts for f in out):
                continue  # "Danish soldiers landed in Latvia, joining the Canadian-led battlegroup"
            host_group = next((g for g in s.hosts if tuple(x for x in g.codes if x != own) == hosts), None)
            if (
                host_group is not None
                and host_group.start > end
                and R.FORCE_NOUN_RE.search(text, end, host_group.start)
            ):
                continue  # "a frigate to the Baltic Sea and F-16 warplanes to Lithuania": the host is the jets'
            if (
                host_group is not None
                and host_group.start > end
                and len(senders) == 1
                and any(end <= m.start < host_group.start and m.codes != sender.codes for m in s.senders)
            ):
                continue  # "Lithuania's German-led battalion, Canada is set to lead one in Latvia"

            lo = min(sender.start, start)
            hi = max(window_end, host_group.end if host_group else end)
            span = text[max(0, lo - 25) : hi]
            lead = text[_clause_start(text, lo) : lo]
            if (
                R.NEGATION_RE.search(span)
                or R.REQUEST_RE.search(span)
                or R.COUNT_NEGATION_RE.search(lead)
                or R.NULL_LEAD_REQUEST_RE.search(lead)
                or R.NOT_DEPLOYMENT_RE.search(text, max(0, lo - 25), hi + 40)
                or R.AT_HOME_RE.search(text, max(0, lo - 25), hi + 40)
            ):
                continue
            if not R.DEPLOY_RE.search(text[max(0, lo - 30) : hi]):
                continue
            vague = qualifier == "vague" or bool(R.VAGUE_AMOUNT_RE.search(text, window_start, start))
            out.append(
                make(
                    hosts_c,
                    contributor,
                    hosts,
                    "null-count/"
                    + (
                        "from"
                        if len(senders) > 1
                        else "mod"
                        if direct
                        else "formation"
                        if sender.kind == "formation"
                        else "subject"
                    ),
                    qualifier="vague" if vague else qualifier,
                )
            )
    return _drop_nato_frames(out)


def _drop_nato_frames(out: list[Figure]) -> list[Figure]:
    """ "French soldiers have arrived in Romania, where they will lead a Nato
    battlegroup": the alliance formation is the frame of the national figure."""
    national = {f.hosts for f in out if f.contributor != "NATO"}
    return [f for f in out if not (f.contributor == "NATO" and f.count is None and f.hosts in national)]


def _anaphoric_figures(s: Sentence, prev_figures: list[Figure], found: list[Figure]) -> list[Figure]:
    """ "Britain will commit an extra 1,000 troops to Nato's eastern flank. The
    forces will be earmarked for the defence of Estonia": a sentence opening on
    a definite force noun ("The forces", "These troops") names a new host for
    the previous sentence's (single) troop count."""
    m = R.ANAPHORA_RE.match(s.text)
    if not m:
        return []
    troops = [f for f in prev_figures if f.count is not None and f.kind == "troops"]
    if len(troops) != 1:
        return []
    antecedent = troops[0]
    c = Count(None, None, None, "exact", "troops", m.start(), m.end(), "", m.end(), m.end(), "anaphora")
    hosts = _choose_hosts(s, c, antecedent.contributor)
    if hosts is None or hosts == antecedent.hosts:
        return []
    head = s.text[: (next((g.end for g in s.hosts if g.start >= m.end()), m.end()))]
    if R.NEGATION_RE.search(head) or R.REQUEST_RE.search(head) or not R.DEPLOY_OR_ASSIGN_RE.search(head):
        return []
    if R.INCLUDE_RE.search(head):
        return []  # "The forces include a unit headed to Greece and ...": a part, not the whole
    return [
        replace(
            antecedent,
            hosts=hosts,
            sentence=s.text,
            start=s.start,
            end=s.start + len(s.text),
            rule="anaphora/previous-sentence-count",
        )
    ]


def _deictic_host(s: Sentence, c: Count, contributor: str, previous) -> tuple[tuple[str, ...] | None, str]:
    """A host named by reference after the count:

    - "... while Belgium is sending 300 to the same country": the last host before;
    - "Nato troops on its territory" (after "Slovakia's parliament approved"):
      the country named before the count (not the sender);
    - "to the region", when the previous sentence names one place ("Russia has
      massed troops near Estonia. The UK is sending jets to the region").
    """
    text = s.text
    m = R.DEICTIC_HOST_RE.match(text, c.end)
    if m is None:
        return None, ""
    if m.group("same"):
        before = [g for g in s.hosts if g.end <= c.start]
        codes = tuple(x for x in before[-1].codes if x != contributor) if before else ()
        return (codes or None), "+same-place"
    if m.group("its"):
        owners = [
            x.codes
            for x in s.mentions
            if x.end <= c.start
            and x.kind == "country"
            and x.codes[0] != contributor
            and x.codes[0] not in R.NEVER_HOSTS
        ]
        return (owners[-1] if owners else None), "+its-territory"
    prev = previous()
    if prev is None:
        return None, ""
    places = {
        x.codes
        for x in prev.mentions
        if x.kind in ("country", "group", "place")
        and not R.INSTITUTION_NEXT_RE.match(prev.text, x.end)
        and not any(code in R.NEVER_HOSTS or code == contributor for code in x.codes)
    }
    if len(places) == 1:
        return places.pop(), "+region-previous-sentence"
    return None, ""


EASTERN_FLANK_HOSTS = frozenset({"EE", "LV", "LT", "PL", "RO", "BG", "HU", "SK", "CZ", "FI"})


def _hosts_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if set(a) & set(b) or "EUROPE" in a or "EUROPE" in b:
        return True
    return ("EASTERN_FLANK" in a and bool(EASTERN_FLANK_HOSTS & set(b))) or (
        "EASTERN_FLANK" in b and bool(EASTERN_FLANK_HOSTS & set(a))
    )


def _may_carry_sender(s: Sentence, c: Count, contributor: str, hosts, prev_figures) -> bool:
    """A count with no sender in its sentence takes the previous sentence's
    only when the sentence refers back to those forces: a pronoun or definite
    phrase ("They include about 30,000 troops", "The 800 troops will ..."),
    an enumeration ("First, about 150 soldiers ..."), a previous sentence with
    no figure of its own and no unit named here, or a part of a figure of
    the previous sentence by that sender (no larger, overlapping hosts:
    "... 3,000 troops to Poland and Romania. Some 1,000 soldiers ... will move
    to Romania"). Not "800 British troops arrived in Estonia. The 173rd
    Airborne Brigade sent 600 paratroopers to Latvia" (another unit, another host)."""
    lead = s.text[_clause_start(s.text, c.start) : c.start]
    if R.ANAPHORIC_LEAD_RE.search(lead) or R.ENUMERATION_OPENER_RE.match(s.text):
        return True
    if not prev_figures:
        # the previous sentence announced forces without a figure of its own
        # ("The Dutch defence ministry announced a new rotation. 250 soldiers
        # will go to Lithuania"), unless this one names a unit of its own
        return not R.UNIT_NAME_RE.search(s.text)
    for f in prev_figures:
        if f.contributor != contributor:
            continue
        if f.count is not None and c.count is not None and c.count > f.count:
            continue
        if _hosts_overlap(f.hosts, hosts):
            return True
    return False


def _has_place(s: Sentence) -> bool:
    """Does the sentence name a place (then it does not borrow the previous sentence's host)?"""
    return any(m.kind in ("country", "group", "region", "place", "metonym") for m in s.mentions)


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One figure per (contributor, hosts, count); null counts only when no
    numbered figure shares contributor and hosts."""
    seen: set[tuple] = set()
    numbered_pairs = {(f.contributor, f.hosts) for f in figures if f.count is not None}
    out = []
    for f in figures:
        if f.count is None and (f.contributor, f.hosts) in numbered_pairs:
            continue
        if f.key in seen:
            continue
        seen.add(f.key)
        out.append(f)
    return out
