"""Frames: one possible figure each — a noun of forces, the count on it, and
(filled in by later stages) its sender, hosts, predicate and attributes.

A frame starts at an *anchor*: a noun of forces ("troops", "frigates", "F-16s"),
a formation ("battlegroup": counted as units, so no count) or a noun of
presence ("the US military presence", "the withdrawal of"). Its counts come
from the dependency tree, in this order:

1. ``nummod`` on the noun: "5,000 troops", "between 3,000 and 5,000 troops";
2. a strength: "a 1,000-strong battalion", "a 1,000-member battle group";
3. "of" + number: "a force of 5,000", "a battle group of 1,000";
4. a partitive: "one of its two aircraft carriers", "1,000 of its troops";
5. a verb of number: "American forces in Germany now number about 35,000";
6. a change: "grew from about 800 to roughly 1,100 soldiers", "cut ... by 3,000",
   "raise its force in Romania from 600 by another 400";
7. ellipsis: a number with no noun of its own takes the noun of a frame before
   it ("Italy 250 to Bulgaria", "and 90 to Poland", "on top of 1,700 stationed
   there", "an additional 3,000 from other Nato nations").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Token

from .lexicon import lexicon
from .numbers import Number
from .parse import ParsedSentence

NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
PREMODIFIER_TAGS = frozenset({"JJ", "JJR", "NN", "NNS", "NNP", "NNPS", "VBN", "VBG", "HYPH", "CC", "CD", "POS"})
STRENGTH_WORDS = frozenset({"strong", "member", "man", "person", "soldier", "troop", "personnel"})
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
TIME_UNITS = frozenset(
    {
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "decade",
        "century",
        "km",
        "kilometre",
        "kilometer",
        "mile",
        "percent",
        "per",
    }
)
# Participles that describe forces rather than govern them ("the remaining 2,500 troops").
PARTICIPLE_MODIFIERS = frozenset({"remain", "exist", "station", "deploy", "base", "planned"})
NUMBERING_WORDS = frozenset({"number", "numbers", "total", "totals", "numbered", "totalled", "totaled"})
NUMBER_VERBS = frozenset(
    {"number", "total", "reach", "stand", "exceed", "top", "amount", "swell", "grow", "climb", "peak"}
)
CHANGE_VERBS = frozenset(
    {
        "fall",
        "grow",
        "rise",
        "increase",
        "double",
        "triple",
        "treble",
        "raise",
        "boost",
        "expand",
        "cut",
        "reduce",
        "shrink",
        "drop",
        "decline",
        "draw",
        "go",
        "bring",
        "lift",
        "swell",
        "climb",
        "jump",
        "surge",
        "trim",
        "slash",
        "scale",
        "ramp",
        "step",
        "lower",
        "decrease",
        "halve",
        "augment",
        "reinforce",
        "bolster",
        "beef",
        "add",
        "up",
        "down",
        "set",
    }
)
# "eight Nato defence forces" are eight units; a head count of "forces" is larger.
SMALLEST_FORCE = 50
# Nouns that count the forces of a noun before them: "troop levels", "force numbers".
COUNTED_HEADS = frozenset(
    {"level", "levels", "number", "numbers", "total", "totals", "strength", "count", "ceiling", "cap"}
)
# "on top of 1,700", "the bulk of the extra 3,500": a number after these is still a count
PART_NOUNS = frozenset({"top", "addition", "bulk", "majority", "rest", "most", "all", "part", "half"})
PARTICIPLES_OF_PRESENCE = frozenset({"station", "deploy", "base", "serve", "post", "position", "garrison", "already"})


@dataclass
class Sender:
    code: str
    how: str  # phrase | possessive | from | led | battlegroup | subject | agent | pronoun | clause | previous | article
    token: Token | None = None


@dataclass
class Frame:
    """A candidate figure in one sentence."""

    sentence: ParsedSentence
    anchor: Token  # the noun of forces (or, for an elliptical count, the number)
    noun: Token  # the noun of forces the count is of
    role: str  # force | formation | presence | operation
    kind: str
    number: Number | None = None
    count: int | None = None
    count_max: int | None = None
    qualifier: str = "exact"
    count_how: str = (
        ""  # nummod | strength | of | partitive | number-verb | change-from | change-to | change-by | ellipsis
    )
    measure_hint: str | None = None  # total / increase / decrease decided by the count's own words
    status_hint: str | None = None
    borrowed_from: Frame | None = None  # the frame an elliptical count takes its noun from
    senders: list[Sender] = field(default_factory=list)
    hosts: tuple[str, ...] = ()
    host_how: str = ""
    host_tokens: tuple[Token, ...] = ()
    host_prep: str = ""  # the preposition that introduced the hosts ("to", "in"), "" for a purpose verb
    predicate: Token | None = None
    measure: str = "total"
    status: str = "present"
    exercise: bool = False
    veto: str | None = None
    context_used: bool = False  # sender or host came from the previous sentence
    evidence: list[str] = field(default_factory=list)
    own_sender: Token | None = None  # "11 Italian and 19 Hungarian soldiers": the name this count is of

    @property
    def numbered(self) -> bool:
        return self.count is not None


# --- anchors ----------------------------------------------------------------------


def _modifier_words(token: Token) -> list[str]:
    return [c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]


def _multiword_match(token: Token, entries, words_of=lambda entry: entry):
    """The lexicon entry for a noun whose words before it are in the text ("fighter jets")."""
    before = [t.lower_ for t in token.doc[max(0, token.i - 3) : token.i]]
    for entry in entries:
        need = words_of(entry)
        if not need or before[-len(need) :] == list(need):
            return entry
    return None


def _names_forces(mention, names_count: bool) -> bool:
    return mention is not None and (names_count or mention.kind in ("nato", "service", "formation"))


def premodifiers(token: Token) -> list[Token]:
    """The words right before a noun that can modify it, whatever the parser made of them."""
    doc = token.doc
    out = []
    i = token.i - 1
    while i >= 0 and token.i - i <= 6 and doc[i].tag_ in PREMODIFIER_TAGS:
        out.append(doc[i])
        i -= 1
    return out


def _has_military_word(token: Token, sentence: ParsedSentence, names_count: bool = True) -> bool:
    """Does the noun carry a word that makes it military: "military advisers", "the French
    force" (a state's name counts only for people nouns: "the US mission" is an embassy)."""
    lex = lexicon()
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det") or (
            child.dep_ == "prep" and child.lower_ in ("of", "from", "with")
        ):
            if child.lower_ in lex.military_modifiers or _names_forces(sentence.mention(child), names_count):
                return True
            if child.dep_ == "poss" and child.tag_ == "PRP$" and names_count:
                return True  # "its force", "their force": a state's force
            if child.dep_ == "nummod" and sentence.number(child) is not None:
                return True
            if child.dep_ == "prep":
                for grand in child.children:
                    if sentence.number(grand) is not None or _names_forces(sentence.mention(grand), names_count):
                        return True
                    if grand.lower_ in lex.force_nouns:
                        return True
            if any(
                g.lower_ in lex.military_modifiers or _names_forces(sentence.mention(g), names_count)
                for g in child.children
            ):
                return True
    # the words before the noun, whatever the parser made of them: "a NATO-led training and advising mission"
    for word in premodifiers(token):
        if word.lower_ in ("led", "-led") or word.lower_ in lex.military_modifiers:
            return True
        if _names_forces(sentence.mention(word), names_count) and word.dep_ != "pobj":
            return True
    return False


def _not_forces(token: Token) -> bool:
    lex = lexicon()
    return any(
        c.lower_ in lex.not_forces for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i
    )


def _in_name(token: Token) -> bool:
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.tag_ in ("NNP", "NNPS") and n.text[:1].isupper() for n in neighbours)


AIR_FORMATIONS = frozenset({"squadron", "squadrons", "wing", "wings", "flights"})
NAVAL_FORMATIONS = frozenset({"flotilla", "fleet"})


def _formation_kind(token: Token) -> str:
    """'two F-35 squadrons' are aircraft, 'a flotilla' ships; other formations are troops."""
    lex = lexicon()
    for word in premodifiers(token):
        if lex.designator.match(word.text) or lex.force_nouns.get(word.lower_, ((), ""))[0][1:] == ("aircraft",):
            return "aircraft"
        found = lex.force_nouns.get(word.lower_)
        if found and found[0][1] in ("aircraft", "ships"):
            return found[0][1]
    if token.lower_ in AIR_FORMATIONS:
        return "aircraft"
    if token.lower_ in NAVAL_FORMATIONS:
        return "ships"
    return "troops"


def anchor_role(token: Token, sentence: ParsedSentence) -> tuple[str, str] | None:
    """(role, kind) when the token is a noun of forces, a formation or a presence noun."""
    lex = lexicon()
    if token.tag_ not in NOUN_TAGS and not (token.lower_ in lex.force_nouns and token.tag_ in ("VBZ", "VBP", "JJ")):
        return None
    low = token.lower_
    if sentence.mention_of.get(token.i) is not None and sentence.mention_of[token.i].kind not in ("service",):
        mention = sentence.mention_of[token.i]
        # "Canadian Forces", "NATO Response Force", "the Marine Corps": a name, not the noun
        if mention.kind in ("nato", "formation") and low not in ("forces", "force", "troops"):
            return None
        if mention.kind not in ("nato", "formation", "service"):
            return None
    if _not_forces(token):
        return None
    if lex.designator.match(token.text):
        return ("force", "aircraft")
    if low in lex.weak_nouns and token.text[:1].isupper() and not token.is_sent_start and _in_name(token):
        return None  # "Air Force One", "the International Security Assistance Force"
    if low in lex.force_nouns:
        entry = _multiword_match(token, lex.force_nouns[low], lambda e: e[0])
        if entry is not None:
            if low in lex.weak_nouns and not entry[0] and not _has_military_word(token, sentence):
                return None
            return ("force", entry[1])
    if low in lex.formation_nouns:
        entry = _multiword_match(token, lex.formation_nouns[low])
        if entry is None:
            return None
        if not entry and low in lex.weak_formations and not _has_military_word(token, sentence, names_count=False):
            return None
        return ("formation", _formation_kind(token))
    if low in lex.presence_nouns:
        if low in lex.operation_nouns:
            return ("operation", "troops")
        return ("presence", "troops")
    return None


@lru_cache(maxsize=1)
def anchor_words() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex.force_nouns) | frozenset(lex.formation_nouns) | frozenset(lex.presence_nouns)


def find_anchors(sentence: ParsedSentence) -> list[tuple[Token, str, str]]:
    anchors = []
    words = anchor_words()
    for token in sentence.doc:
        if token.lower_ not in words and "-" not in token.text:
            continue
        found = anchor_role(token, sentence)
        if found is None:
            continue
        # "troop deployments", "Canadian Forces personnel", "NATO force numbers": the head noun is the anchor
        if token.dep_ == "compound" and anchor_role(token.head, sentence) is not None:
            continue
        # "US Marines commanding officer", "a troop carrier": a modifier of another noun
        modifier = token.dep_ in ("compound", "nmod") and token.head.tag_ in NOUN_TAGS
        if modifier and (found[0] != "force" or token.head.lower_ not in COUNTED_HEADS):
            continue
        anchors.append((token, *found))
    return anchors


# --- counts -----------------------------------------------------------------------


def is_count(number: Number, token: Token | None) -> bool:
    """A number that can be a head count: not a year, a date or an ordinal."""
    if number.vague:
        return True
    value = number.value
    if value is None or value <= 0:
        return False
    text = number.text.strip()
    if number.a_year:
        return False
    if token is not None:
        prev = token.doc[token.i - 1].lower_ if token.i else ""
        if prev in ("since", "until", "till", "in", "by") and text.isdigit() and len(text) == 4:
            return False
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if following is not None and following.lower_ in ("%", "percent", "pc", "per"):
            return False
        if following is not None and following.text in lexicon().unit_name_words and text.isdigit():
            return False  # "the 82 Airborne soldiers": a unit's name
        if MONTHS & {
            following.lower_ if following is not None else "",
            token.doc[token.i - 1].lower_ if token.i else "",
        }:
            return False  # "on 24 February", "on March 3": a date
        if following is not None and following.lemma_.lower() in TIME_UNITS:
            return False  # "every six months", "48 hours"
        previous = token.doc[token.i - 1] if token.i else None
        if (
            previous is not None
            and previous.text[:1].isupper()
            and text.isdigit()
            and len(text) <= 2
            and previous.tag_ in ("NNP", "NN", "NNPS")
        ):
            return False  # "Challenger 2 tanks", "Leopard 2": a model's name
    return True


def _range_partner(sentence: ParsedSentence, number: Number) -> Number | None:
    """The other bound of "between 3,000 and 5,000", "3,000 to 5,000", "3,000-5,000"."""
    text = sentence.text
    for other in sentence.numbers:
        if other is number or other.value is None:
            continue
        first, second = (number, other) if other.start > number.end else (other, number)
        between = text[first.end : second.start].strip().lower()
        if between in ("-", "–", "—", "to", "and", "or") and (
            between != "and" or text[max(0, first.start - 8) : first.start].strip().lower().endswith("between")
        ):
            return other
    return None


def qualifier_before(sentence: ParsedSentence, start: int) -> str | None:
    """The qualifier cue just before a number ("about", "more than", "up to")."""
    before = " " + sentence.text[max(0, start - 30) : start].lower().rstrip()
    for extra in ("", " an", " a", " the", " additional", " extra", " further", " another"):
        for cue, qualifier in lexicon().qualifier_cues:
            if before.endswith(" " + cue + extra):
                return qualifier
    return None


def make_count(frame: Frame, number: Number, how: str, ranged: bool = True) -> Frame:
    sentence = frame.sentence
    frame.number, frame.count_how = number, how
    if number.vague:
        frame.count, frame.qualifier = None, "vague"
        return frame
    partner = _range_partner(sentence, number) if ranged else None
    if partner is not None:
        low, high = sorted((number.value, partner.value))
        frame.count, frame.count_max, frame.qualifier = low, high, "range"
        frame.evidence.append("range")
        return frame
    frame.count = number.value
    frame.qualifier = qualifier_before(sentence, number.start) or _list_qualifier(frame) or "exact"
    return frame


def _list_qualifier(frame: Frame) -> str | None:
    """'about 30,000 troops, 220 aircraft and 50 vessels': the first count's qualifier covers the list."""
    noun = frame.anchor
    if noun.dep_ != "conj":
        return None
    first = noun.head
    while first.dep_ == "conj":
        first = first.head
    for child in first.children:
        number = frame.sentence.number(child) if child.dep_ == "nummod" else None
        if number is not None and not number.vague:
            return qualifier_before(frame.sentence, number.start)
    return None


def _number_child(token: Token, sentence: ParsedSentence, deps=("nummod",)) -> Number | None:
    for child in token.children:
        if child.dep_ in deps:
            number = sentence.number(child)
            if number is not None and is_count(number, child):
                return number
    return None


def _nummod(token: Token, sentence: ParsedSentence) -> Number | None:
    """'5,000 troops'; also 'the approximately 20,000 U.S. and NATO troops', where the parser
    hangs the number on the name before the noun."""
    found = _number_child(token, sentence, ("nummod", "amod", "compound", "nmod", "quantmod"))
    if found is not None:
        return found
    for child in token.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.i < token.i:
            # "a dozen fighter jets": the number hangs on "fighter"
            found = _number_child(child, sentence, ("nummod", "compound", "amod", "quantmod"))
            if found is not None:
                return found
            # "a frigate and 150 soldiers", tagged as if "frigate" modified "soldiers": the number
            # just before the noun is its count
            for conj in child.children:
                if conj.dep_ == "conj" and conj.i == token.i - 1:
                    found = _number_child(child, sentence, ("conj",))
                    if found is not None:
                        return found
    return None


def _strength(token: Token, sentence: ParsedSentence) -> Number | None:
    """'a 1,000-strong battalion', 'a 1,000-member battle group'."""
    for child in token.children:
        if child.lower_ in STRENGTH_WORDS and child.i < token.i:
            number = _number_child(child, sentence, ("nummod", "npadvmod", "advmod", "quantmod", "compound"))
            if number is not None:
                return number
            prev = token.doc[child.i - 1] if child.i else None
            if prev is not None and prev.text in ("-", "–"):
                prev = token.doc[child.i - 2] if child.i > 1 else None
            if prev is not None and sentence.number(prev) is not None:
                return sentence.number(prev)
    return None


def _of_number(token: Token, sentence: ParsedSentence) -> Number | None:
    """'a force of 5,000', 'a battle group of 1,000'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                number = sentence.number(grand)
                if number is not None and grand.dep_ == "pobj" and is_count(number, grand):
                    return number
    return None


def _partitive(token: Token, sentence: ParsedSentence) -> Number | None:
    """'one of its two new aircraft carriers', '1,000 of its troops'."""
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        owner = token.head.head
        number = sentence.number(owner)
        if number is not None and is_count(number, owner) and owner.i < token.i:
            return number
    return None


def _number_verb(token: Token, sentence: ParsedSentence) -> Number | None:
    """'American forces in Germany now number about 35,000', 'the total NATO force numbers about
    100,000', 'the number of U.S. personnel in Iraq is nearly 5,000'."""
    doc = token.doc
    verb = token.head if token.dep_ in ("nsubj", "nsubjpass") else None
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in COUNTED_HEADS:
        counted = token.head.head  # "the actual number of U.S. personnel in Iraq is nearly 5,000"
        if counted.dep_ == "nsubj" and counted.head.lemma_.lower() in ("be", *NUMBER_VERBS):
            verb = counted.head
    if verb is not None and (verb.lemma_.lower() in NUMBER_VERBS or verb.lemma_.lower() == "be" and verb != token.head):
        for child in verb.subtree:
            number = sentence.number(child)
            if number is not None and child.i > verb.i and is_count(number, child):
                return number
    # "the total Nato force in Kosovo numbers about 4,500", whatever the parser made of it
    for nxt in doc[token.i + 1 : token.i + 5]:
        if nxt.tag_.startswith("VB") and nxt.lower_ not in NUMBERING_WORDS:
            break
        if nxt.lower_ in NUMBERING_WORDS:
            if doc[nxt.i - 1].lower_ in ("a", "the", "its", "their"):
                break  # "at a total of four bases": a noun, not the verb
            for t in doc[nxt.i + 1 : nxt.i + 3]:
                number = sentence.number(t)
                if number is not None and is_count(number, t):
                    return number
            break
    return None


CAP_VERBS = frozenset({"cap", "limit", "keep", "hold", "freeze", "fix", "set", "put", "restrict", "maintain"})


def _capped_at(token: Token, sentence: ParsedSentence) -> Number | None:
    """'the bill caps at 4,000 the US troops allowed in Poland', 'keeps the force at 1,300'
    (whatever the parser hangs the noun on, it is in the verb's clause)."""
    for verb in sentence.doc:
        if verb.lemma_.lower() not in CAP_VERBS or not verb.tag_.startswith("VB") or token not in verb.subtree:
            continue
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "at":
                found = _pobj_number(child, sentence)
                if found is not None:
                    return found[0]
    return None


def counts_on_noun(frame: Frame) -> list[Frame]:
    """Steps 1-5: counts written on the noun itself."""
    token, sentence = frame.anchor, frame.sentence
    if frame.role == "formation":
        number = _strength(token, sentence) or _of_number(token, sentence)
        if number is not None:
            return [make_count(frame, number, "strength")]
    if frame.role != "force":
        if _vague_amount(token, sentence):
            frame.qualifier, frame.count_how = "vague", "vague"
        return [frame]
    if token.lower_ == "forces":
        number = _nummod(token, sentence)
        if number is not None and number.value is not None and number.value < SMALLEST_FORCE:
            frame.role = "formation"  # "eight Nato defence forces": eight units, not eight people
            return [frame]
    paired = _counts_by_state(token, sentence)
    if paired:
        return [make_count(replace(frame, evidence=[], own_sender=name), number, "nummod") for number, name in paired]
    for how, finder in (
        ("partitive", _partitive),
        ("nummod", _nummod),
        ("strength", _strength),
        ("of", _of_number),
        ("number-verb", _number_verb),
        ("capped", _capped_at),
    ):
        number = finder(token, sentence)
        if number is not None:
            made = make_count(frame, number, how)
            if (
                how == "capped"
                and made.qualifier == "exact"
                and any(t.lemma_.lower() in ("cap", "limit", "restrict") for t in token.doc)
            ):
                made.qualifier = "at_most"  # a cap is an upper bound
            return [made]
    vague = _vague_amount(token, sentence)
    if vague:
        frame.qualifier = "vague"
        frame.count_how = "vague"
    return [frame]


def _counts_by_state(token: Token, sentence: ParsedSentence) -> list[tuple[Number, Token]]:
    """'200 Italian and 300 Hungarian soldiers': a count before each state's name, each that
    state's."""
    pairs = []
    numbers = [c for c in token.children if c.dep_ == "nummod" and c.i < token.i]
    if token.dep_ == "conj" and token.head.i < token.i:
        # "500 US and 300 British troops": the parser may make the first name the head of the list
        numbers = [c for c in token.head.children if c.dep_ == "nummod" and c.i == token.head.i - 1] + numbers
    for child in numbers:
        number = sentence.number(child)
        name = child.nbor(1) if child.i + 1 < token.i else None
        mention = sentence.mention(name) if name is not None else None
        if number is None or not is_count(number, child) or mention is None or len(mention.codes) != 1:
            return []
        if mention.kind not in ("demonym", "country"):
            return []
        pairs.append((number, name))
    return pairs if len(pairs) > 1 else []


def _vague_amount(token: Token, sentence: ParsedSentence) -> bool:
    """'thousands of troops', 'several battalions', 'significant extra troops', 'small contingents'."""
    lex = lexicon()
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        owner = token.head.head
        definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in owner.children)
        if owner.lower_ == "number" and definite:
            return False  # "the number of US destroyers": a count referred to, not a vague amount
        if owner.lower_ in lex.vague_words or (sentence.number(owner) is not None and sentence.number(owner).vague):
            return True
    if token.dep_ == "appos" and token.head.lower_ in ("majority", "bulk", "most", "many", "some"):
        return True  # "20,000 Nato troops, the overwhelming majority of them US forces"
    for child in token.children:
        if child.dep_ in ("amod", "det", "nummod", "quantmod") and child.i < token.i:
            if child.lower_ in lex.vague_words and child.lower_ not in ("more", "some", "number"):
                return True
            number = sentence.number(child)
            if number is not None and number.vague:
                return True
    return False


def count_the_whole(frame: Frame) -> None:
    """'pull as many as 7,000 of the roughly 14,000 U.S. troops': the whole, where only it is a figure."""
    if frame.count_how == "partitive":
        whole = _nummod(frame.noun, frame.sentence)
        if whole is not None:
            make_count(frame, whole, "nummod")


def number_consumed(frames: list[Frame]) -> set[int]:
    return {id(f.number) for f in frames if f.number is not None}


def _pobj_number(prep: Token, sentence: ParsedSentence) -> tuple[Number, Token] | None:
    for child in prep.children:
        if child.dep_ in ("pobj", "dobj", "nummod", "quantmod", "npadvmod"):
            number = sentence.number(child)
            if number is not None and is_count(number, child):
                return number, child
            if child.lower_ not in lexicon().force_nouns and child.lemma_.lower() not in COUNTED_HEADS:
                continue  # "troops from 18 other countries": 18 counts countries
            for grand in child.children:
                if grand.dep_ == "nummod":
                    number = sentence.number(grand)
                    if number is not None and is_count(number, grand):
                        return number, child
    return None


def _change_numbers(prep: Token, sentence: ParsedSentence) -> list[tuple[str, Number, Token, bool]]:
    """The counts a preposition of change introduces: one, or two where the parser read
    "from about 13,000 to 8,600" as a single phrase (two counts, not a range)."""
    if prep.lower_ == "up":
        return []
    found = _pobj_number(prep, sentence)
    if found is None:
        return []
    if prep.lower_ == "from":
        numbered = [(t, sentence.number(t)) for t in prep.subtree if t.tag_ == "CD"]
        numbered = [(t, n) for t, n in numbered if n is not None and is_count(n, t)]
        if len(numbered) == 2 and any(
            t.lower_ == "to" for t in prep.subtree if numbered[0][0].i < t.i < numbered[1][0].i
        ):
            (first, low), (second, high) = numbered
            return [("from", low, first, False), ("to", high, second, False)]
    return [(prep.lower_, *found, True)]


def _own_subject(verb: Token, frame: Frame) -> bool:
    """'... will be based in the UK, and the number of US destroyers ... will rise from four to
    six': a joined verb whose subject is other forces."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and frame.anchor not in c.subtree for c in verb.children)


def change_counts(frames: list[Frame], sentence: ParsedSentence) -> list[Frame]:
    """Step 6: 'grew from about 800 to roughly 1,100 soldiers', 'cut the 12,000 US troops
    in Italy by 3,000', 'raise its force in Romania from 600 by another 400'."""
    out = []
    used = number_consumed(frames)
    for frame in frames:
        verb = _governing_verb(frame.anchor)
        if verb is None:
            continue
        if frame.anchor.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in verb.children):
            continue  # "The deployment brings the number of US troops in Poland to 10,000": the object changes
        # "would be increased – doubled or trebled to between 3,000 and 5,000 troops",
        # "is expected to grow to around 2,100 troops", "are on track to fall to 4,500"
        related = [
            verb,
            *(v for v in verb.conjuncts if not _own_subject(v, frame)),
            *(c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB"),
        ]
        related += [
            g
            for c in verb.children
            if c.dep_ in ("prep", "acomp")
            for g in c.subtree
            if g.dep_ in ("xcomp", "acl") and g.tag_.startswith("VB")
        ]
        verbs = [v for v in related if v.lemma_.lower() in CHANGE_VERBS]
        if verbs and verb not in verbs:
            verbs.append(verb)  # "troop numbers are on track to fall to 4,500 ..., from about 8,600 now"
        preps = [
            c
            for v in verbs
            for c in v.children
            if c.dep_ in ("prep", "agent", "advmod", "prt") and c.lower_ in ("from", "to", "by", "up")
        ]
        for particle in [c for v in verbs for c in v.children if c.dep_ in ("prt", "advmod")]:
            preps.extend(c for c in particle.children if c.dep_ == "prep" and c.lower_ in ("from", "to", "by"))
        if verbs:
            # "cut the number of U.S. troops stationed in Germany by 9,500": the parser hangs
            # the change on the participle
            preps.extend(
                c
                for acl in frame.anchor.children
                if acl.dep_ == "acl" and acl.tag_ == "VBN"
                for c in acl.children
                if c.dep_ in ("agent", "prep") and c.lower_ == "by"
            )
        for how, number, token, ranged in (found for prep in preps for found in _change_numbers(prep, sentence)):
            # the noun of the number itself, when it has one ("to roughly 1,100 soldiers")
            own = next((f for f in frames if f.anchor == token), None)
            if own is None and id(number) in used:
                continue
            if own is not None:
                own.count_how = "change-" + how
                if own is not frame:
                    own.borrowed_from = frame  # "forces in the Baltic states ... doubled to 3,000-5,000 troops"
                continue
            new = Frame(sentence, token, frame.noun, frame.role, frame.kind, borrowed_from=frame)
            make_count(new, number, "change-" + how, ranged)
            used.add(id(number))
            out.append(new)
    return out


def referring_changes(frames: list[Frame], sentence: ParsedSentence) -> list[Frame]:
    """'... has close to 10,000 troops in Afghanistan, ... plans to draw that number down to
    5,500', 'cut the number of U.S. troops ..., capping the force at 25,000': a change or a
    cap of forces named earlier in the sentence."""
    out = []
    used = number_consumed(frames)
    counted = [f for f in frames if f.role == "force" and (f.numbered or f.count_how == "vague")]
    if not counted:
        return out
    for verb in sentence.doc:
        lemma = verb.lemma_.lower()
        if lemma not in CHANGE_VERBS and lemma not in CAP_VERBS or not verb.tag_.startswith("VB"):
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
        if not any(o.lemma_.lower() in REFERRING_NOUNS and o.i > 0 and o.nbor(-1).lower_ != "a" for o in objects):
            continue
        source = next((f for f in reversed(counted) if f.anchor.i < verb.i), None)
        if source is None:
            continue
        words = ("to", "by") if lemma in CHANGE_VERBS else ("at",)  # "capping the force at 25,000"
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in words]
        for particle in (c for c in verb.children if c.dep_ in ("prt", "advmod")):
            preps.extend(c for c in particle.children if c.dep_ == "prep" and c.lower_ in words)
        for prep in preps:
            found = _pobj_number(prep, sentence)
            if found is None or id(found[0]) in used:
                continue
            new = Frame(sentence, found[1], source.noun, source.role, source.kind, borrowed_from=source)
            make_count(new, found[0], "capped" if prep.lower_ == "at" else "change-" + prep.lower_)
            used.add(id(found[0]))
            out.append(new)
    return out


REFERRING_NOUNS = frozenset({"number", "figure", "total", "level", "force", "presence", "contingent", "deployment"})


def _governing_verb(token: Token) -> Token | None:
    """The verb the noun is an argument of: 'sent' in 'Britain sent 900 troops' (not a
    participle the parser made its head: 'withdraw all remaining 2,500 US troops')."""
    head = token
    for _ in range(6):
        if head.dep_ in ("ROOT",) and not head.tag_.startswith(("VB", "MD")):
            # "The first of about 3,500 American soldiers ... rolled into western Poland": the
            # parser made the subject the root and its verb a clause on it
            return next(
                (c for c in head.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ", "VBP") and c.i > token.i),
                None,
            )
        head = head.head
        if (
            head.i < token.i
            and head.tag_ in ("VBG", "VBN")
            and head.lemma_.lower() in PARTICIPLE_MODIFIERS
            and head.dep_ in ("amod", "advcl", "acl", "compound")
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
            and head.head != head
        ):
            continue
        if head.tag_.startswith("VB") or head.tag_ == "MD":
            return head
        if head.head == head:
            return head if head.tag_.startswith("VB") else None
    return None


def governing_verb(token: Token) -> Token | None:
    return _governing_verb(token)


ADDED_WORDS = frozenset({"another", "more", "extra", "additional", "further"})


def elliptical_counts(frames: list[Frame], sentence: ParsedSentence) -> list[Frame]:
    """Step 7: numbers with no noun of their own, after a frame whose noun they take."""
    out = []
    used = number_consumed(frames)
    counted = [f for f in frames if f.role == "force"]
    if not frames:
        return out
    doc = sentence.doc
    lex = lexicon()
    for number in sentence.numbers:
        if id(number) in used or number.value is None:
            continue
        token = sentence.head_token(number)
        if token is None or not is_count(number, token) or number.value < 2:
            continue
        # the number must not count something else ("3,000 kilometres", "2,000 civilians")
        quantified = token.head if token.dep_ in ("nummod", "quantmod") else None
        while quantified is not None and quantified.tag_ == "CD" and quantified.dep_ in ("nummod", "quantmod"):
            quantified = quantified.head  # "every six to nine months": the range counts months
        if (
            quantified is not None
            and quantified.tag_ in NOUN_TAGS
            and sentence.mention(quantified) is None
            and quantified.lower_ not in lex.force_nouns
        ):
            continue
        named = sentence.mention(quantified) if quantified is not None else None
        # "Italy 250 to Bulgaria", "the extra 3,500 Berlin intends to contribute" (not "four Americans")
        names_sender = named is not None and named.kind in ("country", "capital", "nato", "metonym")
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.tag_ in NOUN_TAGS:
            owner = token.head.head
            if not (
                owner.lower_ in lex.force_nouns or owner.lower_ in lex.formation_nouns or owner.lower_ in PART_NOUNS
            ):
                continue  # "a crew of four" (but "on top of 1,700 stationed there")
        # the following words: a force noun already counted, a place, a sender, a participle of presence
        follow = doc[token.i + 1 : token.i + 4]
        nxt = follow[0] if len(follow) else None
        in_place = nxt is not None and (nxt.lower_ == "already" or nxt.lemma_.lower() in PARTICIPLES_OF_PRESENCE)
        up_from = token.dep_ == "pobj" and token.head.lower_ == "from" and token.head.head.lower_ in ("up", "down")
        # "and 90 to Poland" needs a count before it; "the 8,400 already in Afghanistan" and
        # "the extra 3,500 Berlin intends to contribute" only a noun of forces
        sources = frames if names_sender else counted
        before = [f for f in sources if f.anchor.i < token.i and (f.numbered or in_place or names_sender)]
        if not before:
            continue
        source = before[-1]
        gap_ok = False
        if nxt is not None:
            if nxt.lower_ in lex.host_prepositions or nxt.lower_ in ("from", "of", "who", "that", "which", "already"):
                gap_ok = True
            elif nxt.lemma_.lower() in PARTICIPLES_OF_PRESENCE or (nxt.dep_ == "acl" and nxt.head == token):
                gap_ok = True  # "on top of 1,700 stationed there", "another 400 moving from Germany to Slovakia"
            elif nxt.is_punct or nxt.lower_ in ("and", "or", "more", "extra", "additional"):
                gap_ok = token.dep_ in ("pobj", "dobj", "conj", "appos", "nummod", "attr", "nsubj", "nsubjpass")
            elif token.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ in ADDED_WORDS for c in token.children):
                gap_ok = True  # "..., and another 1,000 are expected soon"
        if not gap_ok and not names_sender and not up_from:
            continue
        new = Frame(sentence, token, source.noun, "force", source.kind, borrowed_from=source)
        make_count(new, number, "change-from" if up_from else "ellipsis")
        used.add(id(number))
        out.append(new)
    return out


def anaphoric_count(frame: Frame, context) -> None:
    """'Britain will commit an extra 1,000 troops to the eastern flank. The forces will be
    earmarked for the defence of Estonia': a definite noun of forces opening the next
    sentence is the one count the sentence before gave (its own host decides the figure)."""
    if frame.numbered or frame.role != "force" or context is None:
        return
    same_kind = [f for f in context.counted if f.kind == frame.kind]
    if len(same_kind) != 1:
        return
    noun = frame.noun
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.tag_ != "NNS":
        return
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children):
        return
    if any(c.dep_ in ("amod", "compound") for c in noun.children):
        return  # "the 82 Airborne soldiers", "the German troops": a part, not the whole
    earlier = same_kind[0]
    frame.count, frame.count_max, frame.qualifier = earlier.count, earlier.count_max, earlier.qualifier
    frame.count_how, frame.measure_hint = "anaphora", earlier.measure


def mark_changes(frames: list[Frame]) -> None:
    """A count under "from", "to" or "by" of a word of change is that change's start, end or
    step, whatever the parser tagged the word ("set to almost double from 3,400 troops ... to
    more than 6,000", where it made "double" an adjective)."""
    for frame in frames:
        if not frame.numbered or frame.count_how.startswith("change"):
            continue
        token = frame.anchor if frame.borrowed_from is not None else frame.noun
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in ("from", "to", "by"):
            continue
        if prep.head.lemma_.lower() in CHANGE_VERBS or prep.head.lower_ in CHANGE_VERBS:
            frame.count_how = "change-" + prep.lower_


PRONOUN_OBJECTS = frozenset({"them", "those", "these"})
REST_WORDS = frozenset({"rest", "remainder", "others"})


def anaphoric_frames(sentence: ParsedSentence, context) -> list[Frame]:
    """Counts of forces the sentence before named, in a sentence that names no forces itself:
    'The United States contributes about 650 of them', 'Four are in the Baltic states and
    Poland', 'The rest are due in Lithuania, Latvia and Estonia'. A count of formations
    (the sentence before spoke of battlegroups) is a count of units: no count."""
    if context is None or not context.noun_role:
        return []
    out = []
    for token in sentence.doc:
        number = sentence.number(token)
        of_them = any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in PRONOUN_OBJECTS for g in c.children)
            for c in token.children
        )
        subject = token.dep_ in ("nsubj", "nsubjpass") and token.head.tag_.startswith("VB")
        # "The Netherlands is to send a further 200."
        added = token.dep_ in ("dobj", "pobj") and any(c.lower_ in ADDED_WORDS for c in token.children)
        if (
            number is not None
            and is_count(number, token)
            and (of_them or subject or added)
            and token == sentence.head_token(number)
        ):
            frame = Frame(sentence, token, token, context.noun_role, context.noun_kind)
            if context.noun_role == "formation":
                frame.count_how = "referred"
            else:
                make_count(frame, number, "referred")
            out.append(frame)
        elif token.lower_ in REST_WORDS and subject and any(c.lower_ == "the" for c in token.children):
            out.append(Frame(sentence, token, token, context.noun_role, context.noun_kind, count_how="referred"))
    return out


def frames_for(sentence: ParsedSentence) -> list[Frame]:
    """Every frame of a sentence: anchors with their counts, then changes and ellipses."""
    frames: list[Frame] = []
    for token, role, kind in find_anchors(sentence):
        frame = Frame(sentence, token, token, role, kind)
        frames.extend(counts_on_noun(frame))
    frames.extend(change_counts(frames, sentence))
    frames.extend(referring_changes(frames, sentence))
    frames.extend(elliptical_counts(frames, sentence))
    mark_changes(frames)
    sentence.frames = frames
    frames.sort(key=lambda f: f.anchor.i)
    return frames
