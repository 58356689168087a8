"""Lexicons and cue patterns: the domain knowledge of the extractor, in one
place, each with its intent and the phrasing it is meant to cover.

All patterns here are applied to single (length-capped) sentences and use no
nested unbounded repetition, so matching is linear.
"""

from __future__ import annotations

import re

from .trie import trie_pattern

I = re.IGNORECASE  # noqa: E741 - short alias used for readability below

# --- What is counted: nouns of forces and their `kind` ----------------------
# "5,000 troops", "220 aircraft", "50 vessels", "six CF-18s", "20 tanks".
KIND_NOUNS = {
    "troops": (
        "troops",
        "troop",
        "soldiers",
        "soldier",
        "personnel",
        "servicemembers",
        "servicemen",
        "servicewomen",
        "marines",
        "marine",
        "paratroopers",
        "paratrooper",
        "infantrymen",
        "commandos",
        "peacekeepers",
        "sailors",
        "airmen",
        "forces",
        "force",
        "service members",
        "service personnel",
        "military personnel",
        "special forces",
        "armed forces",
        "combat troops",
    ),
    "aircraft": (
        "aircraft",
        "jets",
        "jet",
        "fighters",
        "planes",
        "warplanes",
        "helicopters",
        "choppers",
        "bombers",
        "drones",
        "typhoons",
        "eurofighters",
        "tornados",
        "gripens",
        "rafales",
        "hornets",
        "apaches",
        "chinooks",
        "ospreys",
        "awacs",
        "fighter jets",
        "fighter planes",
        "super hornets",
        "black hawks",
        "surveillance planes",
        "combat aircraft",
    ),
    "ships": (
        "warships",
        "ships",
        "ship",
        "vessels",
        "frigates",
        "frigate",
        "destroyers",
        "destroyer",
        "submarines",
        "submarine",
        "carriers",
        "carrier",
        "corvettes",
        "minesweepers",
        "minehunters",
        "cruisers",
        "aircraft carriers",
        "aircraft carrier",
        "patrol boats",
        "naval vessels",
    ),
    "other": (
        "tanks",
        "howitzers",
        "himars",
        "armoured vehicles",
        "armored vehicles",
        "fighting vehicles",
        "artillery pieces",
        "patriot batteries",
        "missile batteries",
        "air defence systems",
        "air defense systems",
    ),
}

# Military designators used as plural nouns: "F-16s", "CF-18s", "F-35A", "B-52s".
DESIGNATOR = r"(?!G-\d)[A-Z]{1,4}-\d{1,3}[A-Z]?s?"  # not "G-7", "G-20" summits

NOUN_KIND: dict[str, str] = {noun: kind for kind, nouns in KIND_NOUNS.items() for noun in nouns}

FORCE_NOUN = r"(?:" + trie_pattern(NOUN_KIND) + r"|" + DESIGNATOR + r")"

# Formations counted as units give no count ("four new battlegroups"), unless
# their strength in people is given ("a 1,000-strong battalion").
FORMATION_NOUNS = (
    "battlegroups",
    "battlegroup",
    "battle-groups",
    "battle-group",
    "battle groups",
    "battle group",
    "brigades",
    "brigade",
    "battalions",
    "battalion",
    "companies",
    "company",
    "divisions",
    "division",
    "regiments",
    "regiment",
    "contingent",
    "contingents",
    "headquarters",
    "units",
    "unit",
    "detachment",
    "rotation",
    "task force",
    "rapid reaction force",
    "response force",
)
FORMATION = r"(?:" + trie_pattern(FORMATION_NOUNS) + r")"

# Nouns that support only a figure without a number: "troop deployments on
# the eastern flank", "the US military presence in Europe".
PRESENCE = r"(?:deployments?|presence)"

# Cheap prefilter: a sentence with none of these words cannot hold a figure.
PREFILTER_RE = re.compile(r"\b(?:" + FORCE_NOUN + "|" + FORMATION + "|" + PRESENCE + r")s?\b|" + DESIGNATOR, I)

# Substrings of every noun above, for a fast first pass with `in` (C substring
# search) on the lower-cased sentence; PREFILTER_RE then confirms.
PREFILTER_STEMS = (
    "troop",
    "soldier",
    "personnel",
    "force",
    "marine",
    "paratroop",
    "infantry",
    "commando",
    "peacekeep",
    "sailor",
    "airmen",
    "service member",
    "servicem",
    "service personnel",
    "aircraft",
    "jet",
    "fighter",
    "plane",
    "helicopter",
    "chopper",
    "bomber",
    "drone",
    "typhoon",
    "tornado",
    "gripen",
    "rafale",
    "hornet",
    "apache",
    "chinook",
    "osprey",
    "awacs",
    " ship",
    "warship",
    "vessel",
    "frigate",
    "destroyer",
    "submarine",
    "carrier",
    "corvette",
    "minesweep",
    "minehunt",
    "cruiser",
    "boat",
    "tank",
    "howitzer",
    "himars",
    "vehicle",
    "artillery",
    "batteries",
    "battle",
    "brigade",
    "battalion",
    "compan",
    "division",
    "regiment",
    "contingent",
    "headquarters",
    " unit",
    "detachment",
    "rotation",
    "deploy",
    "presence",
    "black hawk",
)
_DESIGNATOR_ANYWHERE_RE = re.compile(DESIGNATOR)
_DASH_DIGIT_RE = re.compile(r"-\d")
# PREFILTER_RE's first branch anchored at a word start (see holds_force_noun)
_NOUN_AT_RE = re.compile(r"(?<!\w)(?:" + FORCE_NOUN + "|" + FORMATION + "|" + PRESENCE + r")s?\b", I)


def stem_hits(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of every prefilter stem in a whole article, sorted: one
    C-level ``find`` loop per stem over the article instead of one ``in`` test
    per stem per sentence. None when lower-casing changes the length (some
    non-ASCII letters), so positions would not line up: use
    ``might_hold_a_figure`` per sentence then."""
    low = text.lower()
    if len(low) != len(text):
        return None
    hits = []
    find = low.find
    for stem in PREFILTER_STEMS:
        size = len(stem)
        i = find(stem)
        while i >= 0:
            hits.append((i, i + size))
            i = find(stem, i + size)
    for m in _DASH_DIGIT_RE.finditer(text):
        # "F-16s": find the dashes fast, then the designator around each
        d = _DESIGNATOR_ANYWHERE_RE.search(text, max(0, m.start() - 4), m.end() + 5)
        if d is not None:
            hits.append(d.span())
    hits.sort()
    return hits


def holds_force_noun(text: str, hits: list[tuple[int, int]], k: int, start: int, end: int) -> bool:
    """``PREFILTER_RE.search(text[start:end])``, tried only at the stems found by
    ``stem_hits`` (hits[k:] are those at or after ``start``)."""
    n = len(hits)
    while k < n and hits[k][0] < end:
        a, b = hits[k]
        k += 1
        if b > end:
            continue
        if text[a].isspace():
            a += 1  # " ship", " unit"
        if _NOUN_AT_RE.match(text, a, end) or _DESIGNATOR_ANYWHERE_RE.match(text, a, end):
            return True
        # the noun may start earlier: in the same word ("warships"), or one
        # word before ("armoured vehicles", "Patriot batteries")
        ws = a
        while ws > start and ws > a - 16 and not text[ws - 1].isspace():
            ws -= 1
        for _ in range(2):
            if ws < a and _NOUN_AT_RE.search(text, ws, min(end, a + 30)):
                return True
            if ws <= start:
                break
            a = ws
            ws -= 1
            while ws > start and text[ws].isspace():
                ws -= 1
            while ws > start and ws > a - 24 and not text[ws - 1].isspace():
                ws -= 1
    return False


def might_hold_a_figure(sentence: str) -> bool:
    """Cheap test: does the sentence contain a noun of forces at all?"""
    low = sentence.lower()
    if not any(stem in low for stem in PREFILTER_STEMS) and (
        "-" not in sentence or not _DESIGNATOR_ANYWHERE_RE.search(sentence)
    ):
        return False
    return PREFILTER_RE.search(sentence) is not None


FORCE_NOUN_RE = re.compile(r"(?<![\w-])(?:" + FORCE_NOUN + r")(?![\w-])", I)
FORMATION_RE = re.compile(r"(?<![\w-])(?:" + FORMATION + r")(?![\w-])", I)
PRESENCE_RE = re.compile(r"(?<![\w-])(?:" + PRESENCE + r")(?![\w-])", I)
DESIGNATOR_RE = re.compile(r"^" + DESIGNATOR + r"$")

# --- Attaching a number to a noun ---------------------------------------------
# Between the number and its noun: up to three modifier words ("5,000 additional
# US troops", "30,000 Nato troops", "six RCAF CF-18 fighter jets"); "of its"
# ("1,000 of its troops"); never a preposition or conjunction, so "3,000 in
# 2014 and troops" does not attach.
STOP_MODIFIER = (
    r"(?:and|or|to|in|at|from|with|for|by|on|than|but|who|which|that|were|was|are|is|have|has|had|will|would"
    r"|of|per|a|an|the|year|years|days?|weeks?|months?|people|civilians|refugees|km|miles|kilometres|kilometers"
    r"|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|hours?|minutes?)"
)
MODIFIER = r"(?!" + STOP_MODIFIER + r"\b)[A-Za-z][\w.’'&-]{0,30}"
NOUN_AFTER_NUMBER_RE = re.compile(
    r"(?P<strong>-(?:strong|member|man|person|soldier|troop))?"
    r"(?:\s+of\s+(?:its|their|the|his|her|our)(?=\s))?"
    r"(?P<mods>(?:\s+" + MODIFIER + r"){0,3}?)"
    r"\s+(?P<noun>" + FORCE_NOUN + "|" + FORMATION + r")(?![\w-])",
    I,
)
# "a battalion of 1,000", "a force of about 5,000 troops": NOUN of NUMBER.
FORMATION_OF_RE = re.compile(
    r"(?:"
    + FORMATION
    + r"|\bforce)\s+of\s+(?:(?:about|around|some|up to|more than|over|nearly|almost|roughly|approximately)\s+)?$",
    I,
)

# "two F-35 squadrons": the aircraft type names a formation, counted as units.
UNIT_AFTER_NOUN_RE = re.compile(
    r"\s+(?:squadrons?|wings?|flights?|units?|battalions?|brigades?|companies|groups?)\b", I
)

# Unit names are not counts: "82nd Airborne", "the 82 Airborne soldiers",
# "18th Airborne Corps", "2nd Marine Aircraft Wing".
UNIT_NAME_RE = re.compile(
    r"\b(?:Airborne|Division|Corps|Regiment|Infantry|Wing|Squadron|Fleet|Expeditionary|Armou?red|Cavalry|Mechanized|"
    r"Artillery|Army|Air Assault|Rangers?|Brigade|Battalion|Group|Command)\b"
)

# --- Qualifiers: words just before the number ---------------------------------
QUALIFIER_CUES = (
    ("approx", r"about|around|some|roughly|approximately|an estimated|estimated|circa|close to|an approximate"),
    ("at_least", r"more than|over|at least|upwards of|in excess of|no fewer than|no less than|a minimum of"),
    ("at_most", r"up to|as many as|nearly|almost|fewer than|less than|under|a maximum of|no more than|just under"),
)
QUALIFIER_RES = tuple(
    (name, re.compile(r"\b(?:" + cues + r")\s+(?:an?\s+|the\s+)?(?:additional\s+|extra\s+|further\s+)?$", I))
    for name, cues in QUALIFIER_CUES
)
# "between 3,000 and 5,000", "50 to 80", "3,000-5,000"
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", I)
BETWEEN_RE = re.compile(r"\bbetween\s+$", I)

# --- Measure --------------------------------------------------------------------
# increase: "3,000 more troops", "an additional 1,000", "extra", "further",
# "another 2,000", "reinforcements", "new battlegroups".
INCREASE_RE = re.compile(r"\b(?:more|additional|extra|further|another|fresh|reinforcements?|added)\b", I)
# "four new battlegroups" are an increase; "its two new aircraft carriers" are new ships.
NEW_RE = re.compile(r"\bnew\b", I)
MORE_THAN_RE = re.compile(r"\bmore\s+than\b", I)
INCREASE_VERB_RE = re.compile(
    r"\b(?:increas\w*|boost\w*|doubl\w+|tripl\w+|trebl\w+|scal\w+ up|step\w* up|expand\w*|reinforc\w+|"
    r"strengthen\w*|bolster\w*|beef\w* up|ramp\w* up)\b",
    I,
)
# An unnumbered figure with an indefinite amount is "vague": "significant extra
# troops", "the overwhelming majority of them US forces", "several battalions".
VAGUE_AMOUNT_RE = re.compile(
    r"\b(?:significant|substantial|several|many|large numbers? of|majority of(?: them)?|a number of|"
    r"increase (?:of|in)? ?(?:the|our|its)?|hundreds of|thousands of)\s+(?:[\w’'.-]+\s+){0,2}$",
    I,
)
# Counts in one list share a leading qualifier: "about 30,000 troops, 220 aircraft and 50 vessels".
LIST_SEP_RE = re.compile(r"\s*(?:,\s*and|,|and)\s*$", I)

# decrease: "withdraw 1,000 troops", "pull out", "cut ... by", "reduce".
DECREASE_RE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:s|ed|ing)? (?:out|back)|pull(?:s|ed|ing)?(?= [^.;]{0,40}?\bout of\b)|"
    r"pullout|cut(?:s|ting)?|reduc\w+|remov\w+|bring(?:ing)? home|"
    r"brought home|draw(?:ing)? ?down|drew down|scal(?:e|ed|ing) back)\b",
    I,
)

# --- Status ---------------------------------------------------------------------
# The cue nearest to the number wins ("it will commit up to 1,000 more
# soldiers ..., on top of 1,700 stationed there": 1,000 planned, 1,700 present).
STATUS_CUES = (
    (
        "planned",
        r"will|’ll|'ll|would|shall|to be|set to|plans?|planned|planning|pledged?|pledging|approved|ordered|"
        r"expected|could|"
        r"intends?|intended|is to|are to|agreed to|agree to|to send|to deploy|to station|to commit|committing|commit|"
        r"to contribute|offering|offered|promised|is sending|are sending|is deploying|are deploying|sending|deploying|"
        r"authori[sz]\w+|to (?:increase|boost|expand|double|reinforce|bolster|strengthen)|"
        r"will be|to head|to move|going to|following|next (?:week|month|year)|in the coming|soon|allocate|"
        r"earmarked",
    ),
    (
        "present",
        r"arrived|arriving|arrives|deployed|stationed|based|there are|there were|there is|is in|are in|has|have|"
        r"already|currently|landed|moved|sent|contributes|contributed|leads|led|maintains|include|includes|"
        r"reinforced|bolstered|left for|is present|are present|in place|on the ground|hosts|hosted|serving|serve",
    ),
    (
        "ended",
        r"withdrew|were withdrawn|was withdrawn|have been withdrawn|has been withdrawn|has withdrawn|have withdrawn|"
        r"had withdrawn|pulled out|went home|left(?!\s+for)|"
        r"returned home|came home|left the country|completed their|ended|"
        r"rotated (?:out|home|away)|redeployed (?:home|away)",
    ),
)
# Clause breaks for the status cue search: "..., but they will be based in the UK".
CLAUSE_BREAK_RE = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|,\s*(?:where|which|who)\b", I)
STATUS_RES = tuple((name, re.compile(r"(?<![\w’'])(?:" + cues + r")(?![\w])", I)) for name, cues in STATUS_CUES)

# "an increase in the number of British troops available to about 3,000":
# a later "to NUMBER" is the new size of a force named before.
GROWTH_RE = re.compile(
    r"\b(?:increas\w*|ris\w+|grow\w*|boost\w*|doubl\w+|tripl\w+|trebl\w+|number of|size of|total|strength of|"
    r"bring\w*)\b",
    I,
)

# --- Exercise ---------------------------------------------------------------------
EXERCISE_RE = re.compile(r"\b(?:exercises?|drills?|war ?games|manoeuvres|maneuvers|wargaming)\b", I)

# --- Sentences and spans that are not deployments ---------------------------
# Forces on standby / high alert / readiness with no destination; home armies,
# reserves, conscripts; casualties and prisoners.
NOT_DEPLOYMENT_RE = re.compile(
    r"\b(?:on (?:\w+ )?(?:standby|stand-by|alert|notice|preparedness|readiness)|high readiness|high alert|"
    r"heightened (?:alert|readiness|preparedness|standby)|reservists?|reserve of|conscripts?|conscription|"
    r"fighting strength|shrink|killed|dead|died|wounded|injured|casualties|captured|missing|prisoners|"
    r"evacuat\w+|refugees|loaded with|laden with|humanitarian aid|military aid)\b"
    # the size of a home army: "Poland plans to expand its army to 300,000 soldiers"
    r"|\b(?:expand\w*|grow\w*|enlarg\w+|increas\w+|boost\w*|shrink\w*|cut\w*|reduc\w+|size of)\s+"
    r"(?:the\s+size\s+of\s+)?(?:its|their|the)\s+(?:own\s+)?(?:army|armed forces|military)\s+(?:to|by)\b",
    I,
)
# Forces at home are not deployed ("base some of the forces at home"); checked
# for figures without a number, whose host is most easily misread.
AT_HOME_RE = re.compile(r"\b(?:at home|home soil|(?:its|their|our) own soil|home countr\w+|home bases?)\b", I)

# Negation, requests and hypotheticals: "no American troops in Ukraine",
# "Estonia called for 25,000 troops", "if Russia attacks", "whether to send".
NEGATION_RE = re.compile(
    r"(?:\b(?:not|no|never|nor|without|refus\w*|reject\w*|rul(?:e|es|ed|ing) out|declin\w+|"
    r"(?:decid\w+|voted|vote|argued) against)\b|n[’']t\b)",
    I,
)
REQUEST_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)? for|urg\w+|demand\w*|request\w*|propos\w+|wants?|wanted|should|would like|"
    r"if|unless|whether|hop(?:e|es|ed|ing)|consider\w*|discuss\w*|weigh\w*|ask\w*|debate\w*|may|might|"
    r"prepared to|ready to|willing to|"
    r"suggest\w*|possibl\w+|possibility|idea|threat\w*|warn\w*)\b",
    I,
)

# For counted figures, the same tests on the clause that leads to the number:
# "Poland has called for 10,000 US troops", "the US has no plans to send
# 3,000 troops", "If Russia attacks, the US could send 20,000 troops".
COUNT_REQUEST_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:for|on)|urg\w+|demand\w*|request\w*|ask\w*|propos\w+|wants?|wanted|"
    r"need(?:s|ed)?|should|would like|wish\w*|hop(?:e|es|ed|ing)|consider\w*|weigh\w*|whether|debat\w*|"
    r"threat\w*|pressur\w+|lobb\w+|seek\w*|sought|believe\w*|if|unless|rumou?r\w*|"
    r"(?:is|are|was|were|stands?|stood) (?:prepared|ready|willing) to)\b",
    I,
)
COUNT_NEGATION_RE = re.compile(
    r"(?:\b(?:not|never|nor|without|refus\w*|reject\w*|rul(?:e|es|ed|ing) out|(?:decid\w+|voted|vote) against|"
    r"no(?! (?:fewer|less|more)\b))\b|n[’']t\b)",
    I,
)

# Verbs of deployment (and of presence: "the US already has several thousand
# troops in Poland"): a figure without a number needs one of these
# ("British troops have arrived in Estonia", "Norwegian soldiers landed in
# Lithuania", "the US has stepped up its presence in Poland").
DEPLOY_RE = re.compile(
    r"\b(?:deploy\w*|send\w*|sent|station\w*|based|arriv\w+|land(?:ed|ing|s)?|mov(?:e|ed|es|ing)|"
    r"dispatch\w*|despatch\w*|rotat\w+|reinforc\w+|bolster\w*|boost\w*|commit\w*|assign\w*|allocat\w+|"
    r"head(?:ed|ing|s)? (?:to|for)|go(?:es|ing)? to|will go|left for|join\w*|contribut\w+|lead(?:s|ing)?|led|"
    r"post(?:ed|ing)|transferr?\w*|presence|increas\w+|doubl\w+|expan\w+|scal\w+ up|step(?:ped|s)? up|"
    r"withdr[ae]w\w*|pull(?:ed|ing|s)? out|establish\w*|creat\w+|amass\w*|maintain\w*|is responsible for|"
    r"in place|on the ground|met|visit\w*|ha(?:s|ve|d)|keeps?|there (?:are|were|is)|left|set(?:s|ting)? up)\b",
    I,
)

# For a sentence that refers back to a count ("The forces will be earmarked for
# the defence of Estonia"): deployment verbs plus verbs of assignment.
DEPLOY_OR_ASSIGN_RE = re.compile(
    DEPLOY_RE.pattern[:-3] + r"|earmark\w*|dedicat\w+|go(?:es)? to|head(?:s|ed)? to|be based|be stationed)\b", I
)

# --- Hosts ----------------------------------------------------------------------
# A place is a host when introduced by a locative or a verb of defence:
# "to Poland", "in Romania", "across eastern Europe", "left for Romania",
# "the defence of Estonia", "to help protect Estonia", "bolstering Nato's
# eastern flank". "from Germany" is an origin, not a host.
HOST_TRIGGER_RE = re.compile(
    r"(?:\b(?:to|in|into|across|throughout|within|inside|at|on|onto|toward|towards|around|"
    r"defen[cs]e of|protection of|security of|protect|defend|reinforce[sd]?|reinforcing|bolster(?:s|ed|ing)?|"
    r"protecting|defending|left|quit|(?:left|leave|leaving|bound|headed|heading|departed|destined)\s+for|"
    # "moving 5,600 to other Nato countries including Italy and Belgium"
    r"(?:to|in)\s+(?:other\s+)?(?:[\w’'-]+\s+){0,2}(?:countries|allies|members|states|nations),?\s+"
    r"(?:including|such as)"
    r"))\s+"
    r"(?:the\s+|its\s+|their\s+|our\s+|a\s+|an\s+)?(?:three\s+|two\s+|four\s+)?"
    r"(?:(?:north|south|east|west)(?:ern|-eastern|-western)?\s+|central\s+)?$",
    I,
)
# "Estonia, where Britain already has about 1,700 personnel": the count is in a
# relative clause about the place before it.
WHERE_CLAUSE_RE = re.compile(r",?\s*(?:where|in which)\b[^,;]*$", I)
# "from Estonia to Bulgaria" marks a span, not two hosts.
SPAN_FROM_RE = re.compile(
    r"(?:,|\b(?:stretching|ranging|spanning|extending|reaching))\s+from\s+(?:the\s+)?[A-Z][\w’' -]{0,30}\s+to\s+$"
)
# "withdraw 12,000 troops from Germany": after a verb of withdrawal, "from"
# introduces the host the forces leave.
# "shifting 1,000 soldiers from Germany to Romania": origin, then destination.
FROM_TO_RE = re.compile(r"\s+to\s+", I)
FROM_TRIGGER_RE = re.compile(r"\b(?:from|out of)\s+(?:the\s+)?$", I)
HOST_LIST_SEP_RE = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s+as well as\s+)(?:the\s+)?$", I
)
# "..., the UK in Estonia": a name followed by "in/to <Capitalised>" is the
# subject of a gapped clause, not the next item of a host list; so is a name
# after ", and" followed by a verb ("troops in Poland, and Romania is host to ...").
GAPPED_PAIR_RE = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z]")
NEW_CLAUSE_VERB_RE = re.compile(r"\s+(?:is|are|was|were|has|have|had|will|would|says|said|hosts?)\b")
# "the Polish town of", "on Estonian soil": a demonym naming a place.
PLACE_NOUN_RE = re.compile(
    r"\s+(?:town|city|village|port|base|soil|territory|border|capital|airbase|air base|region|side|coast|"
    r"island|airfield|garrison|frontier)\b",
    I,
)
# A sender is not introduced by these ("aid from Germany", "the border with Poland").
NOT_AGENT_BEFORE_RE = re.compile(
    r"\b(?:to|in|into|across|throughout|within|inside|at|on|onto|toward|towards|from|of|near|against|with|"
    r"between|border(?:s|ing)?|around|for|including|like|than|about|over|protect|defend|reinforce|"
    r"bolster(?:ing)?|invade[sd]?|invading|attack(?:ed|ing)?|capital|city|town)\s+(?:the\s+|its\s+|a\s+)?$",
    I,
)
# "Sweden, which joined the alliance in March, will send ...": the alliance as
# the object of joining or membership is not the sender.
NATO_NOT_AGENT_BEFORE_RE = re.compile(
    r"\b(?:join(?:s|ed|ing)?|enter(?:s|ed|ing)?|member(?:s|ship)? of|accession to|admitted to|into|of|in|to|"
    r"with|against|from)\s+(?:the\s+)?$",
    I,
)
# "the number of US troops", "deployments of UK forces": a country name that
# directly qualifies a force noun is a sender whatever precedes it.
QUALIFIES_FORCE_RE = re.compile(
    r"\s+(?:(?:military|army|navy|naval|air|armed|combat|ground|special|marine)\s+){0,2}(?:"
    + FORCE_NOUN
    + r")(?![\w-])",
    I,
)
# "Latvia hosts about 1,700 Nato troops", "Norway will receive 1,000 US marines":
# a place that is the subject of hosting is a host.
HOSTING_AFTER_RE = re.compile(
    r"\s+(?:(?:will|would|is to|has|have|already|currently|now|each|all|together|jointly)\s+)?"
    r"(?:hosts?|hosted|hosting|is hosting|receives?|"
    r"received|receiving|welcomed|welcomes|houses)\b",
    I,
)
# "at the US embassy", "in the British army": a country name qualifying an
# institution is not a place.
INSTITUTION_NEXT_RE = re.compile(
    r"\s+(?:embassy|consulate|government|administration|officials?|army|military|navy|president|"
    r"prime minister|ministry|defen[cs]e|ambassador|delegation|parliament|congress|senate|media|press|forces|"
    r"troops|soldiers|command)\b",
    I,
)
# "the US embassy", "a British official": a country name qualifying a lower-case noun.
ADJECTIVAL_NEXT_RE = re.compile(r"\s+[a-z][a-z-]+\b")
# "based in Vicenza, Italy": a country after "City, " is an address, not a sender.
ADDRESS_BEFORE_RE = re.compile(r"\b[A-Z][\w’'-]+,\s*$")
# Words after "Nato" that show the institution, not forces: "Nato summit",
# "Nato membership", "Nato's secretary general", "Nato territory".
NATO_NOT_AGENT_AFTER_RE = re.compile(
    r"(?:[’']s)?\s+(?:summit|membership|territory|bid|application|accession|treaty|charter|article|capitals|"
    r"secretary|chief|spokes\w+|headquarters|meeting|officials?|ambassadors?|enlargement|expansion|"
    r"foreign ministers|defen[cs]e ministers(?! (?:have |had )?(?:agreed|decided|approved|endorsed))|"
    r"leaders?(?! are also expected| (?:have |had )?(?:agreed|decided|approved|endorsed|pledged|committed)))\b",
    I,
)
# "Nato members have sent 40,000 troops" is the alliance acting; "troops to
# Nato countries" is not a sender (checked with NOT_AGENT_BEFORE_RE).
NATO_COLLECTIVE_AFTER_RE = re.compile(r"\s+(?:members?|allies|ally|countries|country|states?|nations?|partners?)\b", I)
# Weak alliance words ("alliance", "allied", "multinational") only count when
# they qualify forces: "allied troops", "alliance forces", "multinational battlegroups".
WEAK_NATO = frozenset({"alliance", "allied", "Allied", "multinational", "multi-national"})
WEAK_NATO_LOWER = frozenset(w.lower() for w in WEAK_NATO)
WEAK_NATO_NEXT_RE = re.compile(
    r"\s+(?:\w+\s+)?(?:" + FORCE_NOUN + "|" + FORMATION + r")(?![\w-])",
    I,
)
# "NATO troops from Britain, France and the U.S.", "the deployments already
# made by the US, the UK and others": the senders listed after the noun.
FROM_LIST_RE = re.compile(
    r"\s+(?:(?:already\s+)?(?:made|sent|provided|contributed|deployed)\s+)?(?:from|by)\s+(?:the\s+)?", I
)
# "The forces will be earmarked for the defence of Estonia": a sentence that
# opens on a definite force noun refers back to the previous sentence's count.
ANAPHORA_RE = re.compile(
    r"^(?:[“\"‘']?)(?:The|These|Those|Such)\s+(?:[A-Za-z]+\s+)?(?:troops|forces|soldiers|personnel|reinforcements)\b"
)

# Non-members whose forces are never NATO figures and places never hosts
# here: a NATO deployment "in Ukraine/Russia/Belarus" in the news is a
# negation, a hypothetical or a demand.
NEVER_HOSTS = frozenset({"UA", "RU", "BY"})

# "... headquarters in Poland and send two F-35 squadrons": a name separated
# from the noun by a verb or conjunction does not qualify it.
NOT_DIRECT_BETWEEN_RE = re.compile(
    r"\b(?:and|or|but|to|in|at|send\w*|sent|deploy\w*|will|would|has|have|had|is|are|was|were|said|says)\b", I
)

# "the Netherlands contributing 200 troops": a name followed by a gerund of
# deployment starts a new (absolute) clause; it is a sender, not the next host.
GERUND_CLAUSE_RE = re.compile(
    r"(?:[’']s)?\s+(?:is\s+|are\s+|also\s+)?(?:contributing|sending|deploying|leading|providing|supplying|"
    r"committing|adding|pledging|offering|stationing|basing|dispatching)\b",
    I,
)
WITH_BEFORE_RE = re.compile(r"\bwith\s+(?:the\s+)?$", I)
# "one of the largest in Europe": a superlative's "in" is no host.
SUPERLATIVE_IN_RE = re.compile(
    r"\b(?:largest|biggest|strongest|smallest|most\s+\w+|best)\s+(?:\w+\s+)?in\s+(?:the\s+)?$", I
)
# Origins: "1,000 soldiers based in Germany will move to Romania".
ORIGIN_BEFORE_RE = re.compile(
    r"\b(?:(?:currently|now|already|permanently)\s+)?(?:based|stationed|garrisoned|deployed)\s+(?:in|at)\s+(?:the\s+)?$",
    I,
)
MOVE_TO_AFTER_RE = re.compile(
    r"[^.;:]{0,60}?\b(?:will|would|are to|is to|to|are|is|were|was|have|has|had|be)?\s*"
    r"(?:move[sd]?|moving|shift\w*|relocat\w+|redeploy\w*|transferr?\w*|head\w*|go|going|went|deploy\w*|"
    r"reposition\w*|be sent|been sent|sent)\s+(?:\w+\s+){0,2}?(?:to|into)\s",
    I,
)
# Between a count and a host of another stretch of the sentence.
SEGMENT_BREAK_RE = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b|,\s*(?:where|which|who|with)\b|\bsaid\b|\badded\b", I)
# "The forces include a tanker unit headed to Greece and ...": the forces are
# split, the earlier count does not move as a whole.
INCLUDE_RE = re.compile(r"\b(?:include\w*|comprise\w*|consist\w*|among them)\b", I)
# A sentence that refers back to the previous sentence's forces, so its counts
# may take the previous sentence's sender: "They include about 30,000 troops",
# "The 800 troops will ...", "These soldiers", "First, about 150 soldiers ...".
ANAPHORIC_LEAD_RE = re.compile(
    r"\b(?:they|them|these|those)\b|\b(?:the|these|those)\s+(?:(?:remaining|other|same|first|last|initial)\s+)?$|"
    r"^\W*(?:The|These|Those|Such)\s+(?:[\w-]+\s+)?(?:troops|forces|soldiers|personnel|marines|units|reinforcements|"
    r"deployment|contingent|rotation)\b",
    I,
)
ENUMERATION_OPENER_RE = re.compile(
    r"^\W*(?:First|Second|Third|Initially|In addition|Additionally|Of (?:them|those|these)|In total|In all|"
    r"Altogether)\b"
)
# "deployments of long-range missiles": not forces.
PRESENCE_OF_THINGS_RE = re.compile(
    r"\s+of\s+(?:[\w-]+\s+){0,3}?(?:missiles?|weapons|equipment|systems|warheads|munitions|ammunition|arms|supplies)\b",
    I,
)
# "as part of Nato's forward land forces": the frame of another figure.
AS_PART_OF_RE = re.compile(r"\b(?:as\s+)?part\s+of\s+(?:[\w’'-]+\s+){0,4}$", I)
# "moving about 5,600 to other Nato countries", "40 soldiers to Hungary and 90 to Poland".
ELLIPTICAL_TO_PRE_RE = re.compile(
    r"(?:,|\b(?:moving|sending|shifting|relocating|redeploying|deploying|and|while|with))\s+"
    r"(?:(?:about|around|some|up to|nearly|almost|another|a further|roughly|approximately)\s+)?$",
    I,
)
ELLIPTICAL_TO_POST_RE = re.compile(r"\s+(?:to|in)\s+(?:(?:[a-z]+\s+){0,4}[A-Z]|the same (?:country|place)\b)")

# The clause leading to a figure without a number: a request, wish or
# condition ("The Kremlin wants Nato to withdraw its forces from Romania").
NULL_LEAD_REQUEST_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:for|on)|urg\w+|demand\w*|request(?:s|ed|ing)?|ask(?:s|ed|ing)?|propos\w+|wants?|wanted|"
    r"should|would like|wish\w*|hop(?:e|es|ed|ing)|if|unless|whether)\b",
    I,
)

# Where the context of a count ends: "two F-35 jets to Bulgaria and put 150
# soldiers on standby" (the standby is the soldiers', not the jets').
NEXT_CLAUSE_RE = re.compile(
    r";|\bbut\b|\bwhile\b|\band\s+(?:\w+\s+)?(?:put|puts|placed?|places|kept|keeps?|has|have|had|will|would|is|are|was|"
    r"were)\b",
    I,
)
# "..., the Pentagon said", "according to the Ministry of Defence"
SAID_AFTER_RE = re.compile(r"\s+(?:has\s+|have\s+)?(?:said|says|announced|confirmed|told|stated)\b", I)
ACCORDING_TO_BEFORE_RE = re.compile(r"\baccording to\s+$", I)
# "... to 25,000 from about 34,500", "more than 10,000, up from about 4,500"
ELLIPTICAL_FROM_PRE_RE = re.compile(
    r"\b(?:from|including)\s+(?:(?:about|around|some|roughly|nearly|almost|more than|over|just|an estimated)\s+)?$",
    I,
)
# A contrast between two clauses: a place before it is not the host of a count after it.
CONTRAST_BREAK_RE = re.compile(r";|\bbut\b|\bwhile\b|\bwhereas\b", I)
# "Russia's MoD", "the Polish Ministry of Defence": a name qualifying a role word.
POSSESSIVE_GAP_RE = re.compile(r"(?:[’']s)?\s")
# "Turkey, a Nato member, ...", "fellow Nato allies"
INDEFINITE_BEFORE_RE = re.compile(r"\b(?:a|an|fellow|another|other)\s+$", I)
# "the Canadian-led battlegroup": the lead nation of a formation another figure joins
LED_AFTER_RE = re.compile(r"-led\b")
# Hosts named by reference right after a count: "300 to the same country",
# "2,100 Nato troops on its territory", "jets and warships to the region".
DEICTIC_HOST_RE = re.compile(
    r"(?:\s+[\w’'-]+){0,6}?\s+(?:"
    r"(?P<same>to|in)\s+the\s+same\s+(?:country|place)"
    r"|(?P<its>on|in|to)\s+(?:its|their)\s+(?:territory|soil)"
    r"|(?P<region>to|in|into)\s+the\s+(?:region|area)"
    r")\b",
    I,
)
# "Biden visited Poland, where 10,000 US troops are stationed": a place that a
# relative clause of location follows is a host (for that clause).
WHERE_AFTER_RE = re.compile(r",?\s+where\b|,\s*in which\b", I)
# "Canada has led the Nato battlegroup in Latvia since 2017"
LEADS_BETWEEN_RE = re.compile(
    r"\s+(?:(?:has|have|had|will|now|currently|already)\s+){0,2}(?:leads?|led|leading|commands?|commanded|commanding)\s+"
    r"(?:the\s+|a\s+|an\s+|its\s+)?(?:new\s+)?",
    I,
)
# "... 250 soldiers in Lithuania and Norway 150": a name then a number is a gapped clause.
GAPPED_COUNT_RE = re.compile(r"\s+(?:(?:about|around|some|roughly|nearly|almost)\s+)?\d")
# The alliance as the object of joining, any spelling ("which joined Nato last month").
NATO_JOINED_BEFORE_RE = re.compile(
    r"\b(?:join(?:s|ed|ing)?|enter(?:s|ed|ing)?|member(?:s|ship)? of|accession to|admitted to|admission to)"
    r"\s+(?:the\s+)?$",
    I,
)
# "Lithuania, Latvia and Estonia each host about 1,000 Nato troops": the first
# name of a list whose last name is the subject of hosting.
LIST_THEN_HOSTING_RE = re.compile(
    r"(?:\s*,\s*(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?){0,4}\s*,?\s+(?:and|&)\s+(?:the\s+)?[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+)?\s+(?:(?:each|all|together|jointly|currently|already|now|will)\s+)?"
    r"(?:host|hosts|hosted|receive|received)\b"
)

# A count with no sender anywhere in the article ("A Marine Expeditionary Unit
# of 2,200 marines arrived in Greece"): GUIDELINES' null contributor, only with
# one of these plain verbs of movement between count and host (not "stationed
# in", "based in", "are in": those may be the host's own army).
NULL_SENDER_DEPLOY_RE = re.compile(
    r"\b(?:deployed|sent|dispatched|despatched|arrived|arriving|arrives?|landed|rotated|flew|flown)\b",
    I,
)

# A conditional after the count: "Denmark could send ... 800 soldiers to the
# Baltic states if the situation worsens" (with a modal before the count).
MODAL_LEAD_RE = re.compile(r"\b(?:could|would|might|may)\b", I)
CONDITION_AFTER_RE = re.compile(r"\b(?:if|unless|in case|in the event|should (?:Russia|Moscow|the situation))\b", I)

POSSESSIVE_RE = re.compile(r"[’']s?\b")

# "250 Slovenian troops will rotate out of Latvia in June": the place they leave
# at the end of a tour is where they are (a host; not a decrease).
ROTATE_OUT_RE = re.compile(r"\b(?:rotat\w+|redeploy\w*)\s+(?:out|home|away)\s+(?:of|from)\s+(?:the\s+)?$", I)
