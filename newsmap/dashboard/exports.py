"""The exports: every figure the filters select, as CSV or JSON, streamed a chunk at a time."""

import csv
import io
import json

from django.db import connections
from django.db.models import Case, CharField, F, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse

from newsmap.models import Country, Qualifier

EXPORT_COLUMNS = [
    "figure_id",
    "published",
    "contributor",
    "contributor_name",
    "hosts",
    "host_names",
    "count",
    "count_max",
    "qualifier",
    "measure",
    "status",
    "kind",
    "exercise",
    "sentence",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "newsmap_url",
]


EXPORT_CHUNK = 2000  # rows read from the database, and written out, at a time


def export_rows(qs, site: str = "", for_spreadsheet: bool = False):
    """EXPORT_COLUMNS per figure, oldest report first: a values queryset, columns named `x_<column>`.

    The database writes the dates and links (and, `for_spreadsheet`, quotes the free text
    a spreadsheet would run as a formula), so each row leaves it ready to go out.
    `site` (e.g. "https://newsmap.example") makes the links to NewsMap's article pages absolute.
    """
    article_url = site + reverse("article", args=[0]).removesuffix("0/")
    text = CharField()

    def free_text(name):
        if not for_spreadsheet:
            return F(name)
        risky = Q()
        for start in FORMULA_START:
            risky |= Q(**{f"{name}__startswith": start})
        return Case(When(risky, then=Concat(Value("'"), name, output_field=text)), default=F(name), output_field=text)

    # In code order where the database can order an aggregate (PostgreSQL; SQLite from 3.44).
    ordered = {"order_by": "code"} if connections[qs.db].features.supports_aggregate_order_by_clause else {}
    columns = {
        "figure_id": F("pk"),
        "published": Cast("published", text),
        "contributor": Coalesce("contributor_id", Value(""), output_field=text),
        "contributor_name": Coalesce("contributor__name", Value(""), output_field=text),
        "hosts": F("hosts_key"),
        # The names in the codes' order, "; " between them: one cell per figure, a group kept whole.
        "host_names": Subquery(
            Country.objects.filter(hosted_figures=OuterRef("pk"))
            .order_by()
            .values("hosted_figures")
            .annotate(names=StringAgg("name", Value("; "), **ordered))
            .values("names"),
            output_field=text,
        ),
        "count": F("count"),
        "count_max": F("count_max"),
        # As the page writes it: "about", "up to", not the stored codes.
        "qualifier": Case(
            *(When(qualifier=value, then=Value(label)) for value, label in Qualifier.choices), output_field=text
        ),
        "measure": F("measure"),
        "status": F("status"),
        "kind": F("kind"),
        "exercise": Case(When(exercise=True, then=Value("True")), default=Value("False"), output_field=text)
        if for_spreadsheet
        else F("exercise"),
        "sentence": free_text("sentence"),
        "article_id": F("article_id"),
        "article_title": free_text("article__title"),
        "outlet": free_text("article__outlet"),
        "article_url": F("article__url"),
        "newsmap_url": Concat(Value(article_url), Cast("article_id", text), Value("/"), output_field=text),
    }
    return qs.order_by("published", "pk").values(**{f"x_{name}": columns[name] for name in EXPORT_COLUMNS})


def _chunks(rows):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= EXPORT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_csv(qs, site: str = ""):
    """The export as CSV text, a chunk at a time: written by PostgreSQL itself (COPY), or by csv.writer."""
    rows = export_rows(qs, site, for_spreadsheet=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as PostgreSQL's COPY ends its lines
    writer.writerow(EXPORT_COLUMNS)
    yield buffer.getvalue()
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        sql, params = rows.query.sql_with_params()
        columns = ", ".join(f'"x_{name}"' for name in EXPORT_COLUMNS)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY (SELECT {columns} FROM ({sql}) AS export) TO STDOUT WITH (FORMAT csv)", params
            ) as copy,
        ):
            for block in copy:
                yield bytes(block)
        return
    names = [f"x_{name}" for name in EXPORT_COLUMNS]
    for chunk in _chunks(rows.values_list(*names).iterator(chunk_size=EXPORT_CHUNK)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        yield buffer.getvalue()


def export_json(qs, site: str = ""):
    """The export as a JSON array of objects, one a line, a chunk of rows at a time."""
    yield "["
    separator = "\n"
    names = [f"x_{name}" for name in EXPORT_COLUMNS]
    rows = export_rows(qs, site).values_list(*names).iterator(chunk_size=EXPORT_CHUNK)
    for chunk in _chunks(rows):
        lines = []
        for row in chunk:
            lines.append(separator + json.dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), ensure_ascii=False))
            separator = ",\n"
        yield "".join(lines)
    yield "\n]\n"
