"""In production (DEBUG off) whitenoise serves collectstatic's hashed files, brotli- and gzip-compressed."""

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.test_settings import PRODUCTION

SCRIPT = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client
from newsmap.dashboard.charts import PLOTLY_JS
url = static(PLOTLY_JS)
client = Client(SERVER_NAME="newsmap.example.org", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
answers = {}
for encoding in ("br", "gzip", ""):
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers[encoding or "none"] = [response.status_code, response.get("Content-Encoding", ""), len(body),
                                   response.get("Cache-Control", "")]
print("ANSWERS " + json.dumps({"url": url, **answers}))
"""


def test_collectstatic_then_whitenoise_serves_compressed_hashed_files(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    environment.update(PRODUCTION, STATIC_ROOT=str(tmp_path / "static"), DJANGO_SETTINGS_MODULE="newsmap.settings")
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collected.returncode == 0, collected.stderr
    vendor = tmp_path / "static" / "vendor"
    hashed = [p.name for p in vendor.glob("plotly-*-newsmap.min.*.js")]
    assert len(hashed) == 1, hashed
    assert (vendor / f"{hashed[0]}.br").exists() and (vendor / f"{hashed[0]}.gz").exists()
    assert (tmp_path / "static" / "staticfiles.json").exists()

    served = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert served.returncode == 0, served.stderr
    (line,) = [line for line in served.stdout.splitlines() if line.startswith("ANSWERS ")]
    import json

    answers = json.loads(line.removeprefix("ANSWERS "))
    assert answers["url"] == f"/static/vendor/{hashed[0]}"
    status, encoding, size, caching = answers["br"]
    assert (status, encoding) == (200, "br")
    assert "immutable" in caching and "max-age=315360000" in caching  # hashed: cached for good
    assert answers["gzip"][:2] == [200, "gzip"]
    assert answers["none"][:2] == [200, ""]
    assert size < answers["gzip"][2] < answers["none"][2] / 2  # brotli, then gzip, well under the raw file
