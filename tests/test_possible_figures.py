"""Possible figures: the extractor's candidate sentences, stored, listed, made into figures or dismissed for good."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from newsmap import review_desk
from newsmap.ingest import run_extraction
from newsmap.models import Article, Candidate, CandidateState, Figure
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

PROPOSED = "The US has moved 3,000 troops to Poland."
POSSIBLE = "Britain is sending 1,000 more soldiers to Estonia, officials said."
OTHER = "Forces are also gathering near the border."
BODY = f"{PROPOSED} {POSSIBLE} {OTHER}"


@pytest.fixture
def article(scripted_extraction):
    scripted_extraction.proposals = [Proposal("US", ("PL",), 3000, PROPOSED)]
    scripted_extraction.candidates = [POSSIBLE, OTHER]
    article = Article.objects.create(title="Moves", body=BODY, published=date(2022, 2, 1))
    run_extraction(article)
    return article


def decide(client, candidate, state):
    url = reverse("admin:newsmap_candidate_decide", args=[candidate.pk])
    return client.post(url, {"state": state}, headers={"HX-Request": "true"})


def test_the_seed_article_stores_its_candidate_sentences(seed_text):
    title, _, body = seed_text.partition("\n")
    article = Article.objects.create(title=title, body=body, published=date(2022, 3, 4))
    run_extraction(article)
    candidates = list(article.candidates.all())
    assert candidates, "the seed article has sentences the extractor was unsure of"
    for candidate in candidates:
        assert article.body[candidate.sentence_start : candidate.sentence_end] == candidate.sentence
        assert candidate.state == CandidateState.OPEN
    assert not {c.sentence for c in candidates} & set(article.figures.values_list("sentence", flat=True))


def test_listed_in_the_queue_and_on_the_article_page(editor_client, article):
    queue = editor_client.get(reverse("admin:newsmap_figure_review")).content.decode()
    assert "Possible figures (2)" in queue and POSSIBLE in queue and OTHER in queue
    page = editor_client.get(reverse("admin:newsmap_article_change", args=[article.pk])).content.decode()
    assert "Possible figures (2)" in page and POSSIBLE in page


def test_prefilled_from_what_the_extractor_read_in_the_sentence(article):
    row = review_desk.candidate_row(article.candidates.get(sentence=POSSIBLE))
    assert row.prefill == {"contributor": "GB", "hosts": ["EE"], "count": 1000}
    query = parse_qs(urlsplit(row.add_url).query)
    assert query["sentence"] == [POSSIBLE] and query["hosts"] == ["EE"] and query["contributor"] == ["GB"]
    assert review_desk.candidate_row(article.candidates.get(sentence=OTHER)).prefill == {}


def test_a_figure_made_from_a_candidate(editor_client, editor, article):
    candidate = article.candidates.get(sentence=POSSIBLE)
    add_page = editor_client.get(review_desk.candidate_row(candidate).add_url)
    form = add_page.context["adminform"].form
    assert form.initial["sentence"] == POSSIBLE and form.initial["count"] == "1000"
    assert form.initial["hosts"] == ["EE"] and form.initial["contributor"] == "GB"
    data = {
        "article": article.pk,
        "candidate": candidate.pk,
        "review": "proposed",
        "contributor": "GB",
        "hosts": ["EE"],
        "count": "1000",
        "count_max": "",
        "qualifier": "exact",
        "measure": "increase",
        "status": "planned",
        "kind": "troops",
        "sentence": POSSIBLE,
        "_approve": "Save and approve",
    }
    response = editor_client.post(reverse("admin:newsmap_figure_add"), data, follow=True)
    assert response.status_code == 200
    figure = Figure.objects.get(contributor="GB")
    assert (figure.review, figure.sentence_start, figure.rule) == ("approved", candidate.sentence_start, "editor")
    assert figure.history.get().history_change_reason == "added from a possible figure"
    candidate.refresh_from_db()
    assert (candidate.state, candidate.figure, candidate.decided_by) == (CandidateState.USED, figure, editor)
    queue = editor_client.get(reverse("admin:newsmap_figure_review")).content.decode()
    assert "Possible figures (1)" in queue


def test_a_dismissal_is_remembered_through_a_new_extraction(editor_client, editor, article, scripted_extraction):
    other = article.candidates.get(sentence=OTHER)
    response = decide(editor_client, other, "dismissed")
    assert response.status_code == 200 and "Dismissed by editor" in response.content.decode()
    other.refresh_from_db()
    assert (other.state, other.decided_by) == (CandidateState.DISMISSED, editor)

    run_extraction(article)  # the extractor lists the same two sentences again
    assert dict(article.candidates.values_list("sentence", "state")) == {
        POSSIBLE: CandidateState.OPEN,
        OTHER: CandidateState.DISMISSED,
    }
    assert "Possible figures (1)" in editor_client.get(reverse("admin:newsmap_figure_review")).content.decode()

    scripted_extraction.candidates = []  # no longer listed: the open one goes, the editor's choice stays
    run_extraction(article)
    assert list(article.candidates.values_list("sentence", flat=True)) == [OTHER]

    assert (
        "List it again"
        in editor_client.get(reverse("admin:newsmap_article_change", args=[article.pk])).content.decode()
    )
    decide(editor_client, other, "open")
    assert Candidate.objects.get(pk=other.pk).state == CandidateState.OPEN


def test_bad_choices(editor_client, article):
    candidate = article.candidates.first()
    response = decide(editor_client, candidate, "eaten")
    assert response.status_code == 400 and "could not be read" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).state == CandidateState.OPEN
    missing = reverse("admin:newsmap_candidate_decide", args=[candidate.pk + 100])
    assert editor_client.post(missing, {"state": "dismissed"}).status_code == 404
    assert editor_client.get(reverse("admin:newsmap_candidate_decide", args=[candidate.pk])).status_code == 405


def test_a_reviewer_dismisses_but_makes_no_figure(client, reviewer, article):
    client.force_login(reviewer)
    page = client.get(reverse("admin:newsmap_article_change", args=[article.pk])).content.decode()
    assert POSSIBLE in page and ">Make a figure</a>" not in page
    queue = client.get(reverse("admin:newsmap_figure_review")).content.decode()
    assert POSSIBLE in queue and ">Make a figure</a>" not in queue and ">Dismiss</button>" in queue
    assert decide(client, article.candidates.first(), "dismissed").status_code == 200


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Some 300 Dutch troops arrived in Lithuania and Latvia on Monday.",
            {"contributor": "NL", "hosts": ["LT", "LV"], "count": 300},
        ),
        (
            "NATO will double its battlegroup in Romania to 2,000.",
            {"contributor": "NATO", "hosts": ["RO"], "count": 2000},
        ),
        # Not a member's forces, and a place they are only near: the editor is offered neither.
        ("Russia has massed 100,000 troops near Ukraine.", {"count": 100000}),
        ("Allies near Russia were reinforced in response to Putin's decision.", {}),
    ],
)
def test_prefill_takes_only_what_a_figure_can_hold(article, sentence, expected):
    candidate = Candidate(article=article, sentence=sentence, sentence_start=0, sentence_end=len(sentence))
    assert review_desk.prefill(candidate) == expected
