"""The analysts' dashboard: overview, country and article pages, exports.

One template per page; an htmx request gets only the partial it targets
(`render(request, "page.html#partial")`), a plain request the whole page, so every
URL works without JavaScript and reproduces the view.
"""

from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, retarget

from newsmap import data_version
from newsmap.countries import with_region_members
from newsmap.dashboard import charts, evidence, exports
from newsmap.dashboard import queries as dashboard
from newsmap.dashboard.charts import PLOTLY_JS
from newsmap.dashboard.forms import DashboardFilters
from newsmap.models import Article, Country, Figure, Review, hosts_key_includes

# htmx target id -> the partial of overview.html that fills it, and the parts it needs.
OVERVIEW_PARTIALS = {
    "results": ("results", ("headline", "map", "bars", "timeline", "table")),
    "map-panel": ("map", ("map",)),
    "timeline-panel": ("timeline", ("timeline",)),
}


def dashboard_page(view):
    """A page, fragment or export of the dashboard: public unless NEWSMAP_DASHBOARD_LOGIN_REQUIRED is set."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if settings.DASHBOARD_LOGIN_REQUIRED and not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path())
            # A fragment would swap the login page into a panel: send the whole window there.
            return HttpResponseClientRedirect(response.url) if request.htmx else response
        return view(request, *args, **kwargs)

    return checked


def _fragment(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _invalid(request, template, context, target="results"):
    """A bad filter value: the page (or fragment) with readable messages, status 400."""
    if _fragment(request):
        response = render(request, f"{template}#errors", context, status=400)
        return retarget(response, f"#{target}")
    context["results_html"] = render_to_string(f"{template}#errors", context, request)
    return render(request, template, context, status=400)


# The side panel, swapped in beside the results when the URL names a country.
PANEL_OOB = '<aside id="panel" class="panel" hx-swap-oob="true" aria-label="Figures of the selected country">{}</aside>'

# Where a cached page had its CSP nonce: each answer gets its own.
NONCE_MARK = "__newsmap_nonce__"


@dashboard_page
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def overview(request):
    """The overview; for an anonymous analyst the whole page is cached (the form and the results),
    keyed by the data version and the query, so that a warm page costs a cache read."""
    if _fragment(request) or request.GET.get("format") or request.user.is_authenticated:
        return overview_response(request)
    nonce = str(get_nonce(request))

    def whole_page():
        response = overview_response(request)
        return response.status_code, response.content.decode().replace(nonce, NONCE_MARK)

    status, html = dashboard.cached(("overview-page", data_version.current(), request.GET.urlencode()), whole_page)
    return HttpResponse(html.replace(NONCE_MARK, nonce), status=status)


# The charts an embed can show: /embed/<chart>/ with the overview's query string.
EMBEDS = {"map": "Map", "bars": "Bars per host", "timeline": "Timeline"}


def overview_response(request):
    form = DashboardFilters(request.GET)
    context = {"form": form, "plotly_js": PLOTLY_JS, "embed_choices": EMBEDS.items()}
    if not form.is_valid():
        return _invalid(request, "newsmap/overview.html", context)
    filters = form.cleaned_data
    # The links of the results leave out the selected country: each names its own.
    context["query"] = form.query_string(format=None, country=None)
    if filters["format"] in ("csv", "json"):
        return export(request, filters)
    partial, parts = OVERVIEW_PARTIALS["results"]
    if _fragment(request):
        partial, parts = OVERVIEW_PARTIALS.get(request.htmx.target, OVERVIEW_PARTIALS["results"])

    version = data_version.current()

    def build():
        return render_to_string(
            f"newsmap/overview.html#{partial}", {**context, **dashboard.overview(filters, parts, version)}, request
        )

    html = dashboard.cached(("overview", partial, context["query"], version), build)
    panel_html = ""
    if filters["country"] and partial == "results":
        # The country in the URL: its panel is part of the view, on a first load and after a filter change.
        panel_html = panel_for(request, filters["country"], form, filters, context["query"])
    if _fragment(request):
        if panel_html:
            html += format_html(PANEL_OOB, mark_safe(panel_html))
        return HttpResponse(html)
    context["as_of_months"] = dashboard.cached(
        ("report-months", filters["kind"], filters["exercises"], version),
        lambda: dashboard.report_months(filters["kind"], filters["exercises"]),
    )
    context["as_of"] = dashboard.as_of(filters)
    return render(request, "newsmap/overview.html", {**context, "results_html": html, "panel_html": panel_html})


def panel_for(request, key: str, form, filters, query: str) -> str:
    """The side panel of a country or group (rendered as the country page's panel partial)."""
    places = _places(key)
    context = _place_context(places, form)
    context.update(query=query, unit=filters["kind"], in_overview=True)
    return dashboard.cached(
        ("country-panel", key, query, data_version.current()),
        lambda: render_to_string("newsmap/country.html#panel", {**context, **_panel_context(places, filters)}, request),
    )


def _place_context(places, form) -> dict:
    key = ",".join(place.code for place in places)
    return {
        "form": form,
        "places": places,
        "place_label": charts.group_label([charts.Place(p.code, p.name) for p in places]),
        "hosts_key": key,
        "is_group": len(places) > 1 or places[0].kind != "state",
        "is_region": len(places) == 1 and places[0].kind == "region",
        "plotly_js": PLOTLY_JS,
    }


def _hosted(places, filters):
    """The figures and series of a country (with groups that include it), a region (with its members)
    or a group (only its own)."""
    key = ",".join(place.code for place in places)
    figures = dashboard.filtered_figures(filters)
    series = dashboard.estimate_series(filters)
    if len(places) == 1:
        codes = with_region_members([key])
        return figures.hosted_in_any(codes), series.hosted_in_any(codes), series
    return figures.filter(hosts_key=key), series.filter(hosts_key=key), series


def _panel_context(places, filters) -> dict:
    key = ",".join(place.code for place in places)
    hosted, hosted_series, _ = _hosted(places, filters)
    lookup = dashboard.places()
    every = dashboard.estimates(hosted_series, filters, lookup)
    shown = hosted.select_related("article", "contributor").latest_reported(dashboard.TABLE_LIMIT)
    for figure in shown:
        figure.highlighted = evidence.highlighted_sentence(figure)
    estimates = [row for row in every if row.shown or row.planned_label]
    return {
        "estimates": estimates,
        # The country's own estimate: groups that include it are listed, not added in.
        "estimate_total": sum(row.shown for row in estimates if row.hosts_key == key),
        "hosted": shown,
        # Counted from the kept estimates; figures without a number or a date are not in them.
        "hosted_count": max(sum(row.figures for row in every), len(shown)),
        "undated": dashboard.undated_figures(filters)
        .filter(hosts_key_includes(with_region_members([key])) if len(places) == 1 else Q(hosts_key=key))
        .count(),
        "as_of": dashboard.as_of(filters),
    }


def export(request, filters):
    """Every figure the filters select, streamed: the response is written as the rows are read."""
    qs = dashboard.filtered_figures(filters)
    stamp = date.today().strftime("%Y%m%d")
    site = request.build_absolute_uri("/").rstrip("/")
    if filters["format"] == "csv":
        response = StreamingHttpResponse(exports.export_csv(qs, site), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(exports.export_json(qs, site), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="newsmap-figures-{stamp}.{filters["format"]}"'
    return response


def _places(code: str) -> list[Country]:
    codes = code.split(",")
    if not all(codes) or len(codes) != len(set(codes)):
        raise Http404("Not a country code")
    found = {country.code: country for country in Country.objects.filter(code__in=codes)}
    if len(found) != len(codes):
        raise Http404("No such country")
    return [found[c] for c in sorted(codes)]


@dashboard_page
@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def country(request, code):
    """A country's figures (or, for "EE,LT,LV", a group's), under the dashboard's filters.

    An htmx request aimed at the overview's side panel gets only the panel.
    """
    places = _places(code.upper())
    key = ",".join(place.code for place in places)
    if key != code:  # "pl" or "LV,EE,LT": the one URL of that country or group
        url = reverse("country", args=[key])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url, permanent=True)
    form = DashboardFilters(request.GET)
    context = _place_context(places, form)
    if not form.is_valid():
        return _invalid(request, "newsmap/country.html", context, target="panel")
    filters = form.cleaned_data
    context["query"] = form.query_string(format=None, country=None)
    context["unit"] = filters["kind"]
    if _fragment(request) and request.htmx.target == "panel":
        return HttpResponse(panel_for(request, key, form, filters, context["query"]))
    context.update(_panel_context(places, filters))
    lookup = dashboard.places()
    _, hosted_series, series = _hosted(places, filters)
    if len(places) == 1:
        context["sent"] = dashboard.estimates(series.filter(contributor=key), filters, lookup)
    points = dashboard.timeline_points(hosted_series, filters, "contributor")
    labels = dashboard.series_labels(points, "contributor", lookup)
    context["timeline_chart"] = dashboard.chart_json(
        charts.timeline(points, labels, filters["kind"], dashboard.as_of(filters))
    )
    context["timeline_empty"] = not points
    return render(request, "newsmap/country.html", context)


@dashboard_page
@require_GET
def article(request, pk):
    """An article's text with every approved figure's sentence marked; all text escaped.

    Only published work is public: an article without an approved figure is a 404,
    except to those who may see every article in the admin (editors previewing it).
    """
    articles = Article.objects.all()
    if not request.user.has_perm("newsmap.view_article"):
        articles = articles.filter(figures__review=Review.APPROVED).distinct()
    item = get_object_or_404(articles, pk=pk)
    figures = list(
        Figure.objects.approved().filter(article=item).select_related("contributor").order_by("sentence_start", "pk")
    )
    for figure in figures:
        figure.highlighted = evidence.highlighted_sentence(figure)
    context = {"article": item, "figures": figures, "body": evidence.highlighted_article(item, figures)}
    return render(request, "newsmap/article.html", context)


@dashboard_page
@require_GET
@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
def embed(request, chart):
    """One chart of the overview, for an iframe on another site: the same query string, no page chrome."""
    if chart not in EMBEDS:
        raise Http404("No such chart")
    form = DashboardFilters(request.GET)
    context = {"form": form, "plotly_js": PLOTLY_JS, "chart": chart, "chart_label": EMBEDS[chart]}
    if not form.is_valid():
        return render(request, "newsmap/embed.html", context, status=400)
    filters = form.cleaned_data
    context["query"] = form.query_string(format=None)
    parts = {"map": ("map",), "bars": ("bars",), "timeline": ("timeline",)}[chart]
    context.update(dashboard.overview(filters, parts, data_version.current()))
    return render(request, "newsmap/embed.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("newsmap/favicon.svg"), permanent=True)
