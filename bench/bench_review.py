"""Keystrokes and seconds to review the seed article: the stock admin's article page against the review queue.

    .venv/bin/python bench/bench_review.py [--port 18401] [--flow before|after|both] [--root TREE]

`--root` serves another checkout of NewsMap (e.g. `git archive main | tar -x -C /tmp/main`) for the
`before` flow, so the stock page is measured without the review desk's additions to it.

Loads the seed article into a fresh SQLite database (its figures extracted, all proposed), serves
it, and has Chromium review it twice from the keyboard alone, deciding each proposal as the seed's
gold figures (tests/data/eval/seed_gold.jsonl) say: approve a proposal the gold holds field for
field, reject any other.

- before: the stock path, the article's change page: Tab to each figure's review box, type its first
  letter, Tab on to Save, Enter. Tabs are pressed one by one until the box has the focus, so the
  count is the page's own.
- after: the queue filtered to the article in reading order: one key a figure (a or r), the queue
  moving on by itself.

Prints, for each: keystrokes, the seconds the browser took (page loads and requests included, no
human), and a Keystroke-Level Model estimate of an editor's seconds: 0.28 s a keystroke (an average
typist) and 1.35 s to prepare each decision, plus 0.4 s for each page load an editor waits for. Reading
the sentences takes the same time in both, and is left out.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/data/eval/seed_gold.jsonl"
KEYSTROKE, DECISION, PAGE_WAIT = 0.28, 1.35, 0.4
PASSWORD = "bench-review-password"


def setup(database: Path, root: Path) -> None:
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="newsmap.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(root))
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("loadseeds", verbosity=0)
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))


def decisions() -> dict[int, str]:
    """'a' or 'r' for each proposal of the seed article, from its gold figures."""
    from newsmap.models import FIGURE_FIELDS, Figure

    gold = json.loads((GOLD).read_text(encoding="utf-8").splitlines()[0])
    wanted = [
        {name: (sorted(figure[name]) if name == "hosts" else figure[name]) for name in FIGURE_FIELDS}
        for figure in gold["figures"]
    ]
    found = {}
    for figure in Figure.objects.all():
        values = {name: getattr(figure, "contributor_id" if name == "contributor" else name) for name in FIGURE_FIELDS}
        values["hosts"] = figure.hosts_key.split(",")
        found[figure.pk] = "a" if values in wanted else "r"
    return found


def reset() -> None:
    """Every figure proposed again, for the second run."""
    from django.db.models import F

    from newsmap.models import Figure

    Figure.objects.update(review="proposed", reviewed_by=None, reviewed_at=None, version=F("version") + 1)


def log_in(page, url):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")


class Keyboard:
    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key):
        self.page.keyboard.press(key)
        self.count += 1

    def tab_to(self, selector, limit=400):
        while not self.page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            if limit == 0:
                raise RuntimeError(f"Tab never reached {selector}")
            self.press("Tab")
            limit -= 1


def stock(page, url, article_id, wanted) -> tuple[int, float, int]:
    """The article's change page: each inline figure's review box, then Save."""
    from newsmap.models import Figure

    page.goto(f"{url}/admin/newsmap/article/{article_id}/change/")
    started = time.perf_counter()
    keys = Keyboard(page)
    ids = {int(page.input_value(f"#id_figures-{i}-id")): i for i in range(len(wanted))}
    for pk in sorted(ids, key=lambda pk: ids[pk]):
        keys.tab_to(f"#id_figures-{ids[pk]}-review")
        keys.press(wanted[pk])
    keys.tab_to("input[name=_save]")
    keys.press("Enter")
    page.wait_for_url(f"{url}/admin/newsmap/article/")
    seconds = time.perf_counter() - started
    got = dict(Figure.objects.values_list("pk", "review"))
    assert all(got[pk] == ("approved" if key == "a" else "rejected") for pk, key in wanted.items()), got
    return keys.count, seconds, 2  # the page, and the list it lands on after saving


def queue(page, url, article_id, wanted) -> tuple[int, float, int]:
    """The review queue, the article's proposals in reading order: a or r for each."""
    from newsmap.models import Figure

    page.goto(f"{url}/admin/newsmap/figure/review/?article={article_id}&order=article")
    page.wait_for_selector("[data-queue-row].current")
    started = time.perf_counter()
    keys = Keyboard(page)
    order = [
        int(row.split("-")[-1]) for row in page.eval_on_selector_all("[data-queue-row]", "rows => rows.map(r => r.id)")
    ]
    for pk in order:
        page.wait_for_selector(f"#queue-figure-{pk}.current")
        keys.press(wanted[pk])
        page.wait_for_selector(f"#queue-figure-{pk}[data-state={'approved' if wanted[pk] == 'a' else 'rejected'}]")
    seconds = time.perf_counter() - started
    got = dict(Figure.objects.values_list("pk", "review"))
    assert all(got[pk] == ("approved" if key == "a" else "rejected") for pk, key in wanted.items()), got
    return keys.count, seconds, 1  # the queue's one page


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18401)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--flow", choices=["before", "after", "both"], default="both")
    parser.add_argument("--root", type=Path, default=ROOT, help="the NewsMap checkout to serve")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        setup(database, options.root.resolve())
        from newsmap.models import Article

        article_id = Article.objects.get().pk
        wanted = decisions()
        url = f"http://127.0.0.1:{options.port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{options.port}", "--noreload"],
            cwd=options.root,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=options.chromium, args=["--headless", "--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for _ in range(100):
                    try:
                        log_in(page, url)
                        break
                    except Exception:
                        time.sleep(0.2)
                results = {}
                if options.flow in ("before", "both"):
                    results["before (stock admin, article page)"] = stock(page, url, article_id, wanted)
                    reset()
                if options.flow in ("after", "both"):
                    results["after (review queue)"] = queue(page, url, article_id, wanted)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    decided = len(wanted)
    print(
        f"seed article: {decided} proposals ({sum(k == 'a' for k in wanted.values())} approved, "
        f"{sum(k == 'r' for k in wanted.values())} rejected, as its gold figures say)"
    )
    print(f"{'flow':40} {'keystrokes':>10} {'browser s':>10} {'editor s (KLM)':>15}")
    for name, (keystrokes, seconds, pages) in results.items():
        estimate = keystrokes * KEYSTROKE + decided * DECISION + pages * PAGE_WAIT
        print(f"{name:40} {keystrokes:>10} {seconds:>10.2f} {estimate:>15.1f}")


if __name__ == "__main__":
    main()
