"""Atom feeds of newly approved figures, overall and per host country (a group figure is in each member's)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from newsmap.countries import with_region_members
from newsmap.models import Country, Figure

FEED_ENTRIES = 50


class FigureFeed(Feed):
    feed_type = Atom1Feed
    author_name = "NewsMap"

    def get_object(self, request, code=None):
        if code is None:
            return None
        country = Country.objects.filter(code=code.upper()).first()
        if country is None:
            raise Http404("No such country")
        return country

    def title(self, country):
        return f"NewsMap: newly approved figures{f' for {country.name}' if country else ''}"

    def subtitle(self, country):
        return "Deployment figures as editors approve them, each with its evidence sentence and article."

    def link(self, country):
        return reverse("country", args=[country.code]) if country else reverse("overview")

    def feed_url(self, country):
        return reverse("country-feed", args=[country.code]) if country else reverse("figure-feed")

    def items(self, country):
        figures = Figure.objects.approved().select_related("article", "contributor")
        if country is not None:
            figures = figures.hosted_in_any(with_region_members([country.code]))
        return figures.order_by("-reviewed_at", "-pk")[:FEED_ENTRIES]

    def item_title(self, figure):
        return f"{figure.contributor.name if figure.contributor else 'Unspecified'} → {figure.hosts_label}: " + (
            f"{figure.count_label} {figure.kind} ({figure.get_status_display()})"
        )

    def item_description(self, figure):
        article = figure.article
        original = format_html(' · <a href="{}">original article</a>', article.url) if article.url else ""
        return format_html(
            "<blockquote>{}</blockquote><p>{}{}, {}{}</p>",
            figure.sentence,
            article.title,
            f" ({article.outlet})" if article.outlet else "",
            f"{article.published:%-d %B %Y}" if article.published else "undated",
            original,
        )

    def item_link(self, figure):
        return reverse("article", args=[figure.article_id]) + f"#figure-{figure.pk}"

    def item_guid(self, figure):
        return f"newsmap-figure-{figure.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, figure):
        return figure.reviewed_at or figure.created_at

    def item_pubdate(self, figure):
        return figure.reviewed_at or figure.created_at
