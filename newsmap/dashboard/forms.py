"""The dashboard's filters: a GET form, so that every view is a URL an analyst can share."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsmap import data_version
from newsmap.dashboard.queries import cached
from newsmap.models import Country, EstimateSeries, EstimateStep, Kind

STATUS_CHOICES = [("both", "present and planned"), ("present", "present"), ("planned", "planned")]
SCOPE_CHOICES = [("europe", "Europe"), ("world", "World")]
SERIES_CHOICES = [("host", "host"), ("contributor", "contributor")]
FORMAT_CHOICES = [("html", "page"), ("csv", "CSV"), ("json", "JSON")]

# What an empty query string means. Counts of troops, aircraft and ships never add
# up, so the dashboard always shows one kind at a time, troops unless asked.
DEFAULTS = {"kind": Kind.TROOPS, "status": "both", "scope": "europe", "series": "host", "format": "html"}


class CountrySelect(forms.SelectMultiple):
    """A multiple select rendered in Python: with ~250 countries twice, Django's
    one-template-per-option rendering costs more than the rest of the page.

    The options are rendered once with the choices (`options_html`, cached with them);
    a request only marks its selected ones.
    """

    rendered_options: str | None = None

    @staticmethod
    def options_html(choices) -> str:
        groups = []
        for group, options in choices:
            rendered = format_html_join("", '<option value="{}">{}</option>', options)
            groups.append(format_html('<optgroup label="{}">{}</optgroup>', group, rendered))
        return "".join(groups)

    def render(self, name, value, attrs=None, renderer=None):
        options = self.rendered_options if self.rendered_options is not None else self.options_html(self.choices)
        for code in {str(v) for v in (value or [])}:
            tag = format_html('<option value="{}">', code)
            options = options.replace(tag, f"{tag[:-1]} selected>", 1)
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}" multiple{}>{}</select>', name, flatatt(attrs), mark_safe(options))


def country_choices(kinds, first_states, first_label: str):
    """Every place of these kinds, grouped so that the states an analyst most likely
    wants (`first_states`) come before the other ~200."""
    rows = Country.objects.filter(kind__in=kinds).order_by("kind", "name").values_list("code", "name", "kind")
    groups = {"alliance": [], "region": [], "first": [], "state": []}
    for code, name, kind in rows:
        groups["first" if kind == "state" and code in first_states else kind].append((code, name))
    labels = (("alliance", "Alliance"), ("region", "Regions"), ("first", first_label), ("state", "Other states"))
    return [(label, groups[key]) for key, label in labels if groups[key]]


# Keyed by the data version too: a newly reported host moves up the list at once.
CHOICES_CACHE_SECONDS = 600


def contributor_choices(reported: set[str]):
    """NATO and its members (with the year a later member joined), then any other state reported
    sending forces: not the ~200 states that never were (Antarctica, Åland Islands)."""
    rows = Country.objects.filter(Q(kind="alliance") | Q(nato_accession__isnull=False) | Q(code__in=reported))
    alliance, members, others = [], [], []
    for code, name, kind, accession in rows.order_by("name").values_list("code", "name", "kind", "nato_accession"):
        if kind == "alliance":
            alliance.append((code, name))
        elif accession is not None:
            members.append(
                (code, name if accession.year <= FOUNDING_YEAR else f"{name} (member since {accession.year})")
            )
        elif kind == "state":
            others.append((code, name))
    groups = (("Alliance", alliance), ("NATO members", members), ("Other reported contributors", others))
    return [(label, options) for label, options in groups if options]


FOUNDING_YEAR = 1949


def filter_choices():
    # The reported pairs are those of the kept estimates' series: a few hundred rows, not every figure.
    steps = EstimateStep.objects.filter(series=OuterRef("pk"))
    pairs = EstimateSeries.objects.filter(Exists(steps)).order_by().values_list("contributor", "hosts_key").distinct()
    reported = {code for _, key in pairs for code in key.split(",")}
    contributors = contributor_choices({contributor for contributor, _ in pairs if contributor})
    hosts = country_choices({"region", "state"}, reported, "Reported hosts")
    return contributors, hosts, CountrySelect.options_html(contributors), CountrySelect.options_html(hosts)


class DashboardFilters(forms.Form):
    start = forms.DateField(
        required=False, label="Reported from", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    as_of = forms.DateField(
        required=False,
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date the estimates are counted at: the latest report when empty.",
    )
    country = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.HiddenInput,
        help_text="The country or group whose figures the side panel lists.",
    )
    contributor = forms.MultipleChoiceField(
        required=False,
        label="Contributors",
        widget=CountrySelect(attrs={"size": 4, "data-picker": "Type a contributor's name"}),
        error_messages={"invalid_choice": "%(value)s is not a known contributor code."},
    )
    host = forms.MultipleChoiceField(
        required=False,
        label="Hosts",
        widget=CountrySelect(attrs={"size": 4, "data-picker": "Type a host country or region"}),
        error_messages={"invalid_choice": "%(value)s is not a known country or region code."},
    )
    kind = forms.ChoiceField(
        choices=Kind.choices, required=False, error_messages={"invalid_choice": "%(value)s is not a kind of force."}
    )
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Status must be present, planned or both, not %(value)s."},
    )
    exercises = forms.BooleanField(required=False, label="Include exercises")
    scope = forms.ChoiceField(
        choices=SCOPE_CHOICES,
        required=False,
        label="Map",
        error_messages={"invalid_choice": "The map shows europe or world, not %(value)s."},
    )
    series = forms.ChoiceField(
        choices=SERIES_CHOICES,
        required=False,
        label="Timeline by",
        error_messages={"invalid_choice": "The timeline is by host or contributor, not %(value)s."},
    )
    format = forms.ChoiceField(
        choices=FORMAT_CHOICES,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Export format must be csv or json, not %(value)s."},
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            if isinstance(data, QueryDict):
                data = data.copy()
            else:
                mapping, data = data, QueryDict(mutable=True)
                for name, value in mapping.items():
                    data.setlist(name, value if isinstance(value, list | tuple) else [value])
            for name, value in DEFAULTS.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, **kwargs)
        contributors, hosts, contributor_options, host_options = cached(
            ("filter-choices", data_version.current()), filter_choices, CHOICES_CACHE_SECONDS
        )
        self.fields["contributor"].choices = contributors
        self.fields["host"].choices = hosts
        self.fields["contributor"].widget.rendered_options = contributor_options
        self.fields["host"].widget.rendered_options = host_options

    def clean_contributor(self):
        return sorted(set(self.cleaned_data["contributor"]))

    def clean_host(self):
        return sorted(set(self.cleaned_data["host"]))

    def clean_country(self):
        """ "pl" or "LV,EE,LT": the one hosts key of that country or group, if each code is known."""
        value = self.cleaned_data["country"].strip().upper()
        if not value:
            return ""
        codes = sorted(set(value.split(",")))
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(f"{', '.join(unknown)} is not a known country or region code.")
        return ",".join(codes)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", f"The end date ({end:%d %b %Y}) is before the start date ({start:%d %b %Y}).")
        for name, value in DEFAULTS.items():
            if not cleaned.get(name) and name not in self.errors:
                cleaned[name] = value
        return cleaned

    def query_string(self, **changes):
        """The cleaned filters as a query string, leaving out defaults, with `changes` applied."""
        params = QueryDict(mutable=True)
        values = {**self.cleaned_data, **changes}
        for name in self.fields:
            value = values.get(name)
            if value in (None, "", [], False) or DEFAULTS.get(name) == value:
                continue
            if isinstance(value, list):
                params.setlist(name, value)
            elif value is True:
                params[name] = "on"
            else:
                params[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return params.urlencode()
