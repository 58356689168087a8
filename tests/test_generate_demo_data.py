"""generate_demo_data: bounded deployment histories in every review state, and kept estimates that agree."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Max

from newsmap import estimates
from newsmap.models import Article, EstimateSeries, Figure

pytestmark = pytest.mark.django_db


def test_demo_data_has_bounded_histories_in_every_review_state():
    out = io.StringIO()
    call_command("generate_demo_data", articles=600, figures=1800, pairs=12, stdout=out)
    assert "Created 600 articles and 1800 figures." in out.getvalue()
    assert Article.objects.count() == 600 and Figure.objects.count() == 1800
    assert Figure.objects.aggregate(Max("count"))["count__max"] <= 20_000  # twice the largest starting level
    assert {("approved", False), ("approved", True), ("proposed", False), ("rejected", False)} <= set(
        Figure.objects.values_list("review", "edited").distinct()
    )
    assert set(Figure.objects.values_list("measure", flat=True).distinct()) == {"total", "increase", "decrease"}
    assert Figure.objects.filter(count__isnull=True, qualifier="vague").exists()
    pairs = set(Figure.objects.values_list("contributor", "hosts_key").distinct())
    assert len(pairs) == 12
    # Every sentence is where its offsets say, in its article.
    for figure in Figure.objects.select_related("article")[:200]:
        assert figure.article.body[figure.sentence_start : figure.sentence_end] == figure.sentence
    # The kept estimates were built for it, and agree with the rule.
    assert EstimateSeries.objects.exists()
    assert estimates.differences() == []


def test_running_it_again_asks_for_replace_and_replace_replaces_only_demo_data():
    call_command("generate_demo_data", articles=50, stdout=io.StringIO())
    Article.objects.create(title="Real", body="A real article.")
    with pytest.raises(Exception, match="add --replace"):
        call_command("generate_demo_data", articles=50, stdout=io.StringIO())
    call_command("generate_demo_data", articles=70, replace=True, stdout=io.StringIO())
    assert Article.objects.count() == 71 and Article.objects.filter(title="Real").exists()
    assert estimates.differences() == []
