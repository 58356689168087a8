"""`make run`: the worker is started again when it exits, and stopping make run leaves no worker behind."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

PORT = 18131


def workers(database_url: str) -> set[int]:
    """Worker processes (by pid) serving this database, found through their environment."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"db_worker" in command and f"DATABASE_URL={database_url}".encode() in environment:
            found.add(int(entry.name))
    return found


def wait_for(condition, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    pytest.fail(message)


def serving() -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_make_run_restarts_its_worker_and_stops_it_on_exit(tmp_path, stop_signal):
    database_url = f"sqlite:///{tmp_path / 'run.sqlite3'}"
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "MAKEFLAGS")}
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={PORT}"],
        cwd=ROOT,
        env={**environment, "DATABASE_URL": database_url, "DEBUG": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        wait_for(serving, 120, "make run never served the dashboard")
        (first,) = wait_for(lambda: workers(database_url), 30, "no worker started")
        os.kill(first, signal.SIGKILL)
        (second,) = wait_for(lambda: workers(database_url) - {first}, 30, "the worker was not started again")
        assert second != first
        os.killpg(make.pid, stop_signal)  # Ctrl-C, or a stop for the whole group
        output, _ = make.communicate(timeout=60)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
    assert "the background worker exited" in output, output
    time.sleep(1)
    assert not workers(database_url), "a worker outlived make run"
    assert not serving()
