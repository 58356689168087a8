"""Hosts: where a frame's forces are or go.

A host is a place (country, group such as "the Baltic states", region, city,
port or base) introduced by a preposition of place ("to", "in", "into",
"across", "at" ...), with the places joined to it by "and" or commas as one
group. Tried in order, the first step that finds one wins:

1. the noun phrase: "troops in Afghanistan", "troops stationed in Estonia",
   "soldiers who are in Poland";
2. the verb: "sent 900 troops to Estonia", "deployed ... across eastern
   Europe", "to help defend Lithuania"; when a verb has several objects each
   with its own place ("two frigates to the Baltic Sea and 200 troops to
   Romania"), a place belongs to the object just before it;
3. a relative clause on a place: "Estonia, where Britain has 900 troops";
4. a word pointing back: "there", "in the country", "in theater" — the last
   host named, in this sentence or the one before;
5. a place elsewhere in the sentence in a place role no other frame took;
6. the previous sentence's host (GUIDELINES: the sentence or the one before).

"from X" is where forces come from, except for verbs and nouns of leaving
("withdraw from Syria": Syria is the host of a decrease). A place inside
"near X", "X's border", "Hungary's neighbour Slovakia" (Hungary) is no host.
A region code stands only when no country is in the group.
"""

from __future__ import annotations

from spacy.tokens import Token

from .frames import Frame, governing_verb
from .lexicon import lexicon

PLACE_KINDS = frozenset({"country", "group", "region", "place", "capital"})
REGIONS = frozenset({"EUROPE", "EASTERN_FLANK"})
DESTINATION_PREPOSITIONS = frozenset({"to", "into", "toward", "towards", "for", "onto"})
PURPOSE_VERBS = frozenset(
    {
        "defend",
        "protect",
        "reinforce",
        "support",
        "help",
        "assist",
        "secure",
        "guard",
        "bolster",
        "strengthen",
        "reassure",
        "join",
        "enter",
        "invade",
        "occupy",
        "patrol",
        "train",
        "police",
    }
)
LEAVING_WORDS = frozenset(
    {
        "withdraw",
        "withdrawal",
        "pull",
        "pullout",
        "remove",
        "removal",
        "leave",
        "exit",
        "evacuate",
        "retreat",
        "return",
        "bring",
        "drawdown",
        "depart",
        "redeploy",
        "relocate",
        "out",
        "rotate",
        "expel",
        "expulsion",
        "oust",
        "kick",
    }
)


def place_codes(token: Token, frame: Frame) -> tuple[str, ...] | None:
    sentence = frame.sentence
    mention = sentence.head_of.get(token.i)
    if mention is None:
        mention = sentence.mention_of.get(token.i)
        if mention is None:
            return None
    if mention.kind in PLACE_KINDS:
        return mention.codes
    if mention.kind == "nato":
        served = lexicon().mission_hosts.get(sentence.text[mention.start : mention.end])
        return (served,) if served else None
    if mention.kind == "demonym":
        # "the Polish town of", "on Estonian soil"
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.lower_ in lexicon().place_nouns:
            return mention.codes
    return None


def _scene_of_casualty(obj: Token, frame: Frame) -> bool:
    """'killed in a drone attack in Jordan': where the attack was, they were."""
    verb = governing_verb(frame.anchor)
    return obj.lemma_.lower() == "attack" and verb is not None and verb.lemma_.lower() in lexicon().casualty_verbs


def _places_in(obj: Token, frame: Frame, depth: int = 0) -> list[tuple[tuple[str, ...], Token]]:
    """The places an object of a preposition names: itself and the names joined to it
    ("Poland, Romania and Germany", "Zagan, Poland"), or one level down
    ("to the defence of Estonia", "to bases in Poland", "for exercises in Norway")."""
    lex = lexicon()
    found = []
    codes = place_codes(obj, frame)
    if codes is None and obj.tag_ in ("NNP", "NNPS"):
        # "at Alvund, Norway": a place the gazetteer does not know, in a country it does
        for other in [c for c in obj.children if c.dep_ in ("appos", "npadvmod")] + list(obj.conjuncts)[:1]:
            other_codes = place_codes(other, frame)
            if other_codes is not None and frame.sentence.mention(other).kind == "country" and other.i > obj.i:
                return [(other_codes, other)]
    if codes is not None:
        found.append((codes, obj))
        for other in list(obj.conjuncts) + [c for c in obj.children if c.dep_ == "appos"]:
            other_codes = place_codes(other, frame)
            if other_codes is not None and not _gapped(other, frame):
                found.append((other_codes, other))
        # a list the parser hung under the last name ("Romania, Bulgaria, Slovakia and Hungary")
        for child in obj.children:
            if child.dep_ in ("npadvmod", "compound", "nmod") and place_codes(child, frame) and child.i > obj.i:
                found.append((place_codes(child, frame), child))
        return found
    for child in obj.children:
        if child.dep_ in ("relcl", "acl") and depth == 0 and child.lemma_.lower() in ("lead", "command", "run"):
            # "serve in the Nato battlegroup Berlin leads in Lithuania"
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in lex.host_prepositions:
                    found.extend(
                        g for pobj in grand.children if pobj.dep_ == "pobj" for g in _places_in(pobj, frame, 1)
                    )
        if child.dep_ == "prep" and child.lower_ in ("as", "like", "including") and depth == 0:
            # "to other allies such as Poland and Lithuania", "countries including Italy"
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found.extend(_places_in(grand, frame, depth + 1))
    if found:
        return found
    blocked = (obj.lower_ in lex.not_host_nouns or obj.lemma_.lower() in lex.not_host_nouns) and not _scene_of_casualty(
        obj, frame
    )
    # "near Poland's border" is no host; "the defence of Estonia" passes (defence is one level)
    if depth >= 1 or blocked and obj.lower_ not in ("defence", "defense", "protection", "security"):
        return []
    # "the Polish town of Rzeszów", "the port of Gdynia": the name is under "of"
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ == "near" and depth == 0:
            # "a drop zone near Adazi, Latvia": near a town is in its country (near a country is not)
            for grand in (g for g in child.children if g.dep_ == "pobj"):
                mention = frame.sentence.mention(grand)
                if mention is not None and mention.kind == "place":
                    found.append((mention.codes, grand))
                else:
                    found.extend(
                        (place_codes(c, frame), c)
                        for c in grand.children
                        if c.dep_ == "appos" and place_codes(c, frame) and frame.sentence.mention(c).kind == "country"
                    )
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "to", "across", "at", "on"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found.extend(_places_in(grand, frame, depth + 1))
        elif child.dep_ in ("relcl", "acl") and depth == 0:
            # "to a multinational battle group it leads in Estonia"
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ in ("in", "at", "on"):
                    for pobj in (g for g in grand.children if g.dep_ == "pobj"):
                        found.extend(_places_in(pobj, frame, depth + 1))
        elif child.dep_ in ("compound", "amod", "poss", "nmod") and depth == 0 and child.i < obj.i:
            # "the Polish town", "in the Afghanistan operation", "the Kosovo force"
            codes = place_codes(child, frame)
            if codes is None:
                continue
            kind = frame.sentence.mention(child).kind
            if obj.lower_ in lex.place_nouns or (obj.lower_ in MISSION_NOUNS and kind in ("country", "place")):
                found.append((codes, child))
    return found


def _gapped(token: Token, frame: Frame) -> bool:
    """'Spain will send 150 troops to Latvia, Italy 250 to Bulgaria': a name followed by a count
    starts a clause of its own (its sender), it does not go on the list of hosts."""
    mention = frame.sentence.mention(token)
    end = token.i
    if mention is not None:
        span = frame.sentence.span(mention.start, mention.end)
        end = span.end - 1 if span is not None else token.i
    following = token.doc[end + 1] if end + 1 < len(token.doc) else None
    if following is None:
        return False
    if frame.sentence.number(following) is not None:
        return True
    # "Spain will lead a battalion in Slovakia, the Netherlands in Lithuania": a name and its own place;
    # "Romania and Luxembourg is adding", "the Netherlands contributing 200 troops": a clause's subject
    if following.tag_ in ("VBZ", "VBP", "VBD", "MD", "VBG"):
        verb = following.head if following.dep_ in ("aux", "auxpass") else following
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return True  # the name is the subject the verb lacks
    return following.dep_ == "prep" and following.lower_ in ("in", "to") and following.head == token


def prep_places(prep: Token, frame: Frame, leaving: bool) -> list[tuple[tuple[str, ...], Token]]:
    lex = lexicon()
    word = prep.lower_
    if word in lex.not_host_prepositions:
        return []
    if word == "under":
        # "40,000 troops under direct NATO command on the alliance's eastern flank"
        return [
            found
            for obj in prep.children
            if obj.dep_ == "pobj"
            for inner in obj.children
            if inner.dep_ == "prep" and inner.lower_ != "under"
            for found in prep_places(inner, frame, leaving)
        ]
    if word in ("from", "out"):
        if not leaving:
            return []
    elif word not in lex.host_prepositions:
        return []
    found = []
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp") or (child.dep_ == "prep" and word == "out"):
            if child.dep_ == "prep":  # "out of Syria"
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        found.extend(_places_in(grand, frame))
            else:
                found.extend(_places_in(child, frame))
    return found


def is_leaving(frame: Frame) -> bool:
    verb = governing_verb(frame.anchor)
    words = {frame.noun.lower_, frame.noun.lemma_.lower()}
    words.update(c.lower_ for c in frame.noun.children if c.dep_ in ("prep", "advmod", "prt"))
    if verb is not None:
        words.add(verb.lemma_.lower())
        words.update(c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep"))
    return bool(words & LEAVING_WORDS) or frame.measure_hint == "decrease"


def _introducer(token: Token) -> str:
    """The preposition a place hangs under, through the names listed with it."""
    for _ in range(8):
        if token.dep_ in ("conj", "appos", "npadvmod", "compound", "nmod") and token.head != token:
            token = token.head
            continue
        break
    return token.head.lower_ if token.dep_ == "pobj" else ""


def _group(found: list[tuple[tuple[str, ...], Token]]) -> tuple[tuple[str, ...], tuple[Token, ...]]:
    codes = sorted({c for group, _ in found for c in group})
    if any(c not in REGIONS for c in codes):
        codes = [c for c in codes if c not in REGIONS]
    elif len(codes) > 1:
        codes = codes[:1]
    return tuple(codes), tuple(t for _, t in found)


# --- step 1: the noun phrase ----------------------------------------------------------


def _subject_of_next_verb(first: Token, last: Token) -> bool:
    """Whether the conjuncts first..last open a clause of their own (", and the Czech Republic
    and Italy have ..."): the parser took its subject for a conjunct of the words before."""
    doc = first.doc
    start = min(t.i for t in first.subtree)
    end = max(t.i for t in last.subtree) + 1
    after_comma = start >= 2 and doc[start - 1].dep_ == "cc" and doc[start - 2].text == ","
    return after_comma and end < len(doc) and doc[end].tag_ in ("MD", "VBP", "VBZ", "VBD")


def home_to(noun: Token) -> list[Token]:
    """'Romania is home to roughly 1,000 US soldiers', 'Poland, home to 10,000 US troops': the
    place the forces' home is."""
    home = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "to" else None
    if home is None or home.lower_ != "home":
        return []
    verb = home.head
    if not verb.tag_.startswith("VB"):
        return [verb]  # "Poland, home to ..."
    if verb.dep_ == "relcl":
        return [verb.head]  # "Poland, which is home to ..."
    return [c for c in verb.children if c.dep_ == "nsubj"]  # "is home to", "remains home to"


def phrase_hosts(frame: Frame, context) -> list:
    leaving = is_leaving(frame)
    found = []
    noun = frame.noun if frame.anchor == frame.noun else frame.anchor
    for place in home_to(noun):
        # the place and the places joined to it, not an apposition the parser may add
        found.extend((codes, t) for t in [place, *place.conjuncts] if (codes := place_codes(t, frame)))
    if found:
        return found
    # "troops from Britain and the US that are stationed in Estonia": the parser hangs the
    # relative clause on the last name of the "from" phrase
    owners = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "of") for g in c.subtree]
    # "the commitment of hundreds more British troops to the defence of Estonia"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in lexicon().event_nouns:
        for child in noun.head.head.children:
            if child.dep_ == "prep" and child.lower_ != "of":
                found.extend(prep_places(child, frame, leaving))
    for head in [noun, *owners]:
        for child in head.children:
            if head != noun and child.dep_ not in ("acl", "relcl"):
                continue
            if child.dep_ in ("prep", "dative"):
                found.extend(prep_places(child, frame, leaving))
            elif child.dep_ in ("acl", "relcl") and not _about_other_forces(child, frame):
                # "troops stationed in Estonia", "soldiers who are deployed in Poland"; but
                # "soldiers based in Vicenza, Italy, are arriving in Poland": where they come from
                if (
                    child.lemma_.lower() in HOME_BASE_VERBS or child.lemma_.lower() in ("stay", "remain", "serve")
                ) and _verb_has_place(frame):
                    continue
                for grand in child.children:
                    if grand.dep_ == "prep":
                        found.extend(prep_places(grand, frame, leaving or _leaving_verb(child)))
                    if grand.dep_ in ("advmod",) and grand.lower_ in lexicon().host_reference_adverbs:
                        return []  # "1,700 stationed there": step 4
    if found:
        # "the US presence in Poland and the Baltic states": the parser joins the group to the noun;
        # but "95 soldiers in Mali, and the Czech Republic and Italy have also sent ...": a new subject
        joined = [c for c in noun.conjuncts if place_codes(c, frame) and c.i > noun.i]
        if joined and not _subject_of_next_verb(joined[0], joined[-1]):
            found.extend((place_codes(c, frame), c) for c in joined)
        return found
    # "14,000 US forces as well as thousands of other NATO troops in Afghanistan": one place for both
    for partner in (c for c in noun.conjuncts if c.i > noun.i and c.tag_ in ("NNS", "NN")):
        heads = [partner] + [g for c in partner.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        for head in heads:
            for child in head.children:
                if child.dep_ == "prep":
                    found.extend(prep_places(child, frame, leaving))
    return found


# Nouns a country names the scene of: "the Afghanistan operation", "the Kosovo force".
MISSION_NOUNS = frozenset(
    {
        "operation",
        "operations",
        "mission",
        "missions",
        "deployment",
        "campaign",
        "force",
        "theater",
        "theatre",
        "front",
        "numbers",
    }
)
# Verbs whose object is the place forces leave.
LEFT_VERBS = frozenset({"leave", "exit", "quit", "evacuate", "abandon", "vacate"})
HOME_BASE_VERBS = frozenset({"base", "station", "headquarter", "garrison", "home"})


def _verb_has_place(frame: Frame) -> bool:
    verb = governing_verb(frame.anchor)
    return verb is not None and any(
        c.dep_ in ("prep", "dative") and prep_places(c, frame, False) for c in verb.children
    )


def _about_other_forces(clause: Token, frame: Frame) -> bool:
    """'... a new battlegroup in Romania and the Netherlands contributing 200 troops to
    Lithuania': a clause whose verb has forces of its own says where those go."""
    return any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.i != frame.noun.i and _is_force(c) for c in clause.children
    )


def _leaving_verb(verb: Token) -> bool:
    return verb.lemma_.lower() in LEAVING_WORDS or any(c.lower_ == "out" for c in verb.children)


# --- step 2: the verb -----------------------------------------------------------------


def verb_hosts(frame: Frame, context) -> list:
    verb = governing_verb(frame.anchor)
    if verb is None:
        return []
    leaving = is_leaving(frame)
    own = frame.anchor.i
    # the objects of the same verb: a place belongs to the object just before it
    siblings = sorted(
        {
            t.i
            for t in verb.subtree
            if t.i != own
            and t.dep_ in ("dobj", "conj", "nsubj", "nsubjpass", "attr")
            and t.head in (verb, frame.anchor)
            and _is_force(t)
        }
        | {f.anchor.i for f in frame.sentence.frames if f.anchor.i != own and f.anchor.head == verb}
        | {f.anchor.i for f in frame.sentence.frames if f.anchor.i != own and f.borrowed_from is not None}
    )
    found = []
    # the verb's own words, and those of a participle the parser put between it and the noun
    # ("withdraw all remaining 2,500 US troops from Afghanistan")
    between = []
    head = frame.anchor.head
    while head != verb and head.head != head and len(between) < 3:
        if head.tag_ in ("VBG", "VBN"):
            between.append(head)
        head = head.head
    for child in [c for h in (verb, *between) for c in h.children]:
        if child.dep_ in ("prep", "dative", "prt", "advmod", "agent"):
            places = (
                prep_places(child, frame, leaving) if child.dep_ in ("prep", "dative") or child.lower_ == "out" else []
            )
            if child.lower_ in ("home", "back", "away"):
                # "rotated home from Lithuania": the place they leave
                places = [p for g in child.children if g.dep_ == "prep" for p in prep_places(g, frame, True)]
            if places and _belongs_here(child.i, own, siblings):
                found.extend(places)
        elif child.dep_ == "dobj" and child != frame.noun and verb.lemma_.lower() in LEFT_VERBS:
            found.extend(_places_in(child, frame))  # "the last Dutch troops left Mali"
        elif child.dep_ in ("advcl", "conj", "xcomp") and any(
            g.dep_ == "dobj" and g.lower_ in ("them", "it", "those", "these") for g in child.children
        ):
            # "will double the number of its battlegroups, sending them to Hungary, Romania ..."
            for grand in child.children:
                if grand.dep_ == "prep":
                    found.extend(prep_places(grand, frame, leaving))
        elif child.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in child.children if a.dep_ == "aux"):
            # "to help defend Lithuania", "to take part in exercises across eastern Europe"
            if child.lemma_.lower() in PURPOSE_VERBS:
                for grand in _own_clause(child):
                    if grand.dep_ == "pobj" and grand.head.lower_ not in lexicon().host_prepositions:
                        continue  # "to protect allies near Russia": not where they go
                    if grand.dep_ in ("dobj", "pobj") and place_codes(grand, frame):
                        found.extend(_places_in(grand, frame))
                        break
            for grand in child.children:
                if grand.dep_ == "prep":
                    found.extend(prep_places(grand, frame, leaving))
    if found:
        found.extend(
            (place_codes(c, frame), c) for c in frame.noun.conjuncts if place_codes(c, frame) and c.i > frame.noun.i
        )
    if not found and verb.lemma_.lower() in lexicon().hosting_verbs and frame.noun.dep_ == "dobj":
        # "Latvia hosts about 1,700 Nato troops", "its eastern flank will get four more battlegroups",
        # "Greece offered to host more American warships"
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "xcomp":
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        for subject in subjects:
            found.extend(_places_in(subject, frame))
    if not found and verb.dep_ in ("xcomp", "conj") and verb.head.tag_.startswith("VB"):
        # "agreed to send troops ... ", "will arrive and be deployed in Poland": the verb above
        for child in verb.head.children:
            if child.dep_ == "prep" and child.i > verb.i:
                found.extend(prep_places(child, frame, leaving))
    return found


def _belongs_here(position: int, own: int, siblings: list[int]) -> bool:
    """Does a place at ``position``, hanging on the verb, belong to the noun at ``own`` rather
    than to another object of the verb? It belongs to the object just before it ("two frigates
    to the Baltic Sea and 200 troops to Romania"; "150 troops to Latvia, Italy 250 to Bulgaria")."""
    if position > own:
        return not any(own < s < position for s in siblings)
    return not any(s < position for s in siblings) and not any(position < s < own for s in siblings)


def _is_force(token: Token) -> bool:
    lex = lexicon()
    return (
        token.lower_ in lex.force_nouns or token.lower_ in lex.formation_nouns or bool(lex.designator.match(token.text))
    )


def following_hosts(frame: Frame, context) -> list:
    """The parser lost the attachment ("moved more troops and weaponry to eastern member
    states"): a place right after the noun, in its clause, before any other verb or noun of forces."""
    doc = frame.noun.doc
    lex = lexicon()
    for token in doc[frame.noun.i + 1 : frame.noun.i + 9]:
        if token.tag_.startswith("VB") or token.text in (";", ":", "—", "–") or _is_force(token):
            return []
        if token.dep_ == "prep" and token.lower_ in lex.host_prepositions and token.lower_ not in ("for", "out", "on"):
            return prep_places(token, frame, is_leaving(frame))
    return []


# --- step 3: a relative clause on a place -----------------------------------------------


def relative_hosts(frame: Frame, context) -> list:
    token = frame.anchor
    for _ in range(5):
        if token.dep_ in ("relcl", "acl", "advcl") and token.head.tag_.startswith("NN"):
            found = _places_in(token.head, frame)  # "Estonia, where ...", "the Polish town of Rzeszów, where ..."
            if found:
                return found
        if token.head == token:
            return []
        token = token.head
    return []


# --- step 4: a word pointing back ---------------------------------------------------------


def reference_hosts(frame: Frame, context) -> list:
    lex = lexicon()
    verb = governing_verb(frame.anchor)
    scope = [frame.anchor, frame.noun] + ([verb] if verb is not None else [])
    if (
        frame.noun.dep_ == "pobj"
        and frame.noun.head.lower_ == "of"
        and frame.noun.head.head.lower_ in lexicon().event_nouns
    ):
        scope.append(frame.noun.head.head)  # "the stationing of 1,500 Nato troops on its territory"
    refers = False
    for head in scope:
        # the verb's own phrases: "approved the deployment of 2,100 troops on its territory"
        words = head.subtree if head != verb else _verb_phrases(head)
        for child in words:
            if child.lower_ in lex.host_reference_adverbs and child.dep_ in ("advmod", "npadvmod", "pcomp"):
                refers = True
            if child.dep_ == "pobj" and (
                child.head.lower_ in ("in", "on", "to", "into", "across", "from")
                or child.head.lower_ == "of"
                and child.head.head.lower_ == "out"
            ):
                determiners = {d.lower_ for d in child.children if d.dep_ in ("det", "poss")}
                if child.lower_ in lex.host_reference_nouns and (
                    determiners & {"the", "that", "this"} or child.lower_ in ("theater", "theatre", "place", "ground")
                ):
                    refers = "country" if child.lower_ in ("country", "nation") else True
                if child.lower_ in ("territory", "soil") and determiners & {"its", "their"}:
                    refers = "owner"
    if not refers:
        return []
    if refers == "owner":
        owner = _subject_place(frame)
        if owner:
            return owner
    earlier = _places_before(frame, country_only=refers == "country")
    if earlier:
        return earlier
    if context is not None and context.hosts:
        return [(context.hosts, None)]
    return []


def _own_clause(verb: Token) -> list[Token]:
    """The verb's subtree without the verbs joined to it ("to join Nato naval forces and
    considering sending fighter jets to Bulgaria": Bulgaria is the jets' place)."""
    joined = [c for c in verb.children if c.dep_ == "conj" and c.tag_.startswith("VB")]
    skipped = {t.i for c in joined for t in c.subtree}
    return [t for t in verb.subtree if t.i not in skipped]


def _verb_phrases(verb: Token) -> list[Token]:
    """The verb's children and the words of its prepositions, through "out of"."""
    words = []
    for child in verb.children:
        words.append(child)
        if child.dep_ == "prep":
            for grand in child.children:
                words.append(grand)
                if child.lower_ == "out" and grand.dep_ == "prep":
                    words.extend(grand.children)  # "flew their last soldiers out of the country"
    return words


def _subject_place(frame: Frame) -> list:
    """The country that is the subject of a clause above the noun: "Hungary, whose prime
    minister has kept close ties with Moscow, said the battlegroup on its territory ..."."""
    senders = {s.code for s in frame.senders}
    head = frame.anchor
    for _ in range(8):
        if head.head == head:
            break
        head = head.head
        for subject in (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < frame.anchor.i):
            codes = place_codes(subject, frame)
            if codes and sentence_kind(frame, subject) == "country" and not set(codes) <= senders:
                return [(codes, subject)]
    # the parser hung the subject elsewhere: the last country before the noun that is a subject
    for token in reversed(frame.sentence.doc[: frame.anchor.i]):
        codes = place_codes(token, frame) if token.dep_ in ("nsubj", "nsubjpass") else None
        if codes and sentence_kind(frame, token) == "country" and not set(codes) <= senders:
            return [(codes, token)]
    return []


def sentence_kind(frame: Frame, token: Token) -> str:
    mention = frame.sentence.mention(token)
    return mention.kind if mention is not None else ""


def _places_before(frame: Frame, country_only: bool = False) -> list:
    """The last place named before the noun in its sentence ("the veterans of Iraq ...
    the withdrawal of the last troops from there")."""
    sentence = frame.sentence
    senders = {s.code for s in frame.senders}
    best = []
    for token in sentence.doc[: frame.anchor.i]:
        mention = sentence.head_of.get(token.i)
        codes = place_codes(token, frame)
        if (
            codes is None
            and country_only
            and mention is not None
            and mention.kind == "demonym"
            and not _is_force(token.head)
        ):
            codes = mention.codes  # "the Iraqi parliament ... the troops in the country" (not "Italian troops")
        if codes is None or mention is None or set(codes) <= senders:
            continue
        best = best + [(codes, token)] if token.dep_ in ("conj", "appos") and best else [(codes, token)]
    return best


# --- step 5: elsewhere in the sentence ---------------------------------------------------


# A sentence opening "Concerning Syria," or "On Afghanistan," is about that place.
TOPIC_PREPOSITIONS = frozenset({"concerning", "regarding", "on"})


def _has_own_object(verb: Token, frame: Frame) -> bool:
    """Does a joined verb (or the verb under it) have an object of its own, not the frame's noun?"""
    return any(
        t.dep_ == "dobj" and t.tag_ in ("NNS", "NN") and frame.noun not in t.subtree
        for t in verb.subtree
        if t.head == verb or t.head.head == verb
    )


def clause_hosts(frame: Frame, context) -> list:
    """A place in a place role anywhere in the sentence (or the place it opens on), when it is
    the only one."""
    if frame.role in ("operation", "presence") or own_destination(frame) or at_sea(frame):
        return []  # "two frigates to the Baltic Sea and 200 troops to Romania": not Romania
    sentence = frame.sentence
    lex = lexicon()
    groups = []
    scope = sentence.doc
    if not frame.numbered:
        verb = governing_verb(frame.anchor)
        if verb is None:
            return []
        if verb.dep_ in ("advcl", "conj") and verb.head.tag_.startswith("VB"):
            verb = verb.head  # "Wallace was in Finland ... as British troops took part in exercises"
        # "is sending ships to join Nato naval forces and is considering sending fighter jets to
        # Bulgaria": a joined verb's place belongs to that verb's own object
        elsewhere = {t.i for c in verb.children if c.dep_ == "conj" and _has_own_object(c, frame) for t in c.subtree}
        scope = [t for t in verb.subtree if t.i not in elsewhere]
    for token in scope:
        # "Concerning Syria, he ... was convinced to leave a rump force of about 1,000 troops"
        topic = token.head.i == 0 and token.head.lower_ in TOPIC_PREPOSITIONS and token.dep_ in ("pobj", "dobj")
        if token.dep_ != "pobj" and not topic:
            continue
        if not topic and (
            token.head.lower_ not in lex.host_prepositions
            or token.head.lower_ in ("for", "on", "out")
            or token.head.head.lower_ in lex.scene_nouns
        ):
            continue
        places = _places_in(token, frame)
        if places:
            groups.append(places)
    if len(groups) == 1:
        return groups[0]
    return []


# --- step 6: the previous sentence --------------------------------------------------------


def context_hosts(frame: Frame, context) -> list:
    """Only a count, or forces the previous sentence's figures were about, take its hosts:
    a bare "British fighter jets" in a sentence naming no place is no deployment."""
    if context is None or not context.hosts or frame.role == "presence" or own_destination(frame) or at_sea(frame):
        return []
    anaphoric = _definite(frame.noun) and frame.noun.dep_ in ("nsubj", "nsubjpass")
    if frame.numbered or context.from_figures and (frame.count_how == "vague" or anaphoric):
        return [(context.hosts, None)]
    owned = any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in frame.noun.children)
    if is_leaving(frame) and (frame.noun.dep_ in ("nsubj", "nsubjpass") or owned):
        # "... western countries are pulling out of Ukraine. Training missions by US, British and
        # Canadian troops have also been withdrawn", "Britain has pulled out its contingent": the
        # place they left
        return [(context.hosts, None)]
    return []


SEA_WORDS = frozenset(
    {
        "sea",
        "ocean",
        "gulf",
        "strait",
        "straits",
        "channel",
        "mediterranean",
        "atlantic",
        "pacific",
        "arctic",
        "waters",
        "bay",
    }
)


def at_sea(frame: Frame) -> bool:
    """'40 ships and 8,600 personnel are involved in this year's drills in the Baltic Sea': the
    forces are at sea, not in a country named elsewhere."""
    verb = governing_verb(frame.anchor)
    scope = list(frame.noun.subtree) + (list(verb.subtree) if verb is not None else [])
    return any(t.lower_ in SEA_WORDS and t.dep_ in ("pobj", "compound") and t.tag_.startswith("NN") for t in scope)


def own_destination(frame: Frame) -> bool:
    """'attached to the rapid reaction force', 'extra U.S. forces sent to the Middle East':
    forces that go to something named that is no place we can code."""
    verb = governing_verb(frame.anchor)
    participles = [c for c in frame.noun.children if c.dep_ in ("acl", "relcl")]
    for head in (frame.noun, verb, *participles):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "into"):
                objects = [
                    g
                    for g in child.children
                    if g.dep_ == "pobj"
                    and frame.sentence.number(g) is None
                    and g not in (frame.noun, frame.anchor)
                    and not any(frame.sentence.number(c) is not None for c in g.children)
                ]
                lex = lexicon()
                if objects and all(
                    o.lower_ not in lex.host_reference_nouns and not _places_in(o, frame) for o in objects
                ):
                    return True
    return False


def _definite(noun: Token) -> bool:
    """'the troops', 'these forces', 'its soldiers', 'they': forces already named."""
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "these", "those", "its", "their", "our", "this")
        for c in noun.children
    )


HOST_STEPS = (
    ("phrase", phrase_hosts),
    ("verb", verb_hosts),
    ("following", following_hosts),
    ("relative", relative_hosts),
    ("reference", reference_hosts),
    ("clause", clause_hosts),
    ("previous", context_hosts),
)


def borrowed_hosts(frame: Frame, context) -> list:
    """An elliptical or changed count with no place of its own is where its source is."""
    source = frame.borrowed_from
    if source is None or not source.hosts or own_destination(frame):
        return []  # "shifting nearly 5,600 to other NATO countries": not where the 12,000 were
    return [(source.hosts, None)]


def find_hosts(frame: Frame, context) -> None:
    steps = HOST_STEPS[:1] if frame.role == "operation" else HOST_STEPS
    if frame.borrowed_from is not None:
        steps = (*steps[:4], ("borrowed", borrowed_hosts), *steps[4:])
    for how, step in steps:
        found = step(frame, context)
        if found:
            destinations = [f for f in found if f[1] is not None and _introducer(f[1]) in DESTINATION_PREPOSITIONS]
            codes, tokens = _group(destinations or found)
            if codes:
                frame.hosts, frame.host_how, frame.host_tokens = codes, how, tuple(t for t in tokens if t is not None)
                frame.host_prep = next((_introducer(t) for t in frame.host_tokens if _introducer(t)), "")
                if how == "previous":
                    frame.context_used = True
                return
