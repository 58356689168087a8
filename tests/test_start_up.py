"""Commands that serve no page start without pandas, plotly, trafilatura or feedparser.

Admin autodiscovery and the URL checks import the admin, forms and views of every
command; the heavy libraries are imported only where a chart is drawn or an HTML page
or feed is read.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_tasks import database_url

HEAVY = ("pandas", "plotly", "trafilatura", "feedparser")
PROBE = """
import atexit, json, os, sys
sys.path.insert(0, os.getcwd())
atexit.register(lambda: print("LOADED " + json.dumps(sorted(m for m in {heavy} if m in sys.modules))))
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", *sys.argv[1:]])
"""


def loaded(*command) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *command],
        cwd=ROOT,
        env={**environment, "DEBUG": "1", "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("LOADED ")]
    return json.loads(line.removeprefix("LOADED "))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["extract", "tests/data/eval/dev.jsonl"],
        ["db_worker", "--batch", "--no-startup-delay"],
        ["refresh_estimates", "--check"],
        ["import_articles", "--no-progress", "tests/data/eval/dev.jsonl"],
    ],
    ids=lambda command: command[0],
)
def test_a_command_that_serves_no_page_imports_none_of_them(command):
    assert loaded(*command) == []


@pytest.mark.django_db(transaction=True)
def test_the_probe_sees_them_when_a_page_is_drawn():
    script = "from django.test import Client; assert Client(SERVER_NAME='localhost').get('/').status_code == 200"
    assert "plotly" in loaded("shell", "-c", script)
