"""Bad input gets a clear message in the admin and loses nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsmap.models import Article, Figure
from tests.conftest import Proposal
from tests.test_admin_review import ADD_URL, EMPTY_INLINE, add_article

pytestmark = pytest.mark.django_db

BODY = "Britain sent 800 troops to Estonia."


def errors_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_empty_body_is_refused(editor_client):
    page = errors_of(add_article(editor_client, title="Nothing", body="   \n  "))
    assert "The article has no text" in page
    assert not Article.objects.exists()


def test_body_of_several_megabytes_is_refused(editor_client, settings):
    body = "Troops. " * 700_000  # 5.6 MB
    page = errors_of(add_article(editor_client, title="Huge", body=body))
    assert "an article may have at most 1,000,000" in page
    assert not Article.objects.exists()


def test_upload_that_is_not_utf8_is_refused(editor_client):
    upload = SimpleUploadedFile("latin1.txt", "Título\nTropas británicas en Estonia".encode("latin-1"))
    response = editor_client.post(ADD_URL, {"title": "", "body": "", "upload": upload, **EMPTY_INLINE}, follow=True)
    assert "is not UTF-8 text" in errors_of(response)
    assert not Article.objects.exists()


def test_upload_of_text_and_html_fills_the_article(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    upload = SimpleUploadedFile("story.txt", f"Estonia welcomes troops\n\n{BODY}\n\nLeave a Reply\nName".encode())
    add_article(editor_client, upload=upload)
    article = Article.objects.get()
    assert (article.title, article.body) == ("Estonia welcomes troops", BODY)

    html = (
        "<html><head><title>Allies in Latvia</title></head><body><nav>Home | World</nav>"
        "<article><h1>Allies in Latvia</h1><p>Canada leads a battlegroup of 1,000 troops in Latvia, "
        "the defence ministry said on Tuesday.</p><p>The deployment is part of NATO's forward presence "
        "in the Baltic states, which began in 2017.</p></article><footer>Copyright</footer></body></html>"
    )
    add_article(editor_client, upload=SimpleUploadedFile("page.html", html.encode()))
    article = Article.objects.get(title="Allies in Latvia")
    assert "Canada leads a battlegroup" in article.body and "Copyright" not in article.body


def test_duplicate_text_is_refused_even_with_other_whitespace(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    add_article(editor_client, title="First", body=BODY)
    page = errors_of(add_article(editor_client, title="Second", body=f"  {BODY}\r\n"))
    assert "This text has already been imported as" in page
    assert Article.objects.count() == 1


def test_duplicate_url_is_refused(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    add_article(editor_client, title="First", url="https://example.com/a", body=BODY)
    page = errors_of(add_article(editor_client, title="Other", url="https://example.com/a", body="Other text."))
    assert "An article with this URL already exists" in page
    assert Article.objects.count() == 1


def test_publication_date_in_the_future_is_refused(editor_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = errors_of(add_article(editor_client, title="Later", published=tomorrow.isoformat(), body=BODY))
    assert "is in the future" in page
    assert not Article.objects.exists()


def test_extraction_that_raises_keeps_the_article_and_says_so(editor_client, scripted_extraction):
    scripted_extraction.error = ValueError("unexpected token")
    response = add_article(editor_client, title="Saved anyway", body=BODY)
    page = errors_of(response)
    assert "Extraction: extraction failed: ValueError: unexpected token" in page
    article = Article.objects.get()
    assert article.extraction_state == "failed"
    assert not Figure.objects.exists()


def test_text_with_nul_characters_is_refused(editor_client):
    page = errors_of(add_article(editor_client, title="Binary", body="abc\x00def"))
    assert "Null characters are not allowed" in page
    assert not Article.objects.exists()


def test_editing_an_article_keeps_reviewed_figures(editor_client, scripted_extraction):
    scripted_extraction.proposals = [Proposal("GB", ("EE",), 800, BODY)]
    add_article(editor_client, title="First", body=BODY)
    Figure.objects.update(review="approved")
    article = Article.objects.get()
    scripted_extraction.proposals = []
    from django.urls import reverse

    from tests.admin_forms import change_form_data

    url = reverse("admin:newsmap_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["body"] = BODY + " More text follows."
    editor_client.post(url, data, follow=True)
    assert Figure.objects.get().review == "approved"


def test_bulk_import_saves_good_files_and_reports_bad_ones(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    add_article(editor_client, title="Existing", body=BODY)
    jsonl = (
        '{"id": "a", "title": "Latvia", "text": "Canada leads 1,000 troops in Latvia.", "date": "2022-03-01"}\n'
        '{"id": "b", "title": "Dup", "text": "Britain sent 800 troops to Estonia."}\n'
        '{"id": "c", "title": "Future", "text": "Other.", "date": "2999-01-01"}\n'
    )
    files = [
        SimpleUploadedFile("batch.jsonl", jsonl.encode()),
        SimpleUploadedFile("bad.txt", b"\xff\xfe\x00bad"),
        SimpleUploadedFile("good.txt", b"Poland hosts allies\nThe US has moved 3,000 troops to Poland."),
    ]
    response = editor_client.post("/admin/newsmap/article/import/", {"files": files}, follow=True)
    page = errors_of(response)
    assert "Imported 2 article(s)" in page
    assert "bad.txt is not UTF-8 text" in page
    assert "This text has already been imported" in page
    assert "is in the future" in page
    assert set(Article.objects.values_list("title", flat=True)) == {"Existing", "Latvia", "Poland hosts allies"}
    # Their extraction is queued for the background workers, with the articles.
    from django_tasks_db.models import DBTaskResult

    queued = {pk for task in DBTaskResult.objects.all() for pk in task.args_kwargs["args"][0]}
    assert queued == set(Article.objects.exclude(title="Existing").values_list("pk", flat=True))
