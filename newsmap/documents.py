"""Turning what editors paste or upload into article fields.

Pure functions over bytes and text: decoding, HTML article extraction
(trafilatura), JSON Lines batches, and dropping reader-comment footers.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import trafilatura


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
    text = decode(data, name)
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
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
