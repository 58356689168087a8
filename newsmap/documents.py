"""Turning what editors paste, upload or import into article fields.

Pure functions over bytes and text: decoding, HTML article extraction
(trafilatura), JSON Lines and CSV batches, RSS/Atom feeds (feedparser, after
defusedxml has refused entity tricks), and dropping reader-comment footers.
`read_file` reads any of them from an open file, one document at a time, so an
import of any size holds one line in memory. The HTML and feed libraries are
imported when a page or feed is read: commands that read none start without them.
"""

import csv
import html as html_entities
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime


class DocumentError(ValueError):
    """An upload that cannot become an article; the message is shown to the editor."""


@dataclass
class Document:
    title: str
    body: str
    outlet: str = ""
    url: str = ""
    published: date | None = None
    source: str = ""
    # The date to assume when the document gives none: its feed's own date, if it has one.
    fallback_date: date | None = None
    extra: dict = field(default_factory=dict)


# Blog and news pages end with a comment form; its boilerplate is not article text.
COMMENT_FOOTER = re.compile(
    r"^\s*(Leave a (Reply|Comment)|Post a Comment|\d+\s+Comments?\s*$|Comments are closed|"
    r"Your email address will not be published)",
    re.IGNORECASE | re.MULTILINE,
)


def strip_comment_footer(text: str) -> str:
    match = COMMENT_FOOTER.search(text)
    return text[: match.start()].rstrip() if match else text


def decode(data: bytes, name: str = "the file") -> str:
    """UTF-8 text (a byte-order mark is allowed); anything else is refused, not guessed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{name} is not UTF-8 text (byte {error.start} is invalid). Save it as UTF-8 and upload it again."
        ) from None
    if "\x00" in text:
        raise DocumentError(f"{name} contains NUL characters; it looks like a binary file, not text.")
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def from_html(html: str, name: str = "the file") -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None or not (extracted.text or "").strip():
        raise DocumentError(f"No article text could be found in {name}.")
    published = None
    if extracted.date:
        try:
            published = date.fromisoformat(extracted.date[:10])
        except ValueError:
            published = None
    return Document(
        title=(extracted.title or "").strip(),
        body=extracted.text.strip(),
        outlet=(extracted.sitename or "").strip(),
        url=(extracted.url or "").strip(),
        published=published,
        source=name,
    )


def from_plain_text(text: str, name: str = "") -> Document:
    """A text file: its first non-empty line is the title, the rest the body."""
    text = strip_comment_footer(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    title, _, body = text.partition("\n")
    return Document(title=title.strip(), body=body.strip(), source=name)


def from_upload(data: bytes, name: str) -> list[Document | DocumentError]:
    """Documents in one uploaded file: .txt, .html/.htm, or .jsonl (one article a line).

    A file that cannot be read at all raises DocumentError; in a JSON Lines file each
    unreadable line becomes a DocumentError in the list, and the other lines still count.
    """
    lower = name.lower()
    if lower.endswith(CSV_SUFFIXES):
        return list(from_csv_lines(_lines(io.BytesIO(data), name), name))
    if lower.endswith(FEED_SUFFIXES) or looks_like_feed(data):
        return list(from_feed(data, name))
    text = decode(data, name)
    if lower.endswith(JSON_LINES_SUFFIXES):
        return from_json_lines(text, name)
    if lower.endswith((".html", ".htm")) or looks_like_html(text):
        return [from_html(text, name)]
    return [from_plain_text(text, name)]


def parse_date(value) -> date:
    """A JSON Lines date: YYYY-MM-DD, or an ISO 8601 timestamp whose date part is taken."""
    if not isinstance(value, str):
        raise ValueError
    if len(value) > 10 and value[10] in "T ":
        return datetime.fromisoformat(value).date()
    return date.fromisoformat(value)


def _optional_string(record: dict, key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DocumentError(f'"{key}" must be a string, not {type(value).__name__}')
    return value


def from_json_line(line: str, where: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise DocumentError(f"{where} is not JSON: {error.msg}.") from None
    except (RecursionError, ValueError) as error:  # nesting too deep, or an integer of thousands of digits
        raise DocumentError(f"{where} is not JSON an article can be read from: {type(error).__name__}.") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise DocumentError(f'{where} needs an object with a "text" string.')
    return from_record(record, where)


def from_record(record: dict, where: str) -> Document:
    """An article from a JSON Lines object or a CSV row: "text", and optionally title, outlet, url, date."""
    try:
        title, outlet, url = (_optional_string(record, key) for key in ("title", "outlet", "url"))
    except DocumentError as error:
        raise DocumentError(f"{where}: {error}.") from None
    published = None
    if record.get("date") not in (None, ""):  # empty, as in the form: no date
        try:
            published = parse_date(record["date"])
        except ValueError:
            raise DocumentError(f"{where}: date {record['date']!r} is not YYYY-MM-DD.") from None
    body = record["text"]
    label = record.get("id")
    return Document(
        # No title: the first line of the text, as for a .txt file (the form refuses one that is too long).
        title=title.strip() or body.strip().partition("\n")[0],
        body=body,
        outlet=outlet,
        url=url,
        published=published,
        source=f"{where} ({label})" if isinstance(label, str | int) and str(label) else where,
    )


def from_json_lines(text: str, name: str = "") -> list[Document | DocumentError]:
    """One document per non-empty line; a line that cannot be read is its error, with its number."""
    results: list[Document | DocumentError] = []
    # Only "\n" ends a line: JSON strings may hold U+2028 and other characters str.splitlines() splits at.
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            results.append(from_json_line(line, f"{name} line {number}"))
        except DocumentError as error:
            results.append(error)
    return results


# --- Reading whole files, one document at a time ------------------------------

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
FEED_SUFFIXES = (".rss", ".atom", ".xml")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (".txt", *HTML_SUFFIXES, *JSON_LINES_SUFFIXES, *CSV_SUFFIXES, *FEED_SUFFIXES)
CSV_COLUMNS = ("title", "url", "date", "outlet", "text")
# A .txt, .html or feed file is read whole: one larger than this is refused unread.
LARGEST_WHOLE_FILE = 64 * 1024 * 1024


def read_file(file, name: str, size: int | None = None, on_read: Callable[[int], None] | None = None):
    """Every document in an open binary file, as they are read; a document that cannot be read is a
    DocumentError in its place (with its line or entry number), a file that cannot be read at all is one.

    `on_read(n)` is told of every n bytes read (a progress bar's steps).
    """
    on_read = on_read or (lambda n: None)
    lower = name.lower()
    if lower.endswith(JSON_LINES_SUFFIXES + CSV_SUFFIXES):
        lines = _lines(_counted(file, on_read), name)
        reader = from_csv_lines if lower.endswith(CSV_SUFFIXES) else _json_lines
        yield from reader(lines, name)
        return
    if size is not None and size > LARGEST_WHOLE_FILE:
        yield DocumentError(
            f"{name} is {size:,} bytes; a single article or feed file may have at most {LARGEST_WHOLE_FILE:,}."
        )
        return
    data = file.read(LARGEST_WHOLE_FILE + 1)
    on_read(len(data))
    if len(data) > LARGEST_WHOLE_FILE:
        yield DocumentError(f"{name} is larger than {LARGEST_WHOLE_FILE:,} bytes; it is not read.")
        return
    try:
        yield from from_upload(data, name)
    except DocumentError as error:
        yield error


def _counted(file, on_read) -> Iterator[bytes]:
    for raw in file:  # a binary file's lines end at b"\n" only
        on_read(len(raw))
        yield raw


def _lines(raw_lines, name: str) -> Iterator[tuple[int, str | DocumentError]]:
    """(line number, text) for each line of a UTF-8 file; a line that is not UTF-8 is its error."""
    for number, raw in enumerate(raw_lines, 1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            yield number, DocumentError(f"{name} line {number} is not UTF-8 (byte {error.start} is invalid).")
            continue
        if "\x00" in text:
            yield number, DocumentError(f"{name} line {number} contains NUL characters.")
            continue
        yield number, text


def _json_lines(lines, name: str) -> Iterator[Document | DocumentError]:
    for number, line in lines:
        if isinstance(line, DocumentError):
            yield line
            continue
        line = line.removesuffix("\n").removesuffix("\r")
        if not line.strip():
            continue
        try:
            yield from_json_line(line, f"{name} line {number}")
        except DocumentError as error:
            yield error


def from_csv_lines(lines, name: str) -> Iterator[Document | DocumentError]:
    """A CSV file with a header row naming its columns: text, and any of title, url, date, outlet."""
    last = [0]  # the number of the line the reader took last: where a row ends
    bad: list[DocumentError] = []

    def texts():
        for number, line in lines:
            if isinstance(line, DocumentError):
                bad.append(line)
                continue
            last[0] = number
            yield line

    reader = csv.DictReader(texts())
    try:
        header = reader.fieldnames
    except csv.Error as error:
        yield DocumentError(f"{name} is not CSV: {error}.")
        return
    yield from bad
    bad.clear()
    if not header or "text" not in header:
        yield DocumentError(f'{name} needs a header row with a "text" column (and any of {", ".join(CSV_COLUMNS)}).')
        return
    rows = iter(reader)
    while True:
        try:
            row = next(rows, None)
        except csv.Error as error:
            yield from bad
            yield DocumentError(f"{name} line {last[0] or 1} is not CSV: {error}.")
            return
        yield from bad
        bad.clear()
        if row is None:
            return
        where = f"{name} line {last[0]}"
        if None in row:
            yield DocumentError(f"{where} has more cells than the header.")
            continue
        record = {key: value for key, value in row.items() if key in CSV_COLUMNS}
        if record.get("text") is None:
            yield DocumentError(f"{where} has fewer cells than the header: no text.")
            continue
        try:
            yield from_record(record, where)
        except DocumentError as error:
            yield error


def looks_like_feed(data: bytes) -> bool:
    head = data[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def _text_of_html(fragment: str) -> str:
    """A feed entry's HTML as plain text, one paragraph a line."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote)>", "\n\n", fragment)
    text = html_entities.unescape(re.sub(r"<[^>]*>", "", text))
    return "\n\n".join(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())


def from_feed(data: bytes, name: str) -> Iterator[Document | DocumentError]:
    """The entries of an RSS or Atom feed: title, link, date, and the content (or summary) as text."""
    from defusedxml import DefusedXmlException, ElementTree

    try:  # refuses entity declarations (billion laughs) and external entities before feedparser sees the file
        ElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise DocumentError(
            f"{name} declares XML entities ({type(error).__name__}); a feed needs none, so it is not read."
        ) from None
    except ElementTree.ParseError as error:
        raise DocumentError(f"{name} is not a well-formed feed: {error}.") from None
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and not parsed.feed:
        raise DocumentError(f"{name} is not an RSS or Atom feed.")
    outlet = (parsed.feed.get("title") or "").strip()
    feed_when = parsed.feed.get("updated_parsed") or parsed.feed.get("published_parsed")
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{name} entry {number}"
        content = entry.get("content") or []
        body = _text_of_html(content[0].get("value", "") if content else entry.get("summary", ""))
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        yield Document(
            title=_text_of_html(entry.get("title", "")).strip() or body.partition("\n")[0],
            body=body,
            outlet=outlet,
            url=(entry.get("link") or "").strip(),
            published=date(*when[:3]) if when else None,
            source=where,
            fallback_date=date(*feed_when[:3]) if feed_when else None,
        )
