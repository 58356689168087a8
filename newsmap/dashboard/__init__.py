"""The analysts' side of NewsMap, in one place.

- views.py: the pages (overview, country or group, article), the embeds and the exports' responses
- forms.py: the filters, a GET form, so that every view is a URL
- queries.py: the filtered figures and the kept estimates turned into what the pages show
- charts.py: pure functions from plain data to plotly figures
- evidence.py: the evidence sentence highlighted in an article's text
- exports.py: CSV and JSON of the filtered figures
- feeds.py: the Atom feeds of newly approved figures

The counting rule itself is newsmap/counting.py (pure Python) and newsmap/estimates.py
(keeping its state current), shared with the editors' side.
"""
