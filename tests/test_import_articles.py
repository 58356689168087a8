"""`manage.py import_articles`: every format, every bad file, duplicates, batches, progress, memory."""

import csv
import io
import json
import tracemalloc
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from newsmap.models import Article, Figure
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

HTML = (
    "<html><head><title>Allies in Latvia</title></head><body><nav>Home | World</nav>"
    "<article><h1>Allies in Latvia</h1><p>Canada leads the NATO battlegroup in Latvia, where about 1,000 "
    "Canadian troops are deployed alongside soldiers from a dozen allies.</p><p>The deployment is part of "
    "the alliance's forward presence in the Baltic states, which began in 2017.</p></article>"
    "<footer>Copyright</footer></body></html>"
)
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Baltic Wire</title><link>https://wire.example/</link>
<item><title>Britain reinforces Estonia</title><link>https://wire.example/ee</link>
<pubDate>Tue, 01 Mar 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Britain sent 800 troops to Estonia.&lt;/p&gt;
&lt;p&gt;More will follow.&lt;/p&gt;</description></item>
<item><title>Germany in Lithuania</title><link>https://wire.example/lt</link>
<description>Germany has 1,500 troops in Lithuania.</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Flank Notes</title>
<entry><title>Romania hosts allies</title><link href="https://flank.example/ro"/>
<updated>2023-05-02T08:00:00Z</updated><id>urn:1</id>
<content type="html">&lt;p&gt;France leads about 700 troops in Romania.&lt;/p&gt;</content></entry>
</feed>
"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><title>&d;</title>
<item><title>x</title><description>&d;</description></item></channel></rss>
"""


def run(*args, **options) -> tuple[str, str, int]:
    """(stdout, stderr, exit status) of the command."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, **options)
        status = 0
    except CommandError as error:
        err.write(str(error))
        status = 1
    return out.getvalue(), err.getvalue(), status


def write_csv(path, rows, header=("title", "url", "date", "outlet", "text")):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def test_every_format_in_a_folder_is_imported_with_its_fields(tmp_path, scripted_extraction):
    folder = tmp_path / "inbox"
    (folder / "feeds").mkdir(parents=True)
    (folder / "a.txt").write_text("Poland hosts allies\nThe US has moved 3,000 troops to Poland.", encoding="utf-8")
    (folder / "b.html").write_text(HTML, encoding="utf-8")
    (folder / "c.jsonl").write_text(
        json.dumps({"title": "Norway", "text": "Dutch marines train in Norway.", "date": "2024-02-03"}) + "\n",
        encoding="utf-8",
    )
    write_csv(
        folder / "d.csv",
        [["Hungary", "https://csv.example/hu", "2024-06-07", "CSV Daily", "Italy sent 250 troops to Hungary.\nMore."]],
    )
    (folder / "feeds" / "wire.rss").write_text(RSS, encoding="utf-8")
    (folder / "feeds" / "notes.atom").write_text(ATOM, encoding="utf-8")
    (folder / "notes.md").write_text("Not an article format.", encoding="utf-8")  # ignored in a folder

    out, err, status = run(folder, no_progress=True)
    assert status == 0, err
    assert "7 imported, 0 duplicate(s) skipped, 0 refused" in out
    articles = {article.title: article for article in Article.objects.all()}
    assert set(articles) == {
        "Poland hosts allies",
        "Allies in Latvia",
        "Norway",
        "Hungary",
        "Britain reinforces Estonia",
        "Germany in Lithuania",
        "Romania hosts allies",
    }
    assert articles["Poland hosts allies"].body == "The US has moved 3,000 troops to Poland."
    assert "about 1,000 Canadian troops" in articles["Allies in Latvia"].body
    assert "Copyright" not in articles["Allies in Latvia"].body
    assert articles["Norway"].published == date(2024, 2, 3)
    hungary = articles["Hungary"]
    assert (hungary.url, hungary.outlet, hungary.published) == ("https://csv.example/hu", "CSV Daily", date(2024, 6, 7))
    assert hungary.body == "Italy sent 250 troops to Hungary.\nMore."  # a quoted cell across lines
    estonia = articles["Britain reinforces Estonia"]
    assert estonia.body == "Britain sent 800 troops to Estonia.\n\nMore will follow."
    assert (estonia.url, estonia.outlet, estonia.published) == (
        "https://wire.example/ee",
        "Baltic Wire",
        date(2022, 3, 1),
    )
    assert articles["Romania hosts allies"].published == date(2023, 5, 2)
    assert articles["Romania hosts allies"].outlet == "Flank Notes"
    # Every import is on record, as the admin's is.
    assert {record.history_change_reason for record in Article.history.all()} == {"import"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", b"Caf\xe9 troops\nBody.", "latin1.txt is not UTF-8 text"),
        ("empty.html", b"<html><head></head><body></body></html>", "No article text could be found in empty.html"),
        ("bomb.rss", BILLION_LAUGHS.encode(), "declares XML entities (EntitiesForbidden)"),
        ("broken.rss", b'<?xml version="1.0"?><rss><channel><item>', "broken.rss is not a well-formed feed"),
        ("notext.csv", b"title,url\nA,https://x.example/a\n", 'notext.csv needs a header row with a "text" column'),
        ("nul.txt", b"Title\nBody \x00 here.", "contains NUL characters"),
    ],
)
def test_a_bad_file_is_reported_with_its_reason_and_the_rest_goes_in(
    tmp_path, monkeypatch, scripted_extraction, name, content, reason
):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Estonia\nBritain sent 800 troops to Estonia.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # files are named as found under the folder given
    out, err, status = run(".", no_progress=True)
    assert status == 1
    assert reason in err, err
    assert "1 imported" in out and "1 refused" in out
    assert list(Article.objects.values_list("title", flat=True)) == ["Estonia"]


def test_bad_lines_rows_and_paths_are_reported_with_their_numbers(tmp_path, scripted_extraction):
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_bytes(
        b'{"title": "One", "text": "Britain sent 800 troops to Estonia."}\n'
        b"{not json\n"
        b'{"title": "Latin", "text": "caf\xe9"}\n'
        b'{"title": "Future", "text": "Two.", "date": "2999-01-01"}\n'
        b'{"title": "Three", "text": "Canada leads 1,000 troops in Latvia."}\n'
    )
    rows = tmp_path / "rows.csv"
    write_csv(
        rows,
        [
            ["Ok", "", "", "", "Germany has 1,500 troops in Lithuania."],
            ["Bad url", "javascript:alert(1)", "", "", "Four."],
            ["Bad date", "", "yesterday", "", "Five."],
            ["Extra", "", "", "", "Six.", "surplus"],
        ],
    )
    (tmp_path / "notes.md").write_text("Not an article format.", encoding="utf-8")
    out, err, status = run(jsonl, rows, tmp_path / "missing.jsonl", tmp_path / "notes.md", no_progress=True)
    assert status == 1
    assert "batch.jsonl line 2 is not JSON" in err
    assert "batch.jsonl line 3 is not UTF-8" in err
    assert "batch.jsonl line 4: Published: The publication date 01 January 2999 is in the future." in err
    assert "rows.csv line 3: URL: Enter a valid URL." in err
    assert "rows.csv line 4: date 'yesterday' is not YYYY-MM-DD." in err
    assert "rows.csv line 5 has more cells than the header." in err
    assert "missing.jsonl: no such file or folder" in err
    assert "notes.md: not a file this command reads" in err
    assert "3 imported, 0 duplicate(s) skipped, 8 refused" in out
    assert set(Article.objects.values_list("title", flat=True)) == {"One", "Three", "Ok"}


def test_duplicates_by_text_or_url_are_skipped_and_counted(tmp_path, scripted_extraction):
    Article.objects.create(title="Stored", body="Britain sent 800 troops to Estonia.", url="https://a.example/1")
    lines = [
        {"title": "Same text, other spacing", "text": "Britain  sent 800 troops\nto Estonia."},
        {"title": "Same URL", "text": "Other text.", "url": "https://a.example/1"},
        {"title": "New", "text": "Canada leads 1,000 troops in Latvia.", "url": "https://a.example/2"},
        {"title": "New again", "text": "Canada leads 1,000 troops in Latvia."},  # earlier in this import
        {"title": "New URL again", "text": "Another text.", "url": "https://a.example/2"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out, err, status = run(path, no_progress=True)
    assert status == 0, err
    assert "1 imported, 4 duplicate(s) skipped, 0 refused" in out
    assert err == ""  # duplicates are counted, not listed...
    _, err, _ = run(path, no_progress=True, verbosity=2)
    assert "skipped: " in err and "a.jsonl line 4: Body: This text has already been imported" in err  # ...unless asked
    assert "a.jsonl line 5: URL: An article with this URL already exists" in err
    assert Article.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_each_batch_is_committed_so_an_interruption_loses_only_the_batch_in_progress(tmp_path, scripted_extraction):
    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(
            json.dumps({"title": f"A{n}", "text": f"Report {n}: Britain sent 800 troops to Estonia."}) + "\n"
            for n in range(7)
        ),
        encoding="utf-8",
    )
    sentence = "Britain sent 800 troops to Estonia."
    scripted_extraction.proposals = [Proposal("GB", ("EE",), 800, sentence)]
    calls = []

    def analyse_many(items):
        for text, _published in items:
            calls.append(text)
            if len(calls) == 5:  # the third batch of two: the process is stopped in the middle of it
                raise KeyboardInterrupt
            start = text.find(sentence)
            yield extraction.Analysis([Proposal("GB", ("EE",), 800, sentence, start, start + len(sentence))], [])

    from newsmap import extraction

    scripted = extraction.analyse_many
    extraction.analyse_many = analyse_many
    try:
        with pytest.raises(KeyboardInterrupt):
            run(path, extract=True, batch_size=2, no_progress=True)
    finally:
        extraction.analyse_many = scripted
    assert sorted(Article.objects.values_list("title", flat=True)) == ["A0", "A1", "A2", "A3"]
    assert set(Article.objects.values_list("extraction_state", flat=True)) == {"done"}
    assert Figure.objects.count() == 4  # each committed article with its figure, none without


def test_extraction_is_queued_for_the_workers_unless_asked_here(tmp_path, scripted_extraction):
    sentence = "Britain sent 800 troops to Estonia."
    scripted_extraction.proposals = [Proposal("GB", ("EE",), 800, sentence)]
    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(json.dumps({"title": f"A{n}", "text": f"{n}. {sentence}"}) + "\n" for n in range(30)),
        encoding="utf-8",
    )
    run(path, no_progress=True)
    assert set(Article.objects.values_list("extraction_state", flat=True)) == {"pending"}
    assert not Figure.objects.exists()
    queued = [task.args_kwargs["args"][0] for task in DBTaskResult.objects.order_by("enqueued_at")]
    assert sorted(pk for batch in queued for pk in batch) == sorted(Article.objects.values_list("pk", flat=True))
    assert max(len(batch) for batch in queued) <= 25  # small enough for several workers to share

    Article.objects.all().delete()
    DBTaskResult.objects.all().delete()
    out, _, _ = run(path, extract=True, no_progress=True)
    assert set(Article.objects.values_list("extraction_state", flat=True)) == {"done"}
    assert Figure.objects.filter(contributor="GB", hosts_key="EE").count() == 30
    assert not DBTaskResult.objects.exists()
    assert "30 figure(s) proposed" in out


def test_the_progress_bar_shows_the_bytes_read_the_rate_and_the_eta(tmp_path, scripted_extraction):
    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(json.dumps({"title": f"A{n}", "text": f"Report {n}."}) + "\n" for n in range(50)), encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    out, err, _ = run(tmp_path, batch_size=10)
    assert "import: 100%" in err
    assert "50 imported, 0 duplicates, 1 refused" in err and "articles/s" in err
    assert "<00:00" in err  # the time left, as tqdm shows it
    assert "refused: " in err and "bad.txt is not UTF-8" in err
    assert "50 imported" in out


def test_memory_stays_flat_whatever_the_size_of_the_input(tmp_path, scripted_extraction):
    def peak(lines: int) -> int:
        path = tmp_path / f"{lines}.jsonl"
        with path.open("w", encoding="utf-8") as file:
            for n in range(lines):
                file.write(
                    json.dumps({"title": f"{lines}-{n}", "text": f"Report {lines}-{n}. " + "Word " * 400}) + "\n"
                )
        tracemalloc.start()
        try:
            run(path, no_progress=True, batch_size=50)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(200), peak(1600)
    assert Article.objects.count() == 1800
    # Eight times the input (1.6 MB more text) and the peak stays within a batch's worth of it.
    assert large < small * 1.5 + 512 * 1024, (small, large)
