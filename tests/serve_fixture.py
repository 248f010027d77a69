"""``kg serve`` as a user starts it, for the endpoint tests: a real process with real Oxigraph engines."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.publish.serve import free_port
from tests.conftest import ROOT


def wait_listening(port: int, *, seconds: float = 30.0) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:``port`` (or ``seconds`` have passed: the test
    that then talks to it fails with the real error)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)


class Served:
    """A ``kg serve`` process started from the command line, as a user would; its stderr is kept in ``log``."""

    def __init__(self, data: Path, tmpdir: Path, *extra: str) -> None:
        self.port = free_port()
        self.data = data
        self.tmpdir = tmpdir
        tmpdir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmpdir)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--data", str(data), "--port", str(self.port), *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.banner = self._read_line(60)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.url = f"http://127.0.0.1:{self.port}/"

    def _read_line(self, seconds: float) -> str:
        ready, _, _ = select.select([self.proc.stderr], [], [], seconds)
        if not ready:
            self.stop()
            raise AssertionError("kg serve printed nothing")
        return self.proc.stderr.readline()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def engines(self) -> list[int]:
        """Process ids of the Oxigraph processes of this server (its children: they may read the build's store
        in place, outside ``tmpdir``)."""
        return [pid for pid, _ in self.engine_processes()]

    def engine_processes(self) -> list[tuple[int, str]]:
        """(pid, command line) of the Oxigraph processes of this server."""
        return [(pid, cmd) for pid, cmd in oxigraph_processes(Path("/")) if _parent(pid) == self.proc.pid]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5) if hasattr(self, "_reader") else None
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def oxigraph_processes(tmpdir: Path) -> list[tuple[int, str]]:
    """(pid, command line) of running processes that use a database under ``tmpdir``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(tmpdir) in cmd and "oxigraph" in cmd and state != "Z":
                found.append((int(entry.name), cmd))
    return found


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def oxigraph_children(tmpdir: Path) -> list[str]:
    return [cmd for _, cmd in oxigraph_processes(tmpdir)]


def post(url: str, data: dict, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST",
                                     headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


