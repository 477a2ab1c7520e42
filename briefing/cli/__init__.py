"""The command line: parse options, call the library, print, map errors to exit codes. No logic.

``common`` holds the app and what every command shares; ``brief`` the commands that make a brief;
``after`` those that run after a build (send, publish, schedule)."""

from __future__ import annotations

import os
import signal
import sys

from briefing.cli import after, brief  # noqa: F401 - importing them adds their commands to the app
from briefing.cli.common import _err, _log_to_stderr, app

__all__ = ["app", "main", "_log_to_stderr"]


class _Terminated(BaseException):
    """SIGTERM, raised where the run is, so that it unwinds as for Ctrl-C: the lock is released,
    temporary files are removed, and the outputs in place stay whole. A BaseException: no
    ``except Exception`` in the library may absorb it."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated()


def _default_sigterm_in_child() -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker process just ends, as before
    except ValueError:
        pass  # forked from another thread: it never had our handler's effect there


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_default_sigterm_in_child)
    try:
        app(prog_name="briefing")
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the one line short
        _err("terminated")
        sys.exit(143)

