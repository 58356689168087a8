"""The thin `extract` and `evaluate` management commands (no database used)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"
ROOT = Path(__file__).resolve().parents[2]


def test_extract_reads_txt_files(tmp_path):
    path = tmp_path / "note-1.txt"
    path.write_text("Officials said 900 Norwegian soldiers will go to Lithuania.", encoding="utf-8")
    out = io.StringIO()
    call_command("extract", str(path), stdout=out)
    (line,) = out.getvalue().splitlines()
    record = json.loads(line)
    assert record["id"] == "note-1"
    (figure,) = record["figures"]
    assert (figure["contributor"], figure["hosts"], figure["count"]) == ("NO", ["LT"], 900)
    assert {"start", "end", "rule", "sentence", "qualifier", "measure", "status", "kind", "exercise"} <= set(figure)
    assert 0 < figure["confidence"] <= 1 and record["candidates"] == []


def test_extract_reads_jsonl_from_stdin(monkeypatch):
    articles = [
        {"id": "a", "text": "Some 400 Finnish troops arrived in Estonia.", "date": "2022-05-01"},
        {"id": "b", "text": "Some 400 Finnish troops arrived in Estonia.", "date": "2024-05-01"},
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(a) + "\n" for a in articles)))
    out = io.StringIO()
    call_command("extract", "-", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["figures"] == [] and records[1]["figures"][0]["contributor"] == "FI"


def test_evaluate_prints_scores_and_errors():
    out = io.StringIO()
    call_command("evaluate", str(EVAL / "gold_dev.jsonl"), str(EVAL / "dev.jsonl"), "--errors", stdout=out)
    text = out.getvalue()
    assert "precision" in text and "recall" in text and "F1" in text
    assert "qualifier" in text and "status" in text
    assert "missed" in text  # --errors lists the misses with their sentences


def test_evaluate_json():
    out = io.StringIO()
    call_command("evaluate", str(EVAL / "gold_dev.jsonl"), str(EVAL / "dev.jsonl"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["articles"] == 42 and result["precision"] >= 0.9
    assert set(result["at_confidence"]) == {"0.5", "0.8", "0.9"}
    assert result["at_confidence"]["0.8"]["precision"] >= 0.97
    assert 0 < result["sentences_seen"] <= 1 and result["candidates_per_article"] <= 2


def test_evaluate_prints_precision_and_recall_at_three_confidences():
    out = io.StringIO()
    call_command("evaluate", str(EVAL / "gold_dev2.jsonl"), str(EVAL / "dev2.jsonl"), stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("confidence >=")]
    assert [line.split()[2] for line in lines] == ["0.5:", "0.8:", "0.9:"]
    assert all("precision" in line and "recall" in line for line in lines)


def test_candidates_are_listed_with_their_offsets(tmp_path):
    text = (
        "Nato leaders met in Brussels on Tuesday. "
        "Officials said extra British troops could be deployed to Estonia if the crisis deepens. "
        "The talks ended without an agreement."
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("extract", str(path), stdout=out)
    record = json.loads(out.getvalue())
    for candidate in record["candidates"]:
        assert text[candidate["start"] : candidate["end"]] == candidate["sentence"]


def _run_offline(*args):
    """manage.py in a fresh process with no SECRET_KEY and no DEBUG, as CI or a cron job would run it."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    code = (
        "import runpy, sys; sys.argv = ['manage.py', *sys.argv[1:]]; "
        "runpy.run_path('manage.py', run_name='__main__'); "
        "heavy = sorted(m for m in ('pandas', 'plotly', 'trafilatura') if m in sys.modules); "
        "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')"
    )
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_extract_runs_offline_without_secrets_or_heavy_imports(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The US will send 900 troops to Lithuania.", encoding="utf-8")
    result = _run_offline("extract", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["figures"][0]["count"] == 900
    assert result.stderr.rstrip().endswith("HEAVY=")


def test_evaluate_runs_offline_without_secrets_or_heavy_imports():
    result = _run_offline("evaluate", str(EVAL / "seed_gold.jsonl"), str(ROOT / "seeds" / "000_9525ceed15631607.txt"))
    assert result.returncode == 0, result.stderr
    assert "precision" in result.stdout
    assert result.stderr.rstrip().endswith("HEAVY=")
