"""The deployment-figure extractor: article text in, figures and candidate sentences out.

The pipeline is an ordered list of small stages, each in the module named for
what it decides (GUIDELINES.md says what a figure is):

1. ``sentences``  — split the article, with offsets;
2. ``signals``    — keep the sentences that name forces (most have none);
3. ``mentions``   — states, places, NATO and numbers (``numbers``) in them;
4. ``parse``      — parse those that also name a place, a state or a number;
5. ``frames``     — a frame per noun of forces, with its count(s);
6. ``senders``, ``hosts`` — who sends, where to, along the dependency tree;
7. ``vetoes``     — what makes a frame no figure (negation, requests, ...);
8. ``attributes`` — measure, status, kind, exercise;
9. ``confidence`` — how sure each figure is;
10. ``merge``     — one figure per (contributor, hosts, count) per article;
11. ``candidates`` — sentences that signal a deployment but gave no figure.

The previous sentence lends its sender and hosts to the next (``context``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from . import attributes, candidates, context, hosts, senders, signals, vetoes
from .confidence import confidence
from .frames import Frame, Sender, anaphoric_count, anaphoric_frames, count_the_whole, frames_for, governing_verb
from .gazetteer import Mention, gazetteer
from .lexicon import lexicon
from .mentions import is_headline, place_mentions, sentence_mentions, text_for_parser
from .merge import merge
from .numbers import Number, find_numbers
from .parse import ParsedSentence, parse
from .sentences import split_sentences

EXTRACTOR_VERSION = "2026.12.1"

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
MEASURES = ("total", "increase", "decrease")
STATUSES = ("planned", "present", "ended")
KINDS = ("troops", "aircraft", "ships", "other")

# A figure below this confidence is not proposed; its sentence becomes a candidate.
MIN_CONFIDENCE = 0.4
# Sentences parsed per article, at most: a long article has a few dozen that can hold a
# figure; a pasted megabyte of word soup must not take a minute.
MAX_PARSED = 200


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
    confidence: float = 1.0

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
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Candidate:
    """A sentence that signals a deployment but gave no figure: for an editor to check."""

    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass
class Analysis:
    figures: list[Figure] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class SentenceRecord:
    """A sentence of the article as the pipeline sees it."""

    index: int
    start: int
    end: int
    text: str
    names_forces: bool
    worth_parsing: bool = False
    mentions: list[Mention] | None = None  # looked up only where needed (read_sentences)
    numbers: list[Number] = field(default_factory=list)
    parsed: ParsedSentence | None = None
    figures: list[Figure] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)


# --- stages 1-4: sentences, signals, mentions, parse ----------------------------------


def read_sentences(text: str, published: dt.date | None) -> list[SentenceRecord]:
    """The article's sentences; names are looked up only in those that name forces and the
    ones just before them (which may lend a sender or a place)."""
    words = signals.force_words(text)
    spans = list(split_sentences(text))
    records = []
    k = 0
    parsed = 0
    for index, (start, end) in enumerate(spans):
        if parsed >= MAX_PARSED:
            records.append(SentenceRecord(index, start, end, text[start:end], False))
            continue
        while k < len(words) and words[k][0] < start:
            k += 1
        here = []
        while k < len(words) and words[k][0] < end:
            here.append(words[k])
            k += 1
        record = SentenceRecord(index, start, end, text[start:end], bool(here))
        records.append(record)
        if not here:
            if index and records[index - 1].worth_parsing and signals.refers_to_counted_forces(record.text):
                record.mentions = sentence_mentions(record.text, published)
                record.numbers = find_numbers(record.text)
                record.worth_parsing = bool(record.mentions or record.numbers)
            continue
        if index and records[index - 1].mentions is None:
            records[index - 1].mentions = sentence_mentions(records[index - 1].text, published)
        record.mentions = sentence_mentions(record.text, published)
        if all(weak for _, _, weak in here):
            record.names_forces = any(
                signals.military_word_before(text, s, record.mentions, start, published) for s, _, _ in here
            )
        if record.names_forces:
            record.numbers = find_numbers(record.text)
            places_before = index > 0 and any(m.kind in signals.PLACE_KINDS for m in records[index - 1].mentions)
            record.worth_parsing = signals.worth_parsing(
                record.text, record.mentions, record.numbers, places_before, published, [w - start for w, _, _ in here]
            )
        parsed += record.worth_parsing
    return records


def parse_sentences(records: list[SentenceRecord]) -> None:
    chosen = [r for r in records if r.worth_parsing]
    docs = parse(text_for_parser(r.text, r.mentions) for r in chosen)
    for record, doc in zip(chosen, docs, strict=True):
        mentions = record.mentions + place_mentions(doc, record.mentions)
        mentions.sort(key=lambda m: m.start)
        record.parsed = ParsedSentence(record.text, record.start, record.index, doc, mentions, record.numbers)


# --- stages 5-9: frames and their decisions ----------------------------------------------


def decide(frame: Frame, lent: context.Context, published: dt.date | None) -> None:
    """Run the deciding steps that find a frame's parts: count, sender, hosts."""
    chain = vetoes.verb_chain(frame)
    vetoes.drop_casualty_count(frame, chain)
    if vetoes.casualty(frame, chain):
        frame.evidence.append("casualty")
    if is_headline(frame.sentence.text):
        frame.evidence.append("headline")
    anaphoric_count(frame, lent)
    frame.senders = senders.find_senders(frame, lent)
    if not frame.numbered and len(frame.senders) > 1:
        # "exercises with Finnish, US and Estonian troops" (2022): the members' troops are there
        members = [s for s in frame.senders if gazetteer().is_member(s.code, published)]
        frame.senders = members or frame.senders
    if frame.senders and frame.senders[0].how == "previous":
        frame.context_used = True
    hosts.find_hosts(frame, lent)
    if (not frame.senders or frame.senders[0].how == "previous") and frame.host_how in ("phrase", "verb"):
        restated = senders.restated_senders(frame, lent)
        if restated:  # the article's own statement of that count beats the sentence before
            frame.senders, frame.context_used = restated, False
            hosts.find_hosts(frame, lent)
    leaving_for_home(frame)
    if frame.count_how == "anaphora" and frame.host_how in ("previous", ""):
        frame.count = frame.count_max = frame.measure_hint = None  # no new host: nothing new said
        frame.count_how, frame.qualifier = "", "exact"
    drop_home_hosts(frame)


def judge(frame: Frame, lent: context.Context, published: dt.date | None) -> None:
    """Run the deciding steps that judge a frame with a sender: vetoes and attributes."""
    frame.measure = attributes.measure(frame)
    frame.veto = vetoes.veto(frame, published, gazetteer())
    if (
        frame.veto in ("requested", "hypothetical", "negated")
        and (frame.measure == "decrease" or hosts.is_leaving(frame))
        and frame.host_how in ("phrase", "verb")
        and not set(frame.hosts) & hosts.REGIONS
    ):
        # "considering removing all US troops in Afghanistan": the withdrawal is no
        # figure, but the forces it would remove are there now
        frame.veto, frame.measure, frame.status_hint = None, "total", "present"
        frame.evidence.append("implied-presence")
        count_the_whole(frame)
    frame.status = attributes.status(frame, published)
    frame.exercise = attributes.exercise(frame, lent)


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Verbs that put forces into a formation: "contributes 1,700 troops to a battle group", "join the NATO mission".
CONTRIBUTING_VERBS = frozenset(
    {
        "contribute",
        "join",
        "lead",
        "attach",
        "integrate",
        "send",
        "deploy",
        "commit",
        "assign",
        "add",
        "provide",
        "assist",
        "support",
        "protect",
        "defend",
        "guard",
        "serve",
        "reinforce",
        "bolster",
        "augment",
        "supplement",
        "form",
        "make",
        "staff",
        "man",
    }
)


PART_VERBS = frozenset({"include", "comprise", "consist", "involve", "number"})


def part_of_a_count(frame: Frame, frames: list[Frame]) -> bool:
    """'The 3,000 troops include 2,000 from the 82nd Airborne and 1,000 based in Germany':
    the parts of a count already given are no figures of their own."""
    if not frame.numbered or frame.borrowed_from is None:
        return False
    token = frame.anchor
    for _ in range(3):
        head = token.head
        if head.lemma_.lower() in PART_VERBS or token.dep_ == "pobj" and head.lower_ in ("including", "among"):
            owner = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if head.lower_ in ("including", "among"):
                owner = head.head
            return owner is not None and any(other.noun == owner and other.numbered for other in frames)
        if token.dep_ not in ("conj", "dobj", "appos", "pobj"):
            return False
        token = head
    return False


def led_by_a_state(frame: Frame) -> None:
    """'Canada leads the battle group in Latvia', 'Spain will lead a battalion in Slovakia':
    the leading state's forces are there (the battlegroup's own size, when given, is NATO's)."""
    verb = governing_verb(frame.anchor)
    if frame.role != "formation" or frame.numbered or verb is None or verb.lemma_.lower() != "lead":
        return
    if frame.noun.dep_ != "dobj":
        return
    found = senders.subject_senders(frame, None)
    if found and all(s.code != "NATO" for s in found):
        frame.senders = found


LEADING_VERBS = frozenset({"lead", "head", "command"})
GAP_WORDS = frozenset({",", "and", "while", "the", "one", "ones", "battalion", "battlegroup", "force", "group"})


def gapped_leads(frames: list[Frame]) -> list[Frame]:
    """'The US will lead the battalion in Poland, Britain the one in Estonia, Germany in
    Lithuania and Canada in Latvia': each state named in the list leads (and so has forces)
    where the list puts it."""
    found = []
    for frame in frames:
        verb = governing_verb(frame.anchor)
        if verb is None or verb.lemma_.lower() not in LEADING_VERBS or frame.noun.dep_ != "dobj":
            continue
        if not frame.senders or not frame.host_tokens or frame.numbered or frame.veto:
            continue
        sentence = frame.sentence
        doc = sentence.doc
        i = max(t.i for t in frame.host_tokens) + 1
        while i < len(doc):
            while i < len(doc) and doc[i].lower_ in GAP_WORDS:
                i += 1
            state = sentence.mention(doc[i]) if i < len(doc) else None
            if state is None or state.kind not in ("country", "capital") or len(state.codes) != 1:
                break
            j = i
            while j < len(doc) and sentence.mention(doc[j]) is state:
                j += 1
            while j < len(doc) and doc[j].lower_ in GAP_WORDS:
                j += 1
            if j >= len(doc) or doc[j].lower_ != "in" or j + 1 >= len(doc):
                break
            place = sentence.mention(doc[j + 1])
            if place is None or place.kind not in ("country", "group") or place.codes == state.codes:
                break
            gapped = copy.copy(frame)
            gapped.anchor, gapped.evidence = doc[i], [*frame.evidence, "gapped"]
            gapped.senders = [Sender(state.codes[0], "subject", doc[i])]
            gapped.hosts, gapped.host_how = place.codes, "phrase"
            found.append(gapped)
            i = j + 2
            while i < len(doc) and sentence.mention(doc[i]) is place:
                i += 1
    return found


def part_of_another(frame: Frame, frames: list[Frame]) -> bool:
    """A NATO formation that other forces join, assist or are contributed to is part of
    their figure, not one of its own: "contributes 1,700 troops to a multinational battle
    group", "the jets would join the NATO mission", "left for Romania to assist NATO forces"."""
    if frame.numbered or frame.noun.dep_ in SUBJECT_DEPS or "gapped" in frame.evidence:
        return False
    if frame.role != "formation" and not all(s.code == "NATO" for s in frame.senders):
        return False
    if frame.noun.dep_ == "conj" and any(other.noun == frame.noun.head for other in frames):
        return False  # "joined by 250 Belgian troops and a small Dutch detachment": forces of their own
    # "1,600 German troops as part of the Nato battlegroup", "35 jets ... during a Nato air
    # policing mission": the formation the sentence's forces serve in
    if frame.noun.dep_ == "pobj" and any(other is not frame and other.senders for other in frames):
        prep = frame.noun.head
        if prep.lower_ in ("during", "within") or prep.lower_ == "of" and prep.head.lower_ == "part":
            return True
    # "150 soldiers from the 173rd Airborne Brigade Combat Team": the unit they come from
    unit_of = frame.noun.dep_ == "pobj" and frame.noun.head.lower_ in ("from", "of")
    if unit_of and any(other is not frame and other.noun == frame.noun.head.head for other in frames):
        return True
    verb = governing_verb(frame.anchor)
    if verb is None or verb.lemma_.lower() not in CONTRIBUTING_VERBS:
        return False
    if verb.lemma_.lower() == "join" and any(c.dep_ == "nsubj" and c.lower_ == "they" for c in verb.children):
        return True  # "Dutch soldiers have arrived in Lithuania, where they will join a Nato battlegroup"
    for other in frames:
        if other is frame or other.veto or "gapped" in other.evidence:
            continue
        other_verb = governing_verb(other.anchor)
        if other_verb is None or not (other.numbered or other.noun.dep_ in SUBJECT_DEPS or other.senders):
            continue
        if other_verb == verb or (verb.head == other_verb and verb.dep_ in ("xcomp", "advcl", "relcl", "acl")):
            return True
    return False


# Verbs whose object is forces other forces serve: "to protect allied forces", "to join them".
SERVING_VERBS = frozenset({"protect", "defend", "guard", "support", "assist", "reassure", "join", "reinforce"})


def share_the_scene(frames: list[Frame]) -> None:
    """'Most U.S. troops in Afghanistan work with a NATO-led training mission': forces named
    with no place of their own are where the sentence's other forces are, when those are all
    in one place."""
    placed = {f.hosts for f in frames if f.hosts and not f.veto and f.host_how in ("phrase", "verb", "relative")}
    if len(placed) != 1:
        return
    (scene,) = placed
    for frame in frames:
        if frame.role not in ("force", "formation") or frame.hosts or not frame.senders or frame.veto:
            continue
        if hosts.own_destination(frame):
            continue  # "two frigates to the Baltic Sea and 200 troops to Romania"
        verb = governing_verb(frame.anchor)
        if verb is not None and verb.lemma_.lower() in PART_VERBS:
            continue  # "The 3,000 troops include ... 1,000 based in Germany": the parts are elsewhere
        if verb is not None and frame.noun.dep_ == "dobj" and verb.lemma_.lower() in SERVING_VERBS:
            continue  # "moved two Patriot batteries to Poland ... to protect allied forces": the protected
        if verb is not None and any(c.dep_ == "xcomp" and c.lemma_.lower() in SERVING_VERBS for c in verb.children):
            continue  # "is sending ships to join Nato naval forces and ... jets to Bulgaria": where the joined are
        if not set(scene) & {s.code for s in frame.senders}:
            frame.hosts, frame.host_how = scene, "sentence"


TOTALLING_VERBS = frozenset({"total", "number", "comprise", "reach", "count"})


def one_sender_in_the_sentence(frames: list[Frame]) -> None:
    """'... announced a full withdrawal of U.S. troops – only to be convinced to leave a rump
    force of about 1,000 troops': a count with no sender of its own, after forces that are all
    one state's, is that state's."""
    for frame in frames:
        if not frame.numbered or frame.senders or frame.role != "force":
            continue
        codes = {s.code for f in frames if f.senders and f.anchor.i < frame.anchor.i for s in f.senders}
        if len(codes) == 1:
            frame.senders = [Sender(codes.pop(), "sentence", None)]


def counted_by_their_subject(frames: list[Frame]) -> None:
    """'its four battlegroups in Poland and the three Baltic states will total about 4,500
    troops': the count is the subject's forces, sent where they are."""
    for frame in frames:
        verb = governing_verb(frame.anchor)
        if not frame.numbered or verb is None or verb.lemma_.lower() not in TOTALLING_VERBS:
            continue
        if frame.noun.dep_ not in ("dobj", "attr") or frame.noun.head != verb:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        counted = next((f for f in frames if f is not frame and f.noun == subject and f.hosts), None)
        if counted is not None:
            frame.hosts, frame.host_how = counted.hosts, counted.host_how
            frame.senders = counted.senders or frame.senders


def leaving_for_home(frame: Frame) -> None:
    """'The 2nd Cavalry Regiment, about 4,500 soldiers based in Vilseck, Germany, will return to
    the United States': forces going home are a decrease where they were based."""
    codes = {s.code for s in frame.senders}
    if not codes or not set(frame.hosts) <= codes or not hosts.is_leaving(frame):
        return
    noun = frame.anchor if frame.borrowed_from is not None else frame.noun
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in hosts.HOME_BASE_VERBS:
            places = [p for g in child.children if g.dep_ == "prep" for p in hosts.prep_places(g, frame, False)]
            if places:
                frame.hosts = tuple(sorted({c for group, _ in places for c in group}))
                frame.host_how, frame.measure_hint = "phrase", "decrease"
                return


def drop_home_hosts(frame: Frame) -> None:
    """Forces at home are no deployment: the host is never the sender itself (nor
    NATO's headquarters country for NATO)."""
    codes = {s.code for s in frame.senders}
    if "NATO" in codes:
        codes |= lexicon().home_of_nato
    if len(codes) > 1 and not frame.numbered and set(frame.hosts) & codes:
        # "U.S. and Polish soldiers ... in Poland": the Polish soldiers are at home
        frame.senders = [s for s in frame.senders if s.code not in frame.hosts]
        return
    if codes and set(frame.hosts) & codes:
        frame.hosts = tuple(h for h in frame.hosts if h not in codes)
        if not frame.hosts:
            frame.host_how = ""


def figures_of(frame: Frame, record: SentenceRecord) -> list[Figure]:
    if frame.veto or not frame.hosts or not frame.senders:
        return []
    if not frame.numbered and frame.kind != "troops" and frame.noun.tag_ in ("NN", "NNP") and frame.role == "force":
        return []  # "the helicopter", "a ship": one machine is no deployment figure
    codes = list(dict.fromkeys(s.code for s in frame.senders))
    if frame.numbered:
        # "20,000 US and NATO troops": one count for forces of several states is NATO's
        contributors = ["NATO"] if len(codes) > 1 else codes
    elif any(s.how == "from" and s.code != "NATO" for s in frame.senders):
        # "NATO troops from Britain, France and the US": one figure per state
        contributors = [c for c in codes if c != "NATO"]
    else:
        contributors = codes
    value = confidence(frame)
    if value < MIN_CONFIDENCE:
        return []
    rule = "/".join(
        part
        for part in (
            frame.role,
            frame.count_how or "no-count",
            "sender:" + (frame.senders[0].how if frame.senders else "none"),
            "host:" + frame.host_how,
            *frame.evidence,
        )
        if part
    )
    return [
        Figure(
            contributor=contributor,
            hosts=frame.hosts,
            count=frame.count,
            count_max=frame.count_max,
            qualifier=frame.qualifier,
            measure=frame.measure,
            status=frame.status,
            kind=frame.kind,
            exercise=frame.exercise,
            sentence=record.text,
            start=record.start,
            end=record.end,
            rule=rule,
            confidence=value,
        )
        for contributor in contributors
        if contributor not in frame.hosts
    ]


def sentence_figures(record: SentenceRecord, lent: context.Context, published: dt.date | None) -> list[Figure]:
    """Stages 5-9 for one parsed sentence."""
    record.frames = frames_for(record.parsed) if record.names_forces else anaphoric_frames(record.parsed, lent)
    record.parsed.frames = record.frames
    # frames that take their noun from another are decided after it
    for frame in sorted(record.frames, key=lambda f: f.borrowed_from is not None):
        decide(frame, lent, published)
    share_the_scene(record.frames)
    counted_by_their_subject(record.frames)
    one_sender_in_the_sentence(record.frames)
    for frame in record.frames:
        led_by_a_state(frame)
        if frame.senders:  # a frame with no sender gives no figure: nothing to judge
            judge(frame, lent, published)
    record.frames.extend(gapped_leads(record.frames))  # judged as the frame they repeat
    figures = []
    for frame in record.frames:
        if part_of_another(frame, record.frames):
            frame.veto = "part-of-another"
        elif part_of_a_count(frame, record.frames):
            frame.veto = "part-of-a-count"
        figures.extend(figures_of(frame, record))
    return figures


def decide_article(records: list[SentenceRecord], published: dt.date | None) -> Analysis:
    """Stages 5-11 for a read and parsed article."""
    found: list[Figure] = []
    stated: list[tuple[int, tuple[str, ...]]] = []
    for index, record in enumerate(records):
        if record.parsed is not None:
            before = records[index - 1] if index else None
            lent = (
                context.lent_by(before.text, before.mentions, before.figures, published, before.frames)
                if before is not None and before.mentions is not None
                else context.EMPTY
            )
            record.figures = sentence_figures(record, replace(lent, stated=tuple(stated)), published)
            found.extend(record.figures)
            stated.extend(
                (frame.count, tuple(s.code for s in frame.senders))
                for frame in record.frames
                if frame.count is not None and frame.senders and not frame.veto and frame.role == "force"
            )
    figures = merge(found)
    return Analysis(figures, candidates.pick(records, figures))


def analyse(text: str, published: dt.date | None = None) -> Analysis:
    """Figures and candidate sentences of one article."""
    records = read_sentences(text, published)
    parse_sentences(records)
    return decide_article(records, published)


def analyse_many(articles: Iterable[tuple[str, dt.date | None]], chunk: int = 32) -> Iterator[Analysis]:
    """``analyse`` for many articles, parsing the sentences of ``chunk`` articles at a time
    (the parser is faster on bigger batches): the same results, in the same order."""
    articles = iter(articles)
    while True:
        batch = [(text, published, read_sentences(text, published)) for text, published in islice(articles, chunk)]
        if not batch:
            return
        parse_sentences([r for _, _, records in batch for r in records])
        for _, published, records in batch:
            yield decide_article(records, published)


def extract(text: str, published: dt.date | None = None) -> list[Figure]:
    """Every deployment figure the article reports (see GUIDELINES.md)."""
    return analyse(text, published).figures
