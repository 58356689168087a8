"""Attributes of a frame: measure, status, kind and exercise (the qualifier is
read with the count, frames.py).

- **measure**: the count's own words first ("cut ... by 3,000" decreases,
  "grew ... to 1,100" is a total), then the noun ("3,000 more troops", "an
  additional 1,000", "the withdrawal of"), then the verb ("reinforce", "pull
  out", "bring home"). "Reduce to 5,500" is a total.
- **status**: the verb chain above the count, nearest first: a modal or
  "plans to", "set to", "is sending" is planned; "left", "withdrew", "went home"
  are ended, as is a past tense in a sentence dated before the article's year
  ("in 2009 Obama sent 30,000 more troops") or at a past peak; anything else in
  place ("arrived", "are stationed", "has 900 troops there") is present.
- **exercise**: an exercise or drill in the sentence (or the sentence the
  frame took its sender or host from).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Token

from .frames import Frame, premodifiers
from .lexicon import lexicon
from .vetoes import verb_chain

YEAR_RE = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
PAST_TIME_RE = re.compile(
    r"\b(?:at (?:its|their|the) (?:peak|height)|at the time|in the (?:19|20)\d0s|during the (?:cold war|surge|war)|"
    r"when (?:obama|bush|trump|clinton|he|she) took office|(?:years|decades) ago|back then|last (?:decade|century))\b",
    re.I,
)
MODIFIER_DEPS = frozenset({"amod", "det", "advmod", "compound", "nummod", "quantmod"})
PARTITIVES = frozenset(
    {
        "thousands",
        "hundreds",
        "dozens",
        "tens",
        "some",
        "all",
        "part",
        "most",
        "majority",
        "bulk",
        "number",
        "many",
        "rest",
    }
)
CHANGED_VERBS = frozenset(
    {"cut", "reduce", "trim", "slash", "increase", "raise", "boost", "double", "halve", "expand", "grow", "shrink"}
)
DECIDING_NOUNS = frozenset(
    {
        "authority",
        "permission",
        "approval",
        "plan",
        "plans",
        "decision",
        "order",
        "orders",
        "go-ahead",
        "pledge",
        "promise",
        "commitment",
        "agreement",
        "intention",
        "bid",
        "move",
        "proposal",
        "readiness",
        "willingness",
        "offer",
    }
)
# Verbs deciding a deployment to come: what they decide on is planned.
ORDERING_VERBS = frozenset({"authorise", "authorize", "approve", "order", "announce"})
DECIDING_VERBS = frozenset(
    {"authorise", "authorize", "approve", "order", "plan", "pledge", "announce", "promise", "agree"}
)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _particles(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}


def is_decrease_verb(verb: Token) -> bool:
    lex = lexicon()
    lemma = _lemma(verb)
    if lemma not in lex.decrease_verbs:
        return False
    needed = lex.decrease_particles.get(lemma)
    if needed is None:
        if lemma == "leave":
            # "the troops left Mali", "forced the French force to leave"; not "left 900 troops in place"
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if not objects and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
                return False  # "left for Romania": on their way there
            return not objects or any(_names_place(o) for o in objects) or bool(_particles(verb) & {"out", "home"})
        return lemma not in ("end", "go") or bool(_particles(verb) & {"out", "home"})
    return bool(_particles(verb) & needed)


def _names_place(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") or token.lower_ in ("country", "region", "area", "base")


def event_owner(frame: Frame) -> Token | None:
    """The noun of an event the forces are in: "the removal of U.S. forces", "the deployment
    of thousands of additional troops" (through "thousands of", "some of", "all of")."""
    token = frame.noun
    for _ in range(4):
        if token.dep_ != "pobj" or token.head.lower_ != "of":
            return None
        owner = token.head.head
        if owner.lower_ in lexicon().event_nouns or owner.lower_ in lexicon().presence_nouns:
            return owner
        if owner.lower_ not in PARTITIVES and frame.sentence.number(owner) is None:
            return None
        token = owner
    return None


def _increase_words(frame: Frame) -> str | None:
    """ "3,000 more troops", "an additional 1,000", "further armed forces", "1,000 troops more"."""
    lex = lexicon()
    own = [frame.anchor] if frame.borrowed_from is not None else [frame.noun]
    for token in own:
        words = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
        if token == frame.noun:
            words += [w for w in premodifiers(token) if w not in words]
        # "further armed forces": the parser hangs "further" on the adjective
        words += [g for c in words if c.dep_ == "amod" for g in c.children if g.dep_ == "advmod" and g.i < c.i]
        for child in words:
            word = child.lower_
            if word not in lex.increase_modifiers or word == "more" and child.nbor(1).lower_ == "than":
                continue
            if word == "new" and frame.role != "formation":
                continue
            if frame.borrowed_from is not None and _other_sender(frame):
                return "total"  # "9,800 US troops, and an additional 3,000 from other NATO nations"
            return "increase"
        if token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "more" and frame.number is not None:
            return "increase"
    if frame.number is not None and frame.borrowed_from is None:
        number_token = frame.sentence.head_token(frame.number)
        following = (
            number_token.nbor(1) if number_token is not None and number_token.i + 1 < len(number_token.doc) else None
        )
        if following is not None and following.lower_ == "more":
            return "increase"
    return None


def _verb_measure(frame: Frame, verb: Token) -> str | None:
    lex = lexicon()
    if is_decrease_verb(verb):
        if any(c.dep_ == "prep" and c.lower_ == "to" and _has_number(c, frame) for c in verb.children):
            return "total"  # "draw that number down to 5,500"
        return "decrease"
    # "forced a major French force to leave", "ordered the troops to withdraw"
    if frame.noun.dep_ == "dobj" and frame.noun.head == verb:
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and is_decrease_verb(child):
                return "decrease"
            if child.lower_ == "out" and any(g.lower_ == "of" for g in child.children):
                return "decrease"  # "ordered 2,000 troops out of Syria"
    scaled_up = _lemma(verb) in ("scale", "step", "ramp", "beef") and "up" in _particles(verb)
    increasing = (
        scaled_up
        or _lemma(verb) in lex.increase_verbs
        and _lemma(verb) not in ("raise", "grow", "top", "scale", "step")
    )
    to_a_count = any(c.dep_ == "prep" and c.lower_ == "to" and _has_number(c, frame) for c in verb.children)
    return "increase" if increasing and not to_a_count else None


def _changed_by_a_count(verb: Token, frame: Frame) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("by", "to") and _has_number(c, frame) for c in verb.children)


def measure(frame: Frame) -> str:
    lex = lexicon()
    how = frame.count_how
    chain = verb_chain(frame)
    verb = chain[0] if chain else None
    if how in ("change-from", "change-to"):
        return "total"
    if how == "change-by" and verb is not None:
        return (
            "decrease" if is_decrease_verb(verb) or _lemma(verb) in ("cut", "reduce", "trim", "slash") else "increase"
        )
    if frame.measure_hint:
        return frame.measure_hint
    if frame.role in ("presence", "operation"):
        implied = lex.presence_nouns.get(frame.noun.lower_, "total")
        if implied != "total":
            return implied
    found = _increase_words(frame)
    if found:
        return found
    if how == "nummod" and verb is not None and _changed_by_a_count(verb, frame):
        return "total"  # "cut the 12,000 US troops in Italy by 3,000": the 12,000 are there now
    owner = event_owner(frame)
    if owner is not None and lex.presence_nouns.get(owner.lower_, "total") != "total":
        return lex.presence_nouns[owner.lower_]
    if verb is not None:
        return _verb_measure(frame, verb) or "total"
    return "total"


def _has_number(prep: Token, frame: Frame) -> bool:
    """A count under the preposition: "by 3,000", "to 5,500" (not a date: "by May 2024")."""
    return any((number := frame.sentence.number(t)) is not None and not number.a_year for t in prep.subtree)


def _other_sender(frame: Frame) -> bool:
    source = frame.borrowed_from
    mine = {s.code for s in frame.senders}
    theirs = {s.code for s in source.senders} if source is not None else set()
    return bool(mine) and bool(theirs) and mine != theirs


NOW_WORDS = frozenset({"already", "currently", "still"})


def _noun_status(frame: Frame) -> str | None:
    """'the current 9,800 troops', 'the remaining 5,500', 'the former garrison', 'the planned withdrawal'."""
    owners = [frame.noun, frame.anchor]
    if frame.noun.dep_ == "pobj" and frame.noun.head.lower_ == "of":
        owners.append(frame.noun.head.head)  # "the current force of 9,800 troops"
    for token in owners:
        for child in token.children:
            word = child.lower_
            if child.dep_ in ("amod", "advmod", "compound") and word in ("current", "remaining", "existing", "present"):
                return "present"
            if child.dep_ == "amod" and word == "former":
                return "ended"
            if child.dep_ in ("amod", "acl") and word in ("planned", "proposed", "promised", "pledged", "expected"):
                return "planned"
        # "the 900 British soldiers already at Tapa", "the 8,400 already in Afghanistan"
        after = token.i + 1
        if (
            not frame.count_how.startswith("change")
            and after < len(token.doc)
            and token.doc[after].lower_ in NOW_WORDS
            and token.doc[after].dep_ == "advmod"
        ):
            return "present"
    return None


def _ready(frame: Frame, chain: list[Token]) -> bool:
    """Forces on standby for a named place are planned to go there."""
    words = lexicon().readiness_words
    return any(t.lower_ in words for head in [frame.noun, *chain[:1]] for t in head.subtree)


def status(frame: Frame, published: dt.date | None) -> str:
    if frame.status_hint:
        return frame.status_hint
    chain = verb_chain(frame)
    if chain and _participle_of_result(chain[-1]):
        chain.append(chain[-1].head)
        while len(chain) < 6 and chain[-1].dep_ in ("xcomp", "ccomp") and chain[-1].head.tag_.startswith("VB"):
            chain.append(chain[-1].head)  # "has directed the Pentagon to cut ..., capping the force at"
    found = _noun_status(frame)
    if found:
        return found
    if frame.count_how == "change-from":
        return "present"  # "grew from 800 to 1,100": the 800 never left
    if (
        frame.count_how == "nummod"
        and chain
        and _lemma(chain[0]) in CHANGED_VERBS
        and _changed_by_a_count(chain[0], frame)
    ):
        return "present"  # "will cut the 12,000 US troops in Italy by 3,000"
    if _ready(frame, chain):
        return "planned"
    if (
        chain
        and not (frame.measure == "decrease" and _completed(chain))
        and any(c.lower_ in lexicon().present_adverbs and c.dep_ in ("advmod", "npadvmod") for c in chain[0].children)
    ):
        return "present"  # (but "have already pulled out their contingents" is done)
    past_year = _dated_before(frame, published)
    past_time = past_year or PAST_TIME_RE.search(frame.sentence.text) is not None
    if past_time and chain and _past(chain[-1]):
        return "ended"  # "On December 2, 2009, Obama announced he was sending 30,000 more troops" (2017)
    if _future(chain) or _dated_after(frame, published, chain):
        return "planned"
    if past_time:
        return "ended"  # "U.S. and Polish soldiers attend ... training in Zagan, Poland in 2017" (2019)
    decrease = frame.measure == "decrease"
    if not chain:
        return "planned" if decrease else "present"  # "a withdrawal of U.S. forces" (a policy)
    verb = chain[0]
    if _lemma(verb) == "leave" and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return "present"  # "left for Romania": on their way
    if decrease:
        return "ended" if _completed(chain) else "planned"
    if _lemma(verb) in lexicon().ended_verbs and _past(verb):
        return "ended"
    return "present"


def _participle_of_result(verb: Token) -> bool:
    """'will add 200 troops, bringing the force there to 470': a participle with no subject
    of its own happens when the verb of its clause does."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.head.tag_.startswith("VB")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for c in verb.children)
    )


def _completed(chain: list[Token]) -> bool:
    """'were withdrawn', 'have pulled out', 'has since forced ... to leave', 'praised him for pulling out'."""
    for verb in chain[:3]:
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & {"has", "have", "had", "'ve", "’ve"} or _past(verb):
            return True
    return False


def _past(verb: Token) -> bool:
    """A completed past: 'sent', 'were withdrawn', 'had served' (not 'have deployed')."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("has", "have", "'ve", "’ve") for a in auxiliaries):
        return False
    if any(a.tag_ == "VBD" or a.lower_ in ("had", "was", "were", "did") for a in auxiliaries):
        return True
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and not auxiliaries and verb.dep_ in ("ROOT", "conj", "ccomp"))


def clause_chain(chain: list[Token]) -> list[Token]:
    """The chain up to the end of the noun's clause ("where Britain already has 1,700
    personnel deployed" is its own clause; "plans to send" and "said it will send" are not)."""
    out = []
    for verb in chain:
        out.append(verb)
        if verb.dep_ in ("relcl", "advcl", "acl") and not _participle_of_result(verb):
            break
    return out


def _future(chain: list[Token]) -> bool:
    lex = lexicon()
    chain = clause_chain(chain)
    for index, verb in enumerate(chain[:3]):
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxiliaries}
        if words & lex.planned_auxiliaries:
            return True
        if _lemma(verb) in ("go",) and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
            return True
        if (
            index > 0
            and _lemma(verb) in lex.planned_verbs
            and chain[index - 1].dep_ in ("xcomp", "ccomp", "dobj", "pcomp")
        ):
            return True
        if index == 0 and _lemma(verb) in DECIDING_VERBS and verb.tag_ in ("VBG", "VBZ", "VBP", "VB"):
            return True  # "is now authorising the largest scaling up of the US presence"
        if index == 0 and _lemma(verb) in ORDERING_VERBS:
            return True  # GUIDELINES: "approved", "ordered" are planned ("ordered 30,000 more troops to Afghanistan")
        if (
            index == 0
            and verb.tag_ == "VBG"
            and _lemma(verb) in lex.planned_progressives
            and any(a.lower_ in ("is", "are", "am", "'s", "'re", "’s", "’re") for a in auxiliaries)
        ):
            return True
        headline_plan = verb.tag_ == "VB" and verb.dep_ in ("ROOT", "ccomp")
        if (
            headline_plan
            and any(a.lower_ == "to" for a in auxiliaries)
            and any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children)
        ):
            return True  # a headline: "US to send 3,000 more troops to Poland"
        if verb.tag_ in ("VB",) and any(a.lower_ == "to" for a in auxiliaries):
            if index + 1 < len(chain) and (
                _lemma(chain[index + 1]) in lex.planned_verbs or _lemma(chain[index + 1]) == "be"
            ):
                return True
            if verb.head.lower_ in DECIDING_NOUNS:
                return True  # "gave Mattis authority to send", "plans to draw that number down"
        if (
            index == 0
            and verb.tag_ == "VBG"
            and not auxiliaries
            and verb.dep_ in ("ROOT", "ccomp", "acl")
            and (_lemma(verb) in lex.planned_progressives)
        ):
            return True  # a headline: "US SENDING MORE TROOPS TO NATO'S EASTERN FLANK"
        if any(
            c.lower_ in ("imminent", "forthcoming", "upcoming") for c in verb.children if c.dep_ in ("acomp", "attr")
        ):
            return True
        future = any(
            c.lower_ in lex.future_words for c in _own_subtree(verb) if c.dep_ in ("advmod", "amod", "npadvmod", "pobj")
        )
        if future and (_lemma(verb) != "be" or index == 0):
            return True
        if _lemma(verb) in ("set", "due", "poise", "slate", "schedule", "expect", "plan", "intend") and verb.tag_ in (
            "VBN",
            "VBZ",
            "VBP",
            "VBG",
        ):
            return True
    return False


def _own_subtree(verb: Token) -> list[Token]:
    """The verb's subtree without a joined clause of its own ("There are 4,000 U.S. troops
    in Poland, and another 1,000 are expected soon": "soon" is the other clause's)."""
    other = {
        t.i
        for c in verb.children
        if c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for t in c.subtree
    }
    return [t for t in verb.subtree if t.i not in other]


def _dated_after(frame: Frame, published: dt.date | None, chain: list[Token]) -> bool:
    """A present tense about a later year: 'after the mission finishes at the end of 2014' (2012)."""
    if published is None or not chain or chain[0].tag_ not in ("VBZ", "VBP", "VB"):
        return False
    years = [int(y) for y in YEAR_RE.findall(frame.sentence.text)]
    return bool(years) and min(years) > published.year


def _dated_before(frame: Frame, published: dt.date | None) -> bool:
    """The sentence names a year before the article's own ('in 2009', 'in 2011')."""
    if published is None:
        return False
    text = frame.sentence.text
    years = [int(y) for y in YEAR_RE.findall(text)]
    if not years:
        return False
    if re.search(r"\b(?:since|until|through|by|beyond|from)\s+(?:the end of\s+)?(?:19|20)\d\d\b", text, re.I):
        return False
    return max(years) < published.year


def exercise(frame: Frame, context) -> bool:
    """An exercise or drill in the sentence, or in the sentence before when this one
    continues its figures ("First, about 150 soldiers ... are arriving in Poland")."""
    if mentions_exercise(frame.sentence.text):
        return True
    if context is None or not context.exercise:
        return False
    same_sender = context.from_figures and {s.code for s in frame.senders} & set(context.senders)
    return bool(frame.context_used or same_sender)


def mentions_exercise(text: str) -> bool:
    low = text.lower()
    return bool(exercise_regex().search(low))


@lru_cache(maxsize=1)
def exercise_regex() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(lexicon().exercise_words, key=len, reverse=True))
    # "joint training", "bilateral military training" (not a "military training force")
    return re.compile(r"\b(?:" + words + r")\b|\b(?:joint|bilateral|multinational|combined)\s+(?:\w+\s+)?training\b")
