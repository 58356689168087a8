"""Senders: whose forces a frame counts.

Tried in order, the first step that names a sender wins:

1. the noun phrase itself: "US troops", "Britain's 900 soldiers", "troops from
   Britain, France and the US", "training missions by US troops", "a NATO-led
   mission", "NATO battlegroups" (a battlegroup is always NATO's: its lead
   nation leads, the alliance sends);
2. the subject (or passive agent) of the verb the noun depends on, climbing
   through "agreed to send", "said it would deploy", "gave authority to send";
   a pronoun subject ("it", "they") is the state named last before it;
3. a sender named elsewhere in the same clause before the noun;
4. the previous sentence's sender, when this sentence names none for the noun.

A state that is not a NATO member at the article's date makes the frame no
figure at all (Russian troops); a formation stands for its state.
"""

from __future__ import annotations

from spacy.tokens import Token

from .frames import Frame, Sender, governing_verb, premodifiers
from .gazetteer import Mention
from .lexicon import lexicon

SENDER_KINDS = frozenset({"country", "demonym", "capital", "metonym", "nato", "service", "formation", "leader"})
PRONOUNS = frozenset({"it", "its", "they", "their", "them", "we", "our", "he", "his", "she", "her", "itself"})
PERSONAL_PRONOUNS = frozenset({"he", "his", "she", "her"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
CLIMB_DEPS = frozenset(
    {"xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "prep", "dobj", "attr", "oprd"}
)
ALLIANCE_NOUNS = frozenset({"state", "nation", "country", "member", "ally", "partner", "army", "military"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})
SAYING_VERBS = frozenset({"say", "tell", "add", "announce", "report", "state", "write", "note", "claim", "explain"})
BATTLEGROUP_WORDS = frozenset({"battlegroup", "battlegroups", "battle", "battle-group", "battle-groups"})
# Nouns that stand for a state acting: "the Obama administration", "the US military", "Britain's defence ministry".
GOVERNMENT_NOUNS = frozenset(
    {
        "administration",
        "government",
        "military",
        "army",
        "navy",
        "ministry",
        "department",
        "forces",
        "force",
        "officials",
        "leaders",
        "commanders",
        "command",
        "president",
        "secretary",
        "minister",
        "chancellor",
        "premier",
        "cabinet",
        "parliament",
        "congress",
        "senate",
        "pentagon",
        "country",
        "nation",
        "state",
        "troops",
        "officers",
        "marines",
        "authorities",
        "spokesman",
        "spokeswoman",
    }
)


def sender_mention(token: Token, frame: Frame) -> Mention | None:
    mention = frame.sentence.mention(token)
    if mention is not None and mention.kind in SENDER_KINDS:
        return mention
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    out = [token]
    for conj in token.conjuncts:
        out.append(conj)
    return out


def _codes(tokens: list[Token], frame: Frame, how: str) -> list[Sender]:
    out = []
    seen = set()
    for token in tokens:
        mention = sender_mention(token, frame)
        if mention is None:
            continue
        if mention.kind == "metonym":
            # "Russia's MoD", "Britain's defence ministry": the owner's
            owner = next((sender_mention(c, frame) for c in token.children if c.dep_ == "poss"), None)
            mention = owner or mention
        for code in mention.codes:
            if code not in seen:
                seen.add(code)
                out.append(Sender(code, how, token))
    return out


def _named_in(token: Token, frame: Frame, how: str) -> list[Sender]:
    """Senders named by a noun standing for a state: 'the US military', 'Britain's defence ministry'."""
    direct = _codes(_with_conjuncts(token), frame, how)
    if direct:
        return direct
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("including", "as", "like"):
            listed = [g for g in child.children if g.dep_ == "pobj"]
            found = _codes([t for g in listed for t in _with_conjuncts(g)], frame, how)
            if found:
                return found  # "other coalition members, including Britain, Spain and Italy"
    # "other NATO partner nations", "multiple Nato member states": the alliance
    if token.lemma_.lower() in ALLIANCE_NOUNS:
        before = token.doc[max(0, token.i - 4) : token.i]
        if any(sender_mention(t, frame) is not None and sender_mention(t, frame).kind == "nato" for t in before):
            return [Sender("NATO", how, token)]
    # "the 173rd Airborne Brigade Combat Team": a unit named inside the phrase
    inner = _codes([c for c in token.children if c.dep_ == "compound" and c.i < token.i], frame, how)
    if inner and frame.sentence.mention(inner[0].token).kind in ("formation", "service"):
        return inner
    if token.lower_ in GOVERNMENT_NOUNS or token.lemma_.lower() in GOVERNMENT_NOUNS:
        mods = [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < token.i]
        found = _codes([m for mod in mods for m in _with_conjuncts(mod)], frame, how)
        if found:
            return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                found = _codes([g for g in child.children if g.dep_ == "pobj"], frame, how)
                if found:
                    return found
    return []


# --- step 1: the noun phrase -------------------------------------------------------


def phrase_senders(frame: Frame, context) -> list[Sender]:
    if frame.borrowed_from is not None:
        return borrowed_senders(frame, context)
    if frame.own_sender is not None:
        return _codes([frame.own_sender], frame, "phrase")
    noun = frame.noun
    modifiers = [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss", "nummod", "appos") and c.i < noun.i
    ]
    led = []
    tokens = []
    for modifier in modifiers:
        tokens.extend(_with_conjuncts(modifier))
        # "U.S.-led", "NATO-led": the name hangs under "led"
        if modifier.lower_ in ("led", "-led"):
            led.extend(c for c in modifier.children)
        # "Britain's defence forces": a name one level down
        tokens.extend(c for c in modifier.children if c.dep_ in ("poss", "compound", "amod"))
    named = _codes(tokens, frame, "phrase")
    led_by = _codes(led, frame, "led")
    if not named and not led_by:
        window = premodifiers(noun)
        led_by = _codes(
            [
                t
                for t in window
                if t.i + 2 < len(t.doc) and t.doc[t.i + 2].lower_ == "led" or t.nbor(1).lower_ == "-led"
            ],
            frame,
            "led",
        )
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        owner = noun.head.head
        if owner.lower_ in BATTLEGROUP_WORDS or _is_battle_group(owner):
            return [Sender("NATO", "battlegroup", owner)]  # "a battle group of 1,000 soldiers"
        owning = next((f for f in frame.sentence.frames if f.noun == owner and f.role == "formation"), None)
        if owning is not None and any(_codes(premodifiers(owner), frame, "phrase")):
            return _codes(premodifiers(owner), frame, "phrase")  # "a Nato training mission of about 12,000 personnel"
    if frame.role == "formation" and (noun.lower_ in BATTLEGROUP_WORDS or _is_battle_group(noun)):
        # a battlegroup is NATO's, whoever leads it; "the Royal Welsh battlegroup" is a national unit
        states = [s for s in named if s.code != "NATO"]
        return states if states and not led_by else [Sender("NATO", "battlegroup", noun)]
    states_from = []
    # "soldiers and service members with the NATO-led ISAF": the conjoined nouns share it
    # (but not "2,000 troops in Poland and 500 from Britain": a count of its own)
    preps = list(noun.children) + [
        c for conj in noun.conjuncts if conj.tag_ != "CD" for c in conj.children if c.dep_ == "prep"
    ]
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if (
        following is not None
        and following.dep_ == "prep"
        and following.lower_ == "from"
        and following.head == noun.head
    ):
        preps.append(following)  # "met NATO troops from Britain": the parser hangs "from" on the verb
    for child in preps:
        if child.dep_ == "prep" and child.lower_ == "from" and (_is_origin(frame, child) or _leaving(frame)):
            continue
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                states_from.extend(_named_in(obj, frame, "from"))
        elif child.dep_ == "prep" and child.lower_ == "with":
            # "soldiers with the NATO-led ISAF"
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                if any(s.code == "NATO" for s in _codes(list(obj.subtree), frame, "from")):
                    states_from.append(Sender("NATO", "from", obj))
        elif child.dep_ in ("acl", "relcl"):
            # "the deployments already made by the US, the UK and others"
            for agent in (g for g in child.children if g.dep_ == "agent"):
                for obj in agent.children:
                    states_from.extend(_named_in(obj, frame, "from"))
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ in ("NNP", "NNPS") and sender_mention(child, frame) is None:
            return [Sender("", "owner", child)]  # "Mr. Assad's forces": no NATO member's
    # "NATO troops from Britain, France and the US": the states
    if states_from and (not named or all(s.code == "NATO" for s in named)):
        return states_from
    if named:
        return named
    if led_by:
        return led_by
    head = _copula_of(noun)
    if head is not None:
        for attr in (c for c in head.children if c.dep_ == "attr"):
            found = _codes([m for m in attr.children if m.dep_ in ("amod", "compound")], frame, "phrase")
            if found:
                return found  # "some of the troops are Russian special forces"
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ in PRONOUNS:
            resolved = resolve_pronoun(child, frame, context)
            if resolved:
                return resolved
    return []


MOVEMENT_VERBS = frozenset(
    {
        "deploy",
        "move",
        "go",
        "head",
        "arrive",
        "rotate",
        "transfer",
        "fly",
        "relocate",
        "redeploy",
        "shift",
        "travel",
        "come",
        "send",
        "sail",
        "drive",
        "land",
        "reach",
        "follow",
        "cross",
    }
)


def _leaving(frame: Frame) -> bool:
    """'withdrawing combat troops from Afghanistan': the place they leave, not their state."""
    from .hosts import is_leaving

    return is_leaving(frame)


def _is_origin(frame: Frame, prep: Token) -> bool:
    """ "The troops from Germany will deploy to Romania": where forces come from, not whose
    they are — "from" a country with a verb of movement that names a destination."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    if not objects or any(
        frame.sentence.mention(o) is None or frame.sentence.mention(o).kind != "country" for o in objects
    ):
        return False
    verb = governing_verb(frame.anchor)
    if verb is None or verb.lemma_.lower() not in MOVEMENT_VERBS:
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("to", "into", "for") for c in verb.children)


def _copula_of(noun: Token) -> Token | None:
    """The "be" the noun is the subject of ("the troops are", "some of the troops are")."""
    subject = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "nsubj":
        subject = noun.head.head
    if subject.dep_ == "nsubj" and subject.head.lemma_.lower() == "be":
        return subject.head
    return None


def borrowed_senders(frame: Frame, context) -> list[Sender]:
    """An elliptical count: its own sender ("an additional 3,000 from other NATO partner
    nations", "Italy 250 to Bulgaria"), else the sender of the frame it takes its noun from."""
    anchor = frame.anchor
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "of"):
            for obj in child.children:
                found = _codes(list(obj.subtree), frame, "from")
                if found:
                    return found
        if child.dep_ == "relcl":
            for subject in (g for g in child.children if g.dep_ == "nsubj"):
                found = _named_in(subject, frame, "subject")
                if found:
                    return found  # "the extra 3,500 Berlin intends to contribute"
    # "along with about 5,000 from NATO allies": the parser may hang "from" above the number
    after = anchor.doc[anchor.i + 1 : anchor.i + 2]
    if len(after) and after[0].lower_ == "from" and after[0].dep_ == "prep":
        for obj in (c for c in after[0].children if c.dep_ == "pobj"):
            found = _codes(list(obj.subtree), frame, "from")
            if found:
                return found
    # "the extra 3,500 Berlin intends to contribute": the parser makes the number Berlin's
    if anchor.dep_ == "nummod" and sender_mention(anchor.head, frame) is not None and anchor.head.i > anchor.i:
        return _codes([anchor.head], frame, "phrase")
    # "Italy 250 to Bulgaria": a state right before the number
    before = anchor.doc[max(0, anchor.i - 2) : anchor.i]
    found = _codes(
        [t for t in before if t.dep_ != "pobj" or t.head.lower_ not in ("to", "in", "into")], frame, "phrase"
    )
    if found:
        return found
    if (
        anchor.head.i != anchor.i
        and sender_mention(anchor.head, frame) is not None
        and anchor.dep_ in ("nummod", "appos")
    ):
        return _codes([anchor.head], frame, "phrase")
    source = frame.borrowed_from
    # "Spain will send 400 troops to Slovakia, while Portugal is sending 150 there": its own verb's subject
    verb, source_verb = governing_verb(anchor), governing_verb(source.anchor)
    if verb is not None and verb != source_verb:
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            found = _named_in(subject, frame, "subject")
            if found:
                return found
    return [Sender(s.code, s.how, s.token) for s in source.senders] if source.senders else []


def _is_battle_group(noun: Token) -> bool:
    return noun.lower_ in ("group", "groups") and any(c.lower_ == "battle" for c in noun.children)


# --- step 2: the subject of the verb ----------------------------------------------------


def subject_senders(frame: Frame, context) -> list[Sender]:
    if frame.role == "operation":
        return []  # "Turkey's operation into Syria": the operation names its own sender
    verb = governing_verb(frame.anchor)
    depth = 0
    while verb is not None and depth < 5:
        depth += 1
        speaker = depth > 1 and verb.lemma_.lower() in SAYING_VERBS
        hosting = lexicon().hosting_verbs
        if verb.lemma_.lower() in hosting or any(
            c.dep_ == "xcomp" and c.lemma_.lower() in hosting for c in verb.children
        ):
            return []  # "Spain offered to host more US warships ...": the subject is where they are
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    found = _named_in(obj, frame, "agent")
                    if found:
                        return found
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
        if not subjects and verb.tag_ == "VBG" and verb.i > 0:
            # "with France leading a battlegroup and the Netherlands contributing 200 troops":
            # the name just before a gerund is its subject, whatever the parser made of it
            previous = verb.doc[verb.i - 1]
            if sender_mention(previous, frame) is not None:
                return _codes([previous], frame, "subject")
        for subject in subjects:
            if subject == frame.anchor or subject == frame.noun or frame.noun in subject.subtree:
                break  # the forces are the subject: their sender is not here
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                # "Britain, which has about 1,000 troops at Kabul airport"
                found = _named_in(verb.head, frame, "subject")
                if found:
                    return found
            if subject.lower_ in PRONOUNS or subject.lower_ in ("country", "nation"):
                if speaker:
                    return []  # "..., he said": a speaker named by a pronoun is not the sender
                resolved = resolve_pronoun(subject, frame, context)
                return [Sender(s.code, "pronoun", s.token) for s in resolved]
            found = _named_in(subject, frame, "subject")
            if found:
                return found
            if subject.lemma_.lower() in ("state", "country", "nation") and subject.tag_ == "NNS":
                return [Sender("", "other-subject", subject)]  # "West African states have pledged 3,000 troops"
            if subject.tag_.startswith("NN") and subject.tag_ not in ("NNP", "NNPS"):
                # "the Nato drills in Norway include 20,000 troops": a name on the subject
                found = _codes(premodifiers(subject), frame, "subject")
                if found:
                    return found
            return []  # "the president", "Steele said": the sender is named elsewhere
        if verb.dep_ in ("acl", "relcl") and verb.head.tag_ in ("NN", "NNS", "NNP"):
            found = _codes([c for c in verb.head.children if c.dep_ in ("compound", "amod", "poss")], frame, "subject")
            if found:
                return found  # "a Nato plan to send", "the US decision to withdraw"
        if verb.dep_ == "ROOT" or verb.dep_ not in CLIMB_DEPS or speaker:
            return []
        head = verb.head
        while not (head.tag_.startswith("VB") or head.tag_ == "MD") and head.head != head:
            head = head.head
        verb = head if (head.tag_.startswith("VB") or head.tag_ == "MD") and head != verb else None
    return []


PLURAL_PRONOUNS = frozenset({"they", "their", "them"})


def _list_head(token: Token) -> Token:
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def _inside_other_clause(root: Token, pronoun: Token) -> bool:
    """Is the name inside a relative clause that does not hold the pronoun?"""
    return any(a.dep_ in ("relcl", "acl") and pronoun not in a.subtree for a in root.ancestors)


def resolve_pronoun(token: Token, frame: Frame, context) -> list[Sender]:
    """'it', 'they', 'the country': the state named last before the word, in this
    sentence (not a host: 'in Latvia'), else the previous sentence's sender."""
    sentence = frame.sentence
    best = best_root = None
    for mention in sentence.mentions:
        if mention.kind not in SENDER_KINDS or mention.start >= token.idx:
            continue
        head = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if head is None:
            continue
        root = head.root
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "to", "into", "across", "at", "near", "for", "of"):
            continue
        if token.lower_ in PERSONAL_PRONOUNS and mention.kind != "leader":
            continue
        if _inside_other_clause(root, token):
            continue  # "Germany, which leads the Nato battlegroup in Lithuania, has said it will send"
        best = mention
        best_root = root
    if best is not None:
        if token.lower_ in PLURAL_PRONOUNS:
            listed = _codes(_with_conjuncts(_list_head(best_root)), frame, "pronoun")
            if len(listed) > 1:
                return listed
        return [Sender(code, "pronoun", token) for code in best.codes]
    if context is not None and context.senders:
        return [Sender(code, "pronoun", token) for code in context.senders]
    return []


# --- step 3: the clause ------------------------------------------------------------------


def clause_senders(frame: Frame, context) -> list[Sender]:
    """A sender named elsewhere in the frame's clause, before the noun, in no place role."""
    verb = governing_verb(frame.anchor)
    if verb is None or frame.role == "operation" or not frame.numbered:
        return []
    candidates = []
    for token in verb.subtree:
        if token.i >= frame.anchor.i:
            break
        mention = sender_mention(token, frame)
        if mention is None or frame.sentence.head_of.get(token.i) is not mention:
            continue
        if token.dep_ == "pobj" and token.head.lower_ not in ("by", "for"):
            continue
        if token.dep_ in ("poss",) and token.head.lower_ in ("border", "borders", "neighbour", "neighbor"):
            continue
        candidates.append(token)
    found = _codes(candidates[-1:], frame, "clause")
    if found:
        return found
    # "Speaking at the US embassy, Steele said there were about 1,800 Marines in Darwin":
    # the one member state the sentence names
    named = []
    for mention in frame.sentence.mentions:
        if mention.kind not in SENDER_KINDS or mention.kind == "formation":
            continue
        root = frame.sentence.span(mention.start, mention.end).root
        listed = root
        while listed.dep_ in ("conj", "appos") and listed.head != listed:
            listed = listed.head  # "in Lithuania, Latvia and Estonia"
        if listed.dep_ == "pobj" and listed.head.lower_ in (
            "in",
            "to",
            "into",
            "across",
            "from",
            "out",
            "of",
            "inside",
        ):
            continue  # "1,400 troops in Iraq": a place, not a sender
        named.append((mention, root))
    codes = {c for m, _ in named for c in m.codes}
    if len(codes) == 1:
        return [Sender(codes.pop(), "clause", named[0][1])]
    return []


# --- step 4: the previous sentence -------------------------------------------------------


def conjunct_senders(frame: Frame, context) -> list[Sender]:
    """'with a new headquarters in Poland, 5,000 additional US troops in Romania and more intense
    deployments in the Baltic states': nouns listed together share their sender."""
    noun = frame.noun
    for other in frame.sentence.frames:
        if other is frame or not other.senders or other.veto == "non-member":
            continue
        if noun in other.noun.conjuncts:
            return [Sender(s.code, "conjunct", s.token) for s in other.senders]
    return []


def context_senders(frame: Frame, context) -> list[Sender]:
    if context is None or not context.senders or frame.role == "operation":
        return []
    # "The troops will ...", "Additional Army companies will head to Estonia": forces the
    # sentence before was about
    anaphoric = frame.noun.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ in ("det", "poss", "amod") and c.lower_ in ANAPHORIC_WORDS for c in frame.noun.children
    )
    if frame.count_how == "referred":
        anaphoric = True  # "Four are in the Baltic states": the forces of the sentence before
    if not frame.numbered and not (context.from_figures and anaphoric):
        return []  # "Thousands of troops have been sent": no sender named
    return [Sender(code, "previous", None) for code in context.senders]


def restated_senders(frame: Frame, context) -> list[Sender]:
    """'The 5,600 troops staying in Europe will move to Italy': a count the article stated
    before, now with "the" and a place of its own, is the same forces, sent by the same
    state. Tried once the hosts are known (``extractor.decide``)."""
    if context is None or not context.stated or frame.count is None or frame.count < 100:
        return []
    if frame.count_how in ("anaphora", "referred"):
        return []  # the count of the sentence before, whose sender ``context_senders`` lends
    noun = frame.noun if frame.borrowed_from is None else frame.anchor
    if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children):
        return []
    for count, codes in reversed(context.stated):
        if count == frame.count:
            return [Sender(code, "restated", None) for code in codes]
    return []


ANAPHORIC_WORDS = frozenset({"the", "these", "those", "its", "their", "additional", "further", "more", "other"})
SENDER_STEPS = (phrase_senders, subject_senders, conjunct_senders, clause_senders, context_senders)


def find_senders(frame: Frame, context) -> list[Sender]:
    for step in SENDER_STEPS:
        found = step(frame, context)
        if found:
            return [s for s in found if s.how != "other-subject"]
    return []
