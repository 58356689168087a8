"""Turning what editors paste or upload into article fields.

Pure functions over bytes and text: decoding, HTML article extraction
(trafilatura), JSON Lines batches, and dropping reader-comment footers.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

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


def from_upload(data: bytes, name: str) -> list[Document]:
    """Documents in one uploaded file: .txt, .html/.htm, or .jsonl (one article a line)."""
    text = decode(data, name)
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return from_json_lines(text, name)
    if lower.endswith((".html", ".htm")) or looks_like_html(text):
        return [from_html(text, name)]
    return [from_plain_text(text, name)]


def from_json_lines(text: str, name: str = "") -> list[Document]:
    documents = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DocumentError(f"{where} is not JSON: {error.msg}.") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise DocumentError(f'{where} needs an object with a "text" string.')
        published = None
        if record.get("date"):
            try:
                published = date.fromisoformat(str(record["date"])[:10])
            except ValueError:
                raise DocumentError(f"{where}: date {record['date']!r} is not YYYY-MM-DD.") from None
        body = record["text"]
        title = str(record.get("title") or "").strip() or body.strip().partition("\n")[0][:200]
        documents.append(
            Document(
                title=title,
                body=body,
                outlet=str(record.get("outlet") or ""),
                url=str(record.get("url") or ""),
                published=published,
                source=f"{where} ({record.get('id', '')})",
            )
        )
    return documents
