"""The extractor's word lists (``data/lexicon.json``), loaded once.

Every list is data: a newcomer adds a word there, not here. This module only
turns the lists into sets and lookups the stages use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.json"


def _words(section) -> frozenset[str]:
    if isinstance(section, dict):
        section = section["words"]
    return frozenset(w.lower() for w in section)


@dataclass(frozen=True)
class Lexicon:
    # noun (last word) -> ((modifier words before it, kind), ...), longest first
    force_nouns: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    weak_nouns: frozenset[str]
    military_modifiers: frozenset[str]
    formation_nouns: dict[str, tuple[tuple[str, ...], ...]]
    weak_formations: frozenset[str]
    presence_nouns: dict[str, str]  # noun -> implied measure
    operation_nouns: frozenset[str]
    not_forces: frozenset[str]
    designator: re.Pattern
    host_prepositions: frozenset[str]
    not_host_prepositions: frozenset[str]
    not_host_nouns: frozenset[str]
    host_reference_adverbs: frozenset[str]
    host_reference_nouns: frozenset[str]
    place_nouns: frozenset[str]
    qualifier_cues: tuple[tuple[str, str], ...]  # (cue, qualifier), longest cue first
    vague_words: frozenset[str]
    increase_modifiers: frozenset[str]
    increase_verbs: frozenset[str]
    decrease_verbs: frozenset[str]
    decrease_particles: dict[str, frozenset[str]]
    planned_auxiliaries: frozenset[str]
    planned_verbs: frozenset[str]
    planned_progressives: frozenset[str]
    future_words: frozenset[str]
    present_adverbs: frozenset[str]
    ended_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    negating_phrases: tuple[str, ...]
    request_verbs: frozenset[str]
    request_nouns: frozenset[str]
    conditional_phrases: tuple[str, ...]
    readiness_words: frozenset[str]
    casualty_verbs: frozenset[str]
    casualty_nouns: frozenset[str]
    aid_verbs: frozenset[str]
    home_army_words: frozenset[str]
    doubt_adverbs: frozenset[str]
    strike_verbs: frozenset[str]
    exercise_words: tuple[str, ...]
    unit_name_words: frozenset[str]
    event_nouns: frozenset[str]
    scene_nouns: frozenset[str]
    home_of_nato: frozenset[str]
    hosting_verbs: frozenset[str]
    mission_hosts: dict[str, str]  # a NATO mission's name -> the country it serves in


def _multiword(entries) -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        *before, last = entry.lower().split()
        table.setdefault(last, []).append(tuple(before))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    force: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, nouns in data["force_nouns"].items():
        if kind.startswith("_"):
            continue
        for noun in nouns:
            *before, last = noun.lower().split()
            force.setdefault(last, []).append((tuple(before), kind))
    force_nouns = {k: tuple(sorted(v, key=lambda e: len(e[0]), reverse=True)) for k, v in force.items()}
    cues = []
    for qualifier, words in data["qualifier_cues"].items():
        if not qualifier.startswith("_"):
            cues.extend((w.lower(), qualifier) for w in words)
    cues.sort(key=lambda c: len(c[0]), reverse=True)
    status, veto, decrease = data["status_words"], data["veto_words"], data["decrease_words"]
    return Lexicon(
        force_nouns=force_nouns,
        weak_nouns=_words(data["weak_people_nouns"]),
        military_modifiers=_words(data["military_modifiers"]),
        formation_nouns=_multiword(data["formation_nouns"]["words"]),
        weak_formations=_words(data["weak_formation_nouns"]),
        presence_nouns={k: v for k, v in data["presence_nouns"].items() if not k.startswith("_")},
        operation_nouns=_words(data["operation_nouns"]),
        not_forces=_words(data["not_forces"]),
        designator=re.compile(data["designator_pattern"]),
        host_prepositions=_words(data["host_prepositions"]),
        not_host_prepositions=frozenset(data["not_host_heads"]["prepositions"]),
        not_host_nouns=frozenset(data["not_host_heads"]["nouns"]),
        host_reference_adverbs=frozenset(data["host_reference_words"]["adverbs"]),
        host_reference_nouns=frozenset(data["host_reference_words"]["nouns"]),
        place_nouns=_words(data["place_nouns"]),
        qualifier_cues=tuple(cues),
        vague_words=_words(data["vague_words"]),
        increase_modifiers=frozenset(data["increase_words"]["modifiers"]),
        increase_verbs=frozenset(data["increase_words"]["verbs"]),
        decrease_verbs=frozenset(decrease["verbs"]),
        decrease_particles={k: frozenset(v) for k, v in decrease["need_particle"].items()},
        planned_auxiliaries=frozenset(status["planned_auxiliaries"]),
        planned_verbs=frozenset(status["planned_verbs"]),
        planned_progressives=frozenset(status["planned_progressives"]),
        future_words=frozenset(status["future_words"]),
        present_adverbs=frozenset(status["present_adverbs"]),
        ended_verbs=frozenset(status["ended_verbs"]),
        negating_verbs=frozenset(veto["negating_verbs"]),
        negating_phrases=tuple(veto["negating_phrases"]),
        request_verbs=frozenset(veto["request_verbs"]),
        request_nouns=frozenset(veto["request_nouns"]),
        conditional_phrases=tuple(veto["conditional_phrases"]),
        readiness_words=frozenset(veto["readiness_words"]),
        casualty_verbs=frozenset(veto["casualty_verbs"]),
        casualty_nouns=frozenset(veto["casualty_nouns"]),
        aid_verbs=frozenset(veto["aid_verbs"]),
        home_army_words=frozenset(veto["home_army_words"]),
        doubt_adverbs=frozenset(veto["doubt_adverbs"]),
        strike_verbs=frozenset(veto["strike_verbs"]),
        exercise_words=tuple(w.lower() for w in data["exercise_words"]["words"]),
        unit_name_words=frozenset(data["unit_name_words"]["words"]),
        event_nouns=_words(data["event_nouns"]),
        scene_nouns=_words(data["scene_nouns"]),
        home_of_nato=frozenset(data["home_of_nato"]["codes"]),
        hosting_verbs=_words(data["hosting_verbs"]),
        mission_hosts=dict(data["mission_hosts"]["missions"]),
    )
