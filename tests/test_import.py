"""Importing a JSON Lines file: every line obeys the article form's rules, every bad line is reported."""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags

from newsmap.models import Article

pytestmark = pytest.mark.django_db

GOOD = {"title": "Estonia", "text": "Britain sent 800 troops to Estonia.", "url": "https://news.example/ee"}

# (line, the reason the editor is told); None: the line is imported.
LINES = [
    (json.dumps(GOOD), None),
    (json.dumps({**GOOD, "text": "One.", "url": "javascript:alert(1)"}), "URL: Enter a valid URL."),
    (json.dumps({**GOOD, "text": "Two.", "url": "not a url"}), "URL: Enter a valid URL."),
    (json.dumps({**GOOD, "text": "Three.", "url": "data:text/html,<script>alert(1)</script>"}), "Enter a valid URL."),
    (json.dumps({**GOOD, "text": "Four.", "url": "", "title": "T" * 501}), "at most 500 characters (it has 501)"),
    (json.dumps({**GOOD, "text": "Five.", "url": "", "outlet": "O" * 201}), "at most 200 characters (it has 201)"),
    (json.dumps({**GOOD, "text": "Six.", "url": "https://x.example/" + "a" * 1000}), "at most 1000 characters"),
    ("{not json", "is not JSON: Expecting property name"),
    ("[1, 2]", 'needs an object with a "text" string'),
    (json.dumps({"title": "No text"}), 'needs an object with a "text" string'),
    (json.dumps({"text": 5}), 'needs an object with a "text" string'),
    (json.dumps({"text": "Seven.", "title": 5}), '"title" must be a string, not int'),
    (json.dumps({"text": "Eight.", "url": ["https://a.example"]}), '"url" must be a string, not list'),
    (json.dumps({"text": "Nine.", "date": "yesterday"}), "date 'yesterday' is not YYYY-MM-DD"),
    (json.dumps({"text": "Ten.", "date": 20220301}), "date 20220301 is not YYYY-MM-DD"),
    (json.dumps({"text": "Eleven.", "date": "2999-01-01"}), "is in the future"),
    (json.dumps({"text": "   ", "title": "Empty"}), "The article has no text"),
    (json.dumps({"text": "Nul \u0000 inside.", "title": "Nul"}), "Null characters are not allowed"),
    (json.dumps({**GOOD, "url": ""}), "This text has already been imported"),
    (json.dumps({**GOOD, "text": "Twelve."}), "An article with this URL already exists"),
    ("[" * 100_000 + "]" * 100_000, "is not JSON an article can be read from"),
    ('{"text": "Thirteen.", "n": ' + "9" * 5000 + "}", "is not JSON an article can be read from"),
    (json.dumps({"text": "x" * 1_000_001, "title": "Huge"}), "an article may have at most 1,000,000"),
    (json.dumps({"text": "Fourteen.", "title": "Dated", "date": "2022-03-01T10:00:00Z"}), None),
    (json.dumps({"text": "Sixteen.", "title": "Undated", "date": ""}), None),
    # U+2028 inside a JSON string does not end the line.
    (json.dumps({"text": "Fifteen.\u2028Still the same line.", "title": "Separator"}, ensure_ascii=False), None),
]


def test_every_hostile_line_is_refused_with_its_number_and_the_good_ones_go_in(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    text = "\n".join(line for line, _ in LINES) + "\n"
    upload = SimpleUploadedFile("batch.jsonl", text.encode())
    response = editor_client.post("/admin/newsmap/article/import/", {"files": [upload]}, follow=True)
    assert response.status_code == 200
    # The import's progress page reports every line it did not take.
    problems = [f"{p['where']}: {html.unescape(strip_tags(p['message']))}" for p in response.context["problems"]]
    refused = {int(re.search(r"batch\.jsonl line (\d+)", m)[1]): m for m in problems}
    batch = response.context["batch"]
    assert (batch.imported, batch.duplicates, batch.refused) == (4, 2, len(LINES) - 6)
    for number, (_, reason) in enumerate(LINES, 1):
        if reason is None:
            assert number not in refused, refused.get(number)
        else:
            assert reason in refused[number], (number, refused.get(number))
    assert len(refused) == sum(reason is not None for _, reason in LINES)

    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Estonia", "Dated", "Undated", "Separator"}  # nothing cut short, nothing half-saved
    assert str(Article.objects.get(title="Dated").published) == "2022-03-01"
    assert Article.objects.get(title="Estonia").url == "https://news.example/ee"


def test_a_txt_file_with_a_title_too_long_is_refused_not_cut(editor_client, scripted_extraction):
    upload = SimpleUploadedFile("long.txt", ("T" * 600 + "\nBritain sent 800 troops to Estonia.").encode())
    response = editor_client.post("/admin/newsmap/article/import/", {"files": [upload]}, follow=True)
    page = html.unescape(strip_tags(response.content.decode()))
    assert "long.txt: Title: Ensure this value has at most 500 characters (it has 600)." in page
    assert not Article.objects.exists()
