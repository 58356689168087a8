"""What makes a frame no figure (GUIDELINES, "Not figures"), as an ordered list of checks.

Each check looks at the frame's noun and the chain of verbs above it (the verb
the noun depends on, then the verbs that verb is the complement of: "does not
plan to send", "called for ... troops", "would deploy ... if"). The first that
fires names the reason; ``veto`` returns it (None: the frame stands).

A casualty does not veto: it places forces but does not count them ("a Danish
soldier died in Latvia" is DK/LV with no count), so ``drop_casualty_count``
only removes the count.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from .frames import Frame, governing_verb
from .lexicon import lexicon

CHAIN_DEPS = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep", "pobj", "dobj", "oprd"})
STOP_AT = frozenset({"say", "tell", "announce", "report", "confirm", "add", "state", "write", "note", "claim"})
CARGO_VERBS = frozenset({"load", "carry", "fill", "laden", "pack", "stock", "bring"})
DEMAND_AUXILIARIES = frozenset({"must", "should", "ought"})
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
BEFORE_NATO_RE = re.compile(r"\b(?:World War (?:I|II|One|Two)|WWII|WW2|D-Day|Second World War|First World War)\b", re.I)


def verb_chain(frame: Frame) -> list[Token]:
    """The verbs above the frame's noun, nearest first, up to a verb of saying."""
    chain = []
    verb = governing_verb(frame.anchor)
    while verb is not None and len(chain) < 6:
        chain.append(verb)
        if verb.lemma_.lower() in STOP_AT and len(chain) > 1 or verb.dep_ == "ROOT":
            break  # up to a verb of saying above the noun's own ("consider adding forces" goes on)
        if verb.dep_ in ("advcl", "relcl") and verb.head.lemma_.lower() not in lexicon().request_verbs:
            break  # "considering removing the troops after the mission finishes": its own clause
            # (but "called for 10,000 troops to be stationed" is the call's)
        if verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break  # "X has not been abandoned, but Biden is authorising ...": a clause of its own
        head = verb.head
        while head != head.head and not (head.tag_.startswith("VB") or head.tag_ == "MD"):
            head = head.head
        if head == verb or not (head.tag_.startswith("VB") or head.tag_ == "MD"):
            break
        verb = head
    return chain


def negated(frame: Frame, chain: list[Token]) -> bool:
    lex = lexicon()
    noun = frame.noun
    if any(c.lower_ in ("no", "zero") and c.dep_ in ("det", "amod", "nummod", "neg") for c in noun.children):
        return True
    if frame.anchor != noun and any(c.lower_ in ("no", "zero") for c in frame.anchor.children):
        return True
    for verb in chain:
        if verb.lemma_.lower() in lex.negating_verbs:
            return True
        if verb.dep_ in ("acl", "advcl"):
            # "no plan to deploy", "there is no consensus to send troops"
            owners = [verb.head, *(c for c in verb.head.children if c.dep_ in ("attr", "dobj", "nsubj"))]
            if any(d.lower_ == "no" and d.dep_ == "det" for owner in owners for d in owner.children):
                return True
        if verb.lemma_.lower() == "rule" and any(c.lower_ == "out" for c in verb.children):
            return True  # "ruled out sending troops"
        for child in verb.children:
            if child.dep_ == "neg" or (child.lower_ in ("never", "nor") and child.dep_ in ("advmod", "neg", "preconj")):
                return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("without", "instead"):
        return True
    sentence = frame.sentence.text.lower()
    clause = sentence[: frame.anchor.idx + len(frame.anchor.text)]
    return any(phrase in clause for phrase in lex.negating_phrases)


def requested(frame: Frame, chain: list[Token]) -> bool:
    """'Estonia called for 25,000 troops', 'the Kremlin wants Nato to pull back', 'must increase'."""
    lex = lexicon()
    for verb in chain:
        if verb.lemma_.lower() in lex.request_verbs and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c == frame.noun for c in verb.children
        ):
            return True
        if any(c.lower_ in DEMAND_AUXILIARIES and c.dep_ == "aux" for c in verb.children):
            return True
        if any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lower_ in lex.request_nouns for c in verb.children):
            return True  # "to present a proposal at the meeting for a peacekeeping mission"
    # "calls for more troops", "a proposal to send"
    token = frame.noun
    for _ in range(4):
        if token.dep_ in ("pobj", "dobj", "xcomp", "acl", "prep") and token.head.lower_ in lex.request_nouns:
            return True
        if token.head == token or token.dep_ in ("advcl", "relcl", "nsubj", "nsubjpass"):
            break  # "the possibility of removing troops after the mission finishes": not the mission
        token = token.head
    return False


def hypothetical(frame: Frame, chain: list[Token]) -> bool:
    """'could send up to 800 soldiers if the situation worsens', 'would have required deploying'."""
    lex = lexicon()
    for verb in chain:
        auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a in ("would", "could", "might") for a in auxiliaries) and "have" in auxiliaries:
            return True  # counterfactual
        for child in verb.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                return True
            if child.dep_ == "prep":
                phrase = " ".join(t.lower_ for t in child.subtree)
                if any(phrase.startswith(p) for p in lex.conditional_phrases):
                    return True  # "in case of an attack", "in the event of a Russian attack"
        if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in verb.children) and verb == chain[0]:
            return True
        if set(auxiliaries) & {"could", "would", "might"}:
            # "could send additional forces to reassure allies ... if Russia attacked"
            clauses = [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.tag_.startswith("VB")]
            for clause in clauses:
                for token in clause.children:
                    if token.dep_ == "advcl" and _conditional(token):
                        return True
    return False


def _conditional(clause: Token) -> bool:
    """An if-clause that sets a condition ("if Russia attacked"), not "if needed"."""
    if not any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
        return False
    return clause.lemma_.lower() not in ("need", "require", "necessary", "deem")


def ready_only(frame: Frame, chain: list[Token]) -> bool:
    """Forces on standby or at high readiness, with no destination of their own ("300,000
    troops across the continent placed at high readiness"; but "the 1,000 troops on standby
    are there to support Hungary" have one)."""
    lex = lexicon()
    if frame.host_how in ("phrase", "verb") and frame.host_prep in ("to", "into", ""):
        return False
    # not in another subject's words: "The reinforcements, from Nato's operational reserve
    # forces, will join the roughly 3,800 soldiers already serving in KFOR"
    others = {
        t.i
        for verb in chain[:1]
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") and frame.noun not in c.subtree
        for t in c.subtree
    }
    for head in [frame.noun, *chain[:1]]:
        for token in head.subtree:
            if token.lower_ in lex.readiness_words and token.i not in others:
                return True
    # "put 200 soldiers on standby", whatever the parser made of it
    return any(t.lower_ in lex.readiness_words for t in frame.noun.doc[frame.noun.i + 1 : frame.noun.i + 5])


def possibly(frame: Frame, chain: list[Token]) -> bool:
    """'6,000 to 15,000 troops possibly remaining': an option, not a decision."""
    lex = lexicon()
    for head in [frame.noun, *chain[:1]]:
        for child in head.children:
            words = [child] + ([g for g in child.children] if child.dep_ in ("acl", "relcl") else [])
            if any(w.lower_ in lex.doubt_adverbs for w in words):
                return True
    # "put 1,200 soldiers on alert for a possible deployment to Latvia"
    # ("ordered 2,000 troops to prepare for a possible deployment to Israel")
    verbs = [v for verb in chain[:1] for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp"))]
    for verb in verbs:
        for event in (g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"):
            if event.lower_ in lex.presence_nouns and any(
                a.dep_ == "amod" and a.lower_ in lex.doubt_adverbs for a in event.children
            ):
                return True
    return False


def air_operation(frame: Frame, chain: list[Token]) -> bool:
    """Air strikes, overflights and sorties are no deployment (GUIDELINES, hard cases)."""
    if frame.kind not in ("aircraft", "ships") or not chain:
        return False
    return chain[0].lemma_.lower() in lexicon().strike_verbs


def non_member_subject(frame: Frame, chain: list[Token], published, gazetteer) -> bool:
    """'Finland has participated in Nato missions in Iraq' (2022): the forces are the subject's."""
    if not chain:
        return False
    for child in chain[0].children:
        if child.dep_ == "nsubj" and child != frame.noun:
            mention = frame.sentence.mention(child)
            # "Sweden and Britain have pulled out their contingents" (2022): Britain's are a figure
            joined = [frame.sentence.mention(c) for c in child.conjuncts]
            if any(m is not None and any(gazetteer.is_member(c, published) for c in m.codes) for m in joined):
                continue
            if (
                mention is not None
                and mention.kind in ("country", "demonym")
                and not any(gazetteer.is_member(c, published) for c in mention.codes)
            ):
                return True
    return False


def non_member(frame: Frame, published: dt.date | None, gazetteer) -> bool:
    return any(not gazetteer.is_member(s.code, published) for s in frame.senders)


def at_home(frame: Frame) -> bool:
    codes = {s.code for s in frame.senders}
    return bool(codes) and set(frame.hosts) <= codes


def aid_delivery(frame: Frame, chain: list[Token], published=None, gazetteer=None) -> bool:
    """Jets or tanks given, sold or delivered to a country are aid, not a deployment; so is
    equipment sent to a country outside NATO ("14 Leopard 2 tanks to Ukraine")."""
    if frame.kind == "troops":
        return False
    lex = lexicon()
    outside = gazetteer is not None and not any(gazetteer.is_member(h, published) for h in frame.hosts if len(h) == 2)
    if frame.kind == "other" and frame.hosts and outside:
        return True
    if any(
        c.lower_ in ("stocks", "stockpiles", "caches", "supplies")
        for c in [frame.noun.head]
        if frame.noun.dep_ == "pobj"
    ):
        return True
    if any(v.lemma_.lower() in lex.aid_verbs for v in chain[:2]):
        return True
    if any(c.dep_ == "acl" and c.lemma_.lower() in CARGO_VERBS for c in frame.noun.children):
        return True  # "three C-130 aircraft loaded with medical supplies"
    return any(
        c.lower_ in ("transfer", "transfers", "delivery", "deliveries", "donation", "sale")
        for c in frame.noun.head.children
    ) or frame.noun.head.lower_ in ("transfer", "delivery", "deliveries", "sale", "purchase")


def means_of_transport(frame: Frame) -> bool:
    """'flown French troops into Mali aboard C-17 transport planes': the planes carry the
    forces; they are not deployed themselves."""
    noun = frame.noun
    return noun.dep_ == "pobj" and noun.head.lower_ in ("aboard", "onboard", "via")


def army_size(frame: Frame) -> bool:
    """'Turkey's army, Nato's second largest with some 355,000 personnel', 'an army of 300,000
    soldiers': the size of an army at home (GUIDELINES, not figures)."""
    noun = frame.noun
    if frame.count_how.startswith("change") and _changes_a_home_army(frame):
        return True
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("with", "of"):
        return False
    owner = noun.head.head
    return (owner.lemma_.lower() in ("army", "military", "navy") or owner.lower_ == "largest") and frame.role == "force"


def _changes_a_home_army(frame: Frame) -> bool:
    """'Poland plans to expand its army to 300,000 soldiers', 'grow the size of its armed
    forces to 50,000': a change of an army's own size."""
    verb = governing_verb(frame.anchor)
    if verb is None:
        return False
    words = lexicon().home_army_words
    for target in (c for c in verb.children if c.dep_ == "dobj"):
        owned = [g for c in target.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        for noun in owned or [target]:  # "the size of its force": the force's
            phrase = " ".join(t.lower_ for t in noun.subtree if t.dep_ in ("amod", "compound") or t == noun)
            if noun.lemma_.lower() in words or phrase in words:
                return not any(c.dep_ == "prep" for c in noun.children if c.lower_ != "of")
    return False


def superseded(frame: Frame, chain: list[Token]) -> bool:
    """'The exercise had been planned to bring 20,000 soldiers': a plan that no longer stands."""
    for verb in chain[:3]:
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if verb.lemma_.lower() in ("plan", "schedule", "intend", "expect", "set") and "had" in auxiliaries:
            return True
    return False


def before_nato(frame: Frame) -> bool:
    """NATO's forces cannot be there before NATO (1949): 'Allied soldiers invaded France' on D-Day."""
    if not any(s.code == "NATO" for s in frame.senders):
        return False
    text = frame.sentence.text
    if BEFORE_NATO_RE.search(text):
        return True
    return any(int(y) < 1949 for y in YEAR_RE.findall(text))


def casualty(frame: Frame, chain: list[Token]) -> bool:
    lex = lexicon()
    noun = frame.noun
    if (
        chain
        and chain[0].lemma_.lower() in lex.casualty_verbs
        and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos", "pobj")
    ):
        return True
    for child in list(noun.children) + list(frame.anchor.children):
        if child.dep_ in ("acl", "relcl", "amod") and child.lemma_.lower() in lex.casualty_verbs:
            return True
    if (
        chain
        and chain[0].lemma_.lower() in ("include", "number", "be")
        and any(
            c.dep_ in ("nsubj", "nsubjpass")
            and c.lower_ in lex.casualty_nouns
            or c.dep_ == "prep"
            and any(g.lower_ in lex.casualty_nouns for g in c.children)
            for c in chain[0].children
        )
    ):
        return True  # "The injured included 11 Italian and 19 Hungarian soldiers", "Among the dead were ..."
    token = noun
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.head.lower_ in lex.casualty_nouns:
            return True
        if token.head == token:
            break
        token = token.head
    return False


def drop_casualty_count(frame: Frame, chain: list[Token]) -> None:
    if frame.numbered and casualty(frame, chain):
        frame.count, frame.count_max, frame.qualifier, frame.number = None, None, "exact", None


def veto(frame: Frame, published: dt.date | None, gazetteer) -> str | None:
    chain = verb_chain(frame)
    checks = (
        ("non-member", lambda: non_member(frame, published, gazetteer)),
        ("non-member-subject", lambda: non_member_subject(frame, chain, published, gazetteer)),
        ("air-operation", lambda: air_operation(frame, chain)),
        ("possibly", lambda: possibly(frame, chain)),
        ("negated", lambda: negated(frame, chain)),
        ("requested", lambda: requested(frame, chain)),
        ("hypothetical", lambda: hypothetical(frame, chain)),
        ("readiness", lambda: ready_only(frame, chain)),
        ("aid", lambda: aid_delivery(frame, chain, published, gazetteer)),
        ("army-size", lambda: army_size(frame)),
        ("transport", lambda: means_of_transport(frame)),
        ("superseded", lambda: superseded(frame, chain)),
        ("before-nato", lambda: before_nato(frame)),
    )
    for reason, check in checks:
        if check():
            return reason
    return None
