"""Helpers for driving the admin in the browser tests: logging in, the seed article, axe-core."""

from datetime import date
from pathlib import Path

from newsmap.countries import sync_countries
from newsmap.ingest import run_extraction
from newsmap.models import Article, Country
from tests.conftest import SEED_ARTICLE

PASSWORD = "correct horse battery"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def seed_article() -> Article:
    """The seed article, entered and extracted for real: its proposals wait for review."""
    if not Country.objects.filter(code="PL").exists():  # a transactional test's flush empties it
        sync_countries(Country)
    title, _, body = SEED_ARTICLE.read_text(encoding="utf-8").partition("\n")
    article = Article.objects.create(title=title, outlet="Express", body=body, published=date(2022, 3, 4))
    run_extraction(article)
    return article


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def axe_violations(page, impacts=("critical", "serious")) -> list[dict]:
    """The page's axe-core violations of these impacts: rule, impact, and the elements hit."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugger, which the pages' Content Security Policy does not govern.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in impacts
    ]
