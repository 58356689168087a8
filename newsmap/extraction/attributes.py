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

from spacy.tokens import Token

from .frames import Frame
from .lexicon import lexicon
from .vetoes import verb_chain

YEAR_RE = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
PAST_TIME_RE = re.compile(
    r"\b(?:at (?:its|their|the) (?:peak|height)|at the time|in the (?:19|20)\d0s|during the (?:cold war|surge|war)|"
    r"when (?:obama|bush|trump|clinton|he|she) took office|(?:years|decades) ago|back then|last (?:decade|century))\b",
    re.I,
)
# Verbs deciding a deployment to come: what they decide on is planned.
DECIDING_VERBS = frozenset({"authorise", "authorize", "approve", "order", "plan", "pledge", "announce", "promise", "agree"})


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
        return lemma not in ("leave", "end", "go") or bool(_particles(verb) & {"out", "home"})
    return bool(_particles(verb) & needed)


def measure(frame: Frame) -> str:
    lex = lexicon()
    how = frame.count_how
    chain = verb_chain(frame)
    verb = chain[0] if chain else None
    if how in ("change-from", "change-to"):
        return "total"
    if how == "change-by" and verb is not None:
        return "decrease" if is_decrease_verb(verb) or _lemma(verb) in ("cut", "reduce", "trim", "slash") else "increase"
    if frame.measure_hint:
        return frame.measure_hint
    if frame.role in ("presence", "operation"):
        implied = lex.presence_nouns.get(frame.noun.lower_, "total")
        if implied != "total":
            return implied
    for token in (frame.noun, frame.anchor):
        for child in token.children:
            if child.dep_ in ("amod", "det", "advmod", "compound", "nummod", "quantmod") and child.i < token.i:
                word = child.lower_
                if word in lex.increase_modifiers and not (
                    word == "more" and token.doc[child.i + 1].lower_ == "than"
                ):
                    if word == "new" and frame.role != "formation":
                        continue
                    if frame.borrowed_from is not None and _other_sender(frame):
                        return "total"  # "9,800 US troops, and an additional 3,000 from other NATO nations"
                    return "increase"
        # "1,000 more soldiers", "4,000 troops more"
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.lower_ == "more" and token is frame.anchor and frame.number is not None:
            return "increase"
    if frame.number is not None:
        number_token = frame.sentence.head_token(frame.number)
        if number_token is not None and number_token.i + 1 < len(number_token.doc):
            if number_token.doc[number_token.i + 1].lower_ == "more":
                return "increase"
    if verb is not None:
        if is_decrease_verb(verb):
            if any(c.dep_ == "prep" and c.lower_ == "to" and _has_number(c, frame) for c in verb.children):
                return "total"  # "draw that number down to 5,500"
            return "decrease"
        scaled_up = _lemma(verb) in ("scale", "step", "ramp", "beef") and "up" in _particles(verb)
        if scaled_up or _lemma(verb) in lex.increase_verbs and _lemma(verb) not in ("raise", "grow", "top", "scale", "step"):
            if not any(c.dep_ == "prep" and c.lower_ == "to" and _has_number(c, frame) for c in verb.children):
                return "increase"
    return "total"


def _has_number(prep: Token, frame: Frame) -> bool:
    return any(frame.sentence.number(t) is not None for t in prep.subtree)


def _other_sender(frame: Frame) -> bool:
    source = frame.borrowed_from
    mine = {s.code for s in frame.senders}
    theirs = {s.code for s in source.senders} if source is not None else set()
    return bool(mine) and bool(theirs) and mine != theirs


def status(frame: Frame, published: dt.date | None) -> str:
    lex = lexicon()
    if frame.status_hint:
        return frame.status_hint
    chain = verb_chain(frame)
    past_sentence = _dated_before(frame, published)
    for token in (frame.noun, frame.anchor):
        for child in token.children:
            word = child.lower_
            if child.dep_ in ("amod", "advmod", "compound") and word in ("current", "remaining", "existing", "present"):
                return "present"
            if child.dep_ in ("amod",) and word in ("former",):
                return "ended"
            if child.dep_ in ("amod", "acl") and word in ("planned", "proposed", "promised", "pledged", "expected"):
                return "planned"
    if chain and any(c.lower_ in ("already", "currently", "now", "still") and c.dep_ == "advmod" for c in chain[0].children):
        return "present"
    if past_sentence and chain and _past(chain[-1]):
        return "ended"  # "On December 2, 2009, Obama announced he was sending 30,000 more troops" (2017)
    how = frame.count_how
    if how == "change-from":
        return "ended" if chain and _past(chain[0]) and not _future(chain) else "present"
    if how in ("change-to", "change-by") and _future(chain):
        return "planned"
    if frame.role in ("presence", "operation") and not chain:
        return "ended" if past_sentence else "present"
    if _future(chain) or _dated_after(frame, published, chain):
        return "planned"
    if chain:
        verb = chain[0]
        if _lemma(verb) in lex.ended_verbs and (is_decrease_verb(verb) or _lemma(verb) in ("leave", "left", "withdraw", "end", "complete", "finish", "depart", "exit")) and _past(verb):
            return "ended"
        if frame.measure_hint == "decrease" or (is_decrease_verb(verb) and _past(verb)):
            return "ended" if _past(verb) else "planned"
        if _past(verb) and past_sentence:
            return "ended"
        if _past(verb) and PAST_TIME_RE.search(frame.sentence.text):
            return "ended"
    elif past_sentence:
        return "ended"
    return "present"


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
        if verb.dep_ in ("relcl", "advcl", "acl"):
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
        if index > 0 and _lemma(verb) in lex.planned_verbs and chain[index - 1].dep_ in ("xcomp", "ccomp", "dobj", "pcomp"):
            return True
        if index == 0 and _lemma(verb) in DECIDING_VERBS and verb.tag_ in ("VBG", "VBZ", "VBP", "VB"):
            return True  # "is now authorising the largest scaling up of the US presence"
        if index == 0 and verb.tag_ == "VBG" and _lemma(verb) in lex.planned_progressives and any(
            a.lower_ in ("is", "are", "am", "'s", "'re", "’s", "’re") for a in auxiliaries
        ):
            return True
        if verb.tag_ in ("VB",) and any(a.lower_ == "to" for a in auxiliaries) and index + 1 < len(chain):
            above = chain[index + 1]
            if _lemma(above) in lex.planned_verbs or _lemma(above) == "be":
                return True
        if any(c.lower_ in lex.future_words for c in verb.subtree if c.dep_ in ("advmod", "amod", "npadvmod", "pobj")):
            if _lemma(verb) not in ("be",) or index == 0:
                return True
        if _lemma(verb) in ("set", "due", "poise", "slate", "schedule", "expect", "plan", "intend") and verb.tag_ in ("VBN", "VBZ", "VBP", "VBG"):
            return True
    return False


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
    text = frame.sentence.text.lower()
    if any(re.search(r"\b" + re.escape(word) + r"\b", text) for word in lexicon().exercise_words):
        return True
    return bool(frame.context_used and context is not None and context.exercise)
