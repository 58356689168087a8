"""Property tests: whatever an analyst's query or an editor's file holds, no exception escapes and no 5xx."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmap.dashboard.forms import DashboardFilters
from newsmap.documents import Document, DocumentError, from_json_lines, from_upload
from newsmap.forms import document_form

pytestmark = pytest.mark.django_db

FILTER_NAMES = ["start", "end", "contributor", "host", "kind", "status", "exercises", "scope", "series", "format"]
# Values near the valid ones find more than random text alone.
NEAR_VALID = st.sampled_from(
    ["", "PL", "pl", "EE,LT", "NATO", "troops", "ships", "both", "on", "csv", "json", "world", "2025-01-01",
     "2025-02-30", "0000-01-01", "9999-12-31", "-1", "1e9", "\x00", "<script>", "%", "'", '"', "\u202e"]
)  # fmt: skip
VALUES = st.lists(st.one_of(NEAR_VALID, st.text(max_size=30)), max_size=3)
QUERIES = st.dictionaries(st.one_of(st.sampled_from(FILTER_NAMES), st.text(max_size=8)), VALUES, max_size=6)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HTMX_TARGETS = [{}, {"HX-Request": "true", "HX-Target": "results"}, {"HX-Request": "true", "HX-Target": "map-panel"}]


@FUZZ
@given(query=QUERIES)
def test_the_filter_form_cleans_or_explains_any_query(query):
    form = DashboardFilters(query)
    if form.is_valid():
        form.query_string(format=None)
    else:
        assert form.errors and all(isinstance(str(message), str) for message in form.errors)


@pytest.fixture
def figures():
    from datetime import date

    from tests.dashboard.conftest import make_figure

    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    make_figure("GB", ["EE"], 100, date(2025, 2, 20), measure="increase")
    make_figure("DE", ["EE", "LT", "LV"], 3_000, date(2025, 2, 5), status="planned")


@FUZZ
@given(query=QUERIES, headers=st.sampled_from(HTMX_TARGETS), path=st.sampled_from(["/", "/countries/PL/"]))
def test_the_dashboard_answers_any_query_without_a_server_error(client, figures, query, headers, path):
    pairs = [(name, value) for name, values in query.items() for value in values]
    response = client.get(f"{path}?{urlencode(pairs)}", headers=headers)
    assert response.status_code in (200, 400), (pairs, response.status_code)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        key: st.one_of(JSON_VALUES, st.text(max_size=40), NEAR_VALID)
        for key in ("title", "text", "date", "url", "outlet", "id")
    },
)
LINES = st.one_of(RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps), st.text(max_size=60))


@FUZZ
@given(lines=st.lists(LINES, max_size=6))
def test_the_import_reader_turns_any_json_lines_into_documents_or_reasons(lines):
    for item in from_json_lines("\n".join(lines), "fuzz.jsonl"):
        assert isinstance(item, Document | DocumentError)
        if isinstance(item, Document):
            form = document_form(item)
            form.is_valid()  # the form's own rules decide; it never raises


@FUZZ
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.jsonl", "a.txt", "a.html", "a"]))
def test_any_uploaded_bytes_are_read_or_refused_with_a_reason(data, name):
    try:
        items = from_upload(data, name)
    except DocumentError as error:
        assert str(error)
    else:
        assert all(isinstance(item, Document | DocumentError) for item in items)
