"""Running the extractor on an article and reconciling its proposals.

Editors' decisions are the fixed points: a figure an editor approved, rejected
or edited is never changed, and its key is never proposed again. Unreviewed
proposals are refreshed: new ones added, ones no longer found withdrawn.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from newsmap import extraction, review
from newsmap.models import (
    FIGURE_FIELDS,
    Article,
    Candidate,
    CandidateState,
    Country,
    ExtractionState,
    Figure,
    figure_key,
)

logger = logging.getLogger(__name__)


@dataclass
class ExtractionOutcome:
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    kept: int = 0
    unchanged: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def __str__(self):
        if self.error:
            return f"extraction failed: {self.error}"
        return (
            f"{self.added} new proposal(s), {self.updated} refreshed, {self.unchanged} unchanged, "
            f"{self.withdrawn} withdrawn, {self.kept} kept as reviewed"
        )


# Contributor and hosts identify a proposal; these are its other fields.
PROPOSAL_FIELDS = tuple(name for name in FIGURE_FIELDS if name not in ("contributor", "hosts"))


def extract_batch(articles: list[Article]) -> list[extraction.Analysis | Exception]:
    """The extractor's analysis (figures and candidate sentences) of each article, or the
    exception it raised on it.

    The articles are analysed together, so the parser reads all their sentences in a few
    batches; if that fails, they are analysed one at a time, so that only the article the
    extractor cannot read is marked failed.
    """
    items = [(article.body, article.published) for article in articles]
    try:
        return list(extraction.analyse_many(items))
    except Exception:  # the extractor's bug must not cost the editor the other articles
        logger.warning("batch extraction failed; extracting %d articles one at a time", len(articles))
    results: list[extraction.Analysis | Exception] = []
    for article, (text, published) in zip(articles, items, strict=True):
        try:
            results.append(extraction.analyse(text, published))
        except Exception as error:
            logger.exception("extraction failed for article %s", article.pk)
            results.append(error)
    return results


def run_extraction(article: Article, reason: str = review.EXTRACTION) -> ExtractionOutcome:
    """Extract figures from the article and store them as proposals, in one transaction (see run_extractions)."""
    return run_extractions([article], reason)[0]


def run_extractions(articles: list[Article], reason: str = review.EXTRACTION) -> list[ExtractionOutcome]:
    """Extract figures from the articles and store them as proposals, in one transaction.

    The articles and their figures are locked before they are read (articles, then
    figures, each in id order, as every writer does), so a review that an editor commits
    meanwhile is either seen here (and kept) or waits for this to end; `reason` names
    the action in the figures' history.
    """
    results = extract_batch(articles)
    outcomes: list[ExtractionOutcome] = []
    now = timezone.now()
    with transaction.atomic():
        ids = sorted(article.pk for article in articles)
        list(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        existing: dict[int, list[Figure]] = {pk: [] for pk in ids}
        for figure in Figure.objects.filter(article_id__in=ids).order_by("pk").select_for_update():
            existing[figure.article_id].append(figure)
        known_codes = set(Country.objects.values_list("code", flat=True))
        stored_candidates: dict[int, list[Candidate]] = {pk: [] for pk in ids}
        for candidate in Candidate.objects.filter(article_id__in=ids).order_by("pk"):
            stored_candidates[candidate.article_id].append(candidate)
        new_figures, new_hosts, withdrawn, done, failed = [], [], [], [], []
        new_candidates, gone_candidates = [], []
        for article, analysis in zip(articles, results, strict=True):
            if isinstance(analysis, Exception):
                message = f"{type(analysis).__name__}: {analysis}"[:2000]
                failed.append((article, message))
                outcomes.append(ExtractionOutcome(error=message))
                continue
            outcome = ExtractionOutcome()
            figures, hosts, undecided = reconcile(
                article, analysis.figures, existing[article.pk], known_codes, reason, outcome
            )
            new_figures += figures
            new_hosts += hosts
            withdrawn += undecided
            added, gone = reconcile_candidates(article, analysis.candidates, stored_candidates[article.pk])
            new_candidates += added
            gone_candidates += gone
            outcome.added, outcome.withdrawn = len(figures), len(undecided)
            done.append(article)
            outcomes.append(outcome)
        bulk_create_with_history(new_figures, Figure, default_change_reason=reason)
        Through = Figure.hosts.through
        Through.objects.bulk_create(
            [
                Through(figure_id=figure.pk, country_id=code)
                for figure, codes in zip(new_figures, new_hosts, strict=True)
                for code in codes
            ]
        )
        Candidate.objects.bulk_create(new_candidates)
        Candidate.objects.filter(pk__in=[candidate.pk for candidate in gone_candidates]).delete()
        for figure in withdrawn:  # one by one, so that each withdrawal is on record
            figure._change_reason = f"{reason}: withdrawn"
            figure.delete()
        Article.objects.filter(pk__in=[a.pk for a in done]).update(
            extraction_state=ExtractionState.DONE, extraction_error="", extracted_at=now
        )
        for article, message in failed:
            Article.objects.filter(pk=article.pk).update(
                extraction_state=ExtractionState.FAILED, extraction_error=message, extracted_at=now
            )
    for article in done:
        article.extraction_state, article.extraction_error = ExtractionState.DONE, ""
    for article, message in failed:
        article.extraction_state, article.extraction_error = ExtractionState.FAILED, message
    return outcomes


def reconcile(article, proposals, existing, known_codes, reason, outcome):
    """Match one article's proposals with its stored figures: refresh the undecided ones that are
    proposed again (saved here), and return the new figures (unsaved), their hosts, and the
    undecided figures no longer proposed. Editors' decisions are kept and their keys never proposed."""
    decided_keys = set()
    undecided = {}
    for figure in existing:
        if figure.edited or figure.review != "proposed":
            decided_keys.update({figure.key, figure.extracted_key})
            outcome.kept += 1
        else:
            undecided[figure.extracted_key or figure.key] = figure

    seen = set()
    new_figures, new_hosts = [], []
    for proposal in proposals:
        codes = [proposal.contributor, *proposal.hosts] if proposal.contributor else list(proposal.hosts)
        if not proposal.hosts or not set(codes) <= known_codes:
            logger.warning("skipping proposal with unknown codes %s in article %s", codes, article.pk)
            continue
        key = figure_key(proposal.contributor, proposal.hosts, proposal.count)
        if key in seen or key in decided_keys:
            continue
        seen.add(key)
        values = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
        values.update(
            sentence=proposal.sentence,
            sentence_start=proposal.start,
            sentence_end=proposal.end,
            confidence=proposal.confidence,
        )
        if key in undecided:
            figure = undecided.pop(key)
            if all(getattr(figure, name) == value for name, value in values.items()):
                outcome.unchanged += 1  # not written: an editor's open form stays current
                continue
            for name, value in values.items():
                setattr(figure, name, value)
            figure.rule, figure.extractor_version = proposal.rule[:100], extraction.EXTRACTOR_VERSION
            figure._change_reason = reason
            figure.save()
            outcome.updated += 1
        else:
            figure = Figure(
                article=article,
                contributor_id=proposal.contributor,
                extracted_key=key,
                published=article.published,
                rule=proposal.rule[:100],
                extractor_version=extraction.EXTRACTOR_VERSION,
                **values,
            )
            figure.set_hosts(proposal.hosts)
            new_figures.append(figure)
            new_hosts.append(sorted(set(proposal.hosts)))
    return new_figures, new_hosts, list(undecided.values())


def reconcile_candidates(article, found, stored) -> tuple[list[Candidate], list[Candidate]]:
    """Match one article's candidate sentences with the stored ones, by their text: an editor's
    choice (dismissed, made a figure) is kept, and its sentence never listed again; an open
    candidate no longer found goes. Returns the new candidates (unsaved) and the ones to delete."""
    by_sentence = {candidate.sentence: candidate for candidate in stored}
    added, listed = [], set()
    for candidate in found:
        if candidate.sentence in listed:
            continue
        listed.add(candidate.sentence)
        known = by_sentence.get(candidate.sentence)
        if known is None:
            added.append(
                Candidate(
                    article=article,
                    sentence=candidate.sentence,
                    sentence_start=candidate.start,
                    sentence_end=candidate.end,
                )
            )
        elif (known.sentence_start, known.sentence_end) != (candidate.start, candidate.end):
            Candidate.objects.filter(pk=known.pk).update(sentence_start=candidate.start, sentence_end=candidate.end)
    gone = [c for c in stored if c.state == CandidateState.OPEN and c.sentence not in listed]
    return added, gone
