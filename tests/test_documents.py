import pytest

from newsmap.documents import DocumentError, from_json_lines, from_upload, strip_comment_footer


def test_comment_footer_is_dropped_only_from_the_marker_on():
    text = "Title\n\nBody about troops.\n\n\nLeave a Reply\n\nYour email address will not be published."
    assert strip_comment_footer(text) == "Title\n\nBody about troops."
    assert strip_comment_footer("No footer here. Leave a reply if you like.") == (
        "No footer here. Leave a reply if you like."
    )


def test_text_upload_with_byte_order_mark_and_windows_line_endings():
    (document,) = from_upload("\ufeffHeadline\r\n\r\nFirst line.\r\nSecond.".encode(), "a.txt")
    assert (document.title, document.body) == ("Headline", "First line.\nSecond.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"caf\xe9", "is not UTF-8 text (byte 3 is invalid)"),
        (b"abc\x00\x00", "contains NUL characters"),
    ],
)
def test_unreadable_uploads_say_why(data, message):
    with pytest.raises(DocumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_upload(data, "x.txt")


def test_json_lines_report_each_bad_line_and_keep_the_good_ones():
    text = '{"text": "ok"}\n{nope}\n{"body": "ok"}\n{"text": "ok", "date": "March 3"}\n\n{"text": "fine"}\n'
    first, bad_json, no_text, bad_date, last = from_json_lines(text, "batch.jsonl")
    assert (first.body, last.body) == ("ok", "fine")
    assert last.source == "batch.jsonl line 6"
    assert str(bad_json) == "batch.jsonl line 2 is not JSON: Expecting property name enclosed in double quotes."
    assert str(no_text) == 'batch.jsonl line 3 needs an object with a "text" string.'
    assert str(bad_date) == "batch.jsonl line 4: date 'March 3' is not YYYY-MM-DD."


def test_html_without_article_text_is_refused():
    with pytest.raises(DocumentError, match="No article text"):
        from_upload(b"<html><head><title>x</title></head><body></body></html>", "empty.html")
