"""How sure the extractor is of a figure: a number from 0 to 1.

The confidence is the product of one factor per decision, each the share of
such decisions that were right on the development articles (dev + dev2),
rounded down: how the count was found, how the sender was found, how the hosts
were found, and a few warning signs. A figure all of whose decisions were
direct ("5,000 US troops ... to Poland") scores about 0.95; one whose sender
and hosts both come from the previous sentence about 0.55.
"""

from __future__ import annotations

COUNT = {
    "nummod": 0.97,
    "strength": 0.95,
    "of": 0.95,
    "partitive": 0.9,
    "number-verb": 0.9,
    "change-from": 0.9,
    "change-to": 0.9,
    "change-by": 0.9,
    "ellipsis": 0.85,
    "vague": 0.9,
    "anaphora": 0.85,
    "referred": 0.8,
    "capped": 0.9,
    "": 0.9,
}
ROLE = {"force": 1.0, "formation": 0.95, "presence": 0.9, "operation": 0.8}
SENDER = {
    "phrase": 1.0,
    "battlegroup": 1.0,
    "from": 0.97,
    "led": 0.97,
    "subject": 0.97,
    "agent": 0.97,
    "pronoun": 0.9,
    "conjunct": 0.9,
    "clause": 0.85,
    "restated": 0.85,
    "previous": 0.8,
    "sentence": 0.75,
    "none": 0.7,
}
HOST = {
    "phrase": 1.0,
    "verb": 1.0,
    "following": 0.9,
    "relative": 0.95,
    "reference": 0.9,
    "borrowed": 0.95,
    "clause": 0.85,
    "sentence": 0.8,
    "previous": 0.8,
}
# Hosts where NATO forces are mostly written about as not going there (negations and proposals in the 2022 news).
DOUBTFUL_HOSTS = frozenset({"UA", "RU", "BY"})


# Figures read from something other than a statement of deployment: a casualty places the
# forces, a headline is terse, a withdrawal someone only asks for implies forces are there.
INDIRECT = {"casualty": 0.85, "implied-presence": 0.85, "headline": 0.85, "gapped": 0.9}


def confidence(frame) -> float:
    value = COUNT.get(frame.count_how, 0.9) * ROLE.get(frame.role, 0.9)
    how = frame.senders[0].how if frame.senders else "none"
    value *= SENDER.get(how, 0.8)
    value *= HOST.get(frame.host_how, 0.8)
    if set(frame.hosts) & DOUBTFUL_HOSTS:
        value *= 0.75
    for evidence in frame.evidence:
        value *= INDIRECT.get(evidence, 1.0)
    return round(value, 3)
