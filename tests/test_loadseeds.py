import pytest
from django.core.management import call_command

from newsmap.models import Article, Figure

pytestmark = pytest.mark.django_db


def test_loadseeds_loads_the_seed_article_once(capsys):
    call_command("loadseeds")
    article = Article.objects.get()
    assert article.title == "America warns Russia: ‘We are ready for conflict’"
    assert str(article.published) == "2022-03-04"
    assert article.body.startswith("US Secretary of State Antony Blinken")
    assert article.body.endswith("diplomatic efforts.’")
    assert "Leave a Reply" not in article.body and "email address" not in article.body
    assert article.extraction_state == "done"
    figures = Figure.objects.count()
    assert figures >= 4
    assert not Figure.objects.approved().exists()

    call_command("loadseeds", "--approve")
    assert Article.objects.count() == 1
    assert Figure.objects.count() == figures
    assert "1 already present" in capsys.readouterr().out


def test_loadseeds_approve_makes_seed_figures_visible(client):
    call_command("loadseeds", "--approve")
    assert Figure.objects.approved().count() == Figure.objects.count() > 0
    assert "additional troops deployed to Poland and Romania" in client.get("/countries/RO/").content.decode()


def test_loadseeds_reports_an_unreadable_seed(tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"caf\xe9")
    (tmp_path / "ok.txt").write_text("Title\nBritish troops have arrived in Estonia.", encoding="utf-8")
    with pytest.raises(Exception, match="1 seed document"):
        call_command("loadseeds", "--dir", str(tmp_path))
    assert list(Article.objects.values_list("title", flat=True)) == ["Title"]
