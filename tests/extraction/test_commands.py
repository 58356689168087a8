"""The thin `extract` and `evaluate` management commands (no database used)."""

import io
import json
import sys
from pathlib import Path

from django.core.management import call_command

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"


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
