"""Re-running extraction never touches what an editor decided."""

import pytest

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review, figure_key
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

BODY = (
    "The US has moved 3,000 troops to Poland. Britain sent 800 troops to Estonia. "
    "Canada leads a battlegroup of 1,000 troops in Latvia. Germany has 500 soldiers in Lithuania."
)
US = Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")
GB = Proposal("GB", ("EE",), 800, "Britain sent 800 troops to Estonia.")
CA = Proposal("CA", ("LV",), 1000, "Canada leads a battlegroup of 1,000 troops in Latvia.")
DE = Proposal("DE", ("LT",), 500, "Germany has 500 soldiers in Lithuania.")


@pytest.fixture
def article():
    return Article.objects.create(title="Allies", body=BODY)


def keys(article):
    return {f.key: f.review for f in article.figures.all()}


def test_proposals_are_stored_once_with_offsets_and_version(article, scripted_extraction):
    scripted_extraction.proposals = [US, GB, US]
    outcome = run_extraction(article)
    assert (outcome.added, outcome.withdrawn) == (2, 0)
    assert keys(article) == {"US|PL|3000": "proposed", "GB|EE|800": "proposed"}
    figure = article.figures.get(contributor="GB")
    assert BODY[figure.sentence_start : figure.sentence_end] == GB.sentence
    assert figure.extractor_version == "scripted"
    assert list(figure.hosts.values_list("code", flat=True)) == ["EE"]
    article.refresh_from_db()
    assert article.extraction_state == "done"


def test_rerun_adds_new_withdraws_stale_and_keeps_every_decision(article, scripted_extraction, editor):
    scripted_extraction.proposals = [US, GB, CA, DE]
    run_extraction(article)
    figures = {f.contributor_id: f for f in article.figures.all()}
    Figure.objects.filter(pk=figures["US"].pk).update(review=Review.APPROVED, reviewed_by=editor)
    Figure.objects.filter(pk=figures["GB"].pk).update(review=Review.REJECTED, reviewed_by=editor)
    # an editor's correction: 1,000 → 1,200, still unapproved
    Figure.objects.filter(pk=figures["CA"].pk).update(count=1200, edited=True)

    # The next extractor version finds none of the reviewed figures and proposes a new one.
    new = Proposal("NL", ("LT",), 300, "Germany has 500 soldiers in Lithuania.")
    scripted_extraction.proposals = [new, CA]
    outcome = run_extraction(article)

    assert keys(article) == {
        "US|PL|3000": "approved",
        "GB|EE|800": "rejected",
        "CA|LV|1200": "proposed",  # edited: kept, and its original key not proposed again
        "NL|LT|300": "proposed",
    }
    assert (outcome.added, outcome.withdrawn, outcome.kept) == (1, 1, 3)  # DE withdrawn
    assert article.figures.get(contributor="CA").edited


def test_a_rejected_figure_is_not_proposed_again(article, scripted_extraction):
    scripted_extraction.proposals = [GB]
    run_extraction(article)
    article.figures.update(review=Review.REJECTED)
    run_extraction(article)
    assert keys(article) == {"GB|EE|800": "rejected"}


def test_unreviewed_proposal_is_refreshed_in_place(article, scripted_extraction):
    scripted_extraction.proposals = [GB]
    run_extraction(article)
    first = article.figures.get()
    scripted_extraction.proposals = [Proposal(**{**GB.__dict__, "status": "planned"})]
    outcome = run_extraction(article)
    assert outcome.updated == 1
    again = article.figures.get()
    assert again.pk == first.pk and again.status == "planned"


def test_failing_extraction_keeps_article_and_figures(article, scripted_extraction):
    scripted_extraction.proposals = [GB]
    run_extraction(article)
    scripted_extraction.error = RuntimeError("tokenizer exploded")
    outcome = run_extraction(article)
    assert not outcome.ok and "tokenizer exploded" in str(outcome)
    article.refresh_from_db()
    assert article.extraction_state == "failed"
    assert "RuntimeError: tokenizer exploded" in article.extraction_error
    assert keys(article) == {"GB|EE|800": "proposed"}  # nothing lost


def test_proposals_naming_unknown_codes_are_skipped(article, scripted_extraction):
    scripted_extraction.proposals = [Proposal("ZZ", ("PL",), 10, US.sentence), GB]
    run_extraction(article)
    assert keys(article) == {"GB|EE|800": "proposed"}


def test_figures_carry_their_article_date_and_follow_corrections(article, scripted_extraction):
    from datetime import date

    article.published = date(2022, 3, 1)
    article.save()
    scripted_extraction.proposals = [US, GB]
    run_extraction(article)
    assert set(article.figures.values_list("published", flat=True)) == {date(2022, 3, 1)}
    article.published = date(2022, 3, 2)  # an editor corrects the date
    article.save()
    assert set(article.figures.values_list("published", flat=True)) == {date(2022, 3, 2)}
    article.published = None
    article.save()
    assert set(article.figures.values_list("published", flat=True)) == {None}


def test_the_real_extractor_stores_its_confidence_with_each_proposal(article):
    from newsmap import extraction

    run_extraction(article)
    proposed = extraction.extract(article.body, article.published)
    expected = {figure_key(f.contributor, f.hosts, f.count): f.confidence for f in proposed}
    stored = {f.key: f.confidence for f in article.figures.all()}
    assert stored and stored == expected
    assert all(0 < value <= 1 for value in stored.values())


def test_a_batch_that_the_extractor_fails_on_is_retried_one_article_at_a_time(scripted_extraction, monkeypatch):
    from newsmap import extraction
    from newsmap.ingest import run_extractions

    good = Article.objects.create(title="Good", body=BODY)
    bad = Article.objects.create(title="Bad", body="Italy sent 300 troops to Bulgaria.")
    scripted_extraction.proposals = [GB]
    one_at_a_time = scripted_extraction.analyse

    def analyse(text, published=None):
        if "Italy" in text:
            raise RuntimeError("tokenizer exploded")
        return one_at_a_time(text, published)

    def analyse_many(items):
        raise RuntimeError("tokenizer exploded")
        yield  # a generator, as the extractor's is

    monkeypatch.setattr(extraction, "analyse", analyse)
    monkeypatch.setattr(extraction, "analyse_many", analyse_many)
    good_outcome, bad_outcome = run_extractions([good, bad])
    assert good_outcome.ok and good_outcome.added == 1
    assert not bad_outcome.ok and "tokenizer exploded" in bad_outcome.error
    good.refresh_from_db(), bad.refresh_from_db()
    assert (good.extraction_state, bad.extraction_state) == ("done", "failed")
    assert keys(good) == {"GB|EE|800": "proposed"} and keys(bad) == {}
