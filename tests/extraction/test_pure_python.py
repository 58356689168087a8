"""The extraction package is pure Python: no Django import anywhere in it, and importing
and running it loads no Django module."""

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "newsmap" / "extraction"


def test_no_module_of_the_package_imports_django():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path


def test_extracting_loads_no_django_module():
    code = (
        "import sys; from newsmap.extraction import extract; "
        "extract('The US will send 900 troops to Lithuania.'); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert out.stdout.strip() == "[]"
