"""The one error tree of `briefing`.

Library code raises these; only `cli/` catches them, prints ``error.message`` on one line and
exits with ``error.exit_code``. Nothing else should reach the user as a traceback.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the tool reports to the user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = " ".join(str(message).split())  # always one line


class UsageError(BriefingError):
    """Bad command-line options or settings (cli/, config/, deliver/schedule.py, deliver/mail.py).

    Raised by the library, it speaks of settings (``wait: ...``); where options are parsed
    (config/options.py) it names them (``--wait: ...``).
    """

    exit_code = 2


class ConfigError(UsageError):
    """One or more problems in ``briefing.toml`` or the options, all listed at once (config/).

    ``problems`` holds one line per problem (``briefing.toml:12: ...``); the CLI prints each.
    """

    def __init__(self, problems: str | list[str] | tuple[str, ...]) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems = tuple(" ".join(str(p).split()) for p in problems)
        super().__init__("; ".join(self.problems))


class InputError(BriefingError):
    """A path given by the user is missing or holds nothing to read (build.py, readers)."""

    exit_code = 3


class SourceError(BriefingError):
    """One source cannot be read: empty, binary, malformed, too large (readers).

    A build with other good sources skips it with a warning; alone, it fails the build.
    """

    exit_code = 3

    def __init__(self, origin: str, cause: str) -> None:
        self.origin = origin
        self.cause = cause
        super().__init__(f"{origin}: {cause}")


class FetchError(SourceError):
    """A URL or feed could not be fetched: time-out, refused, 404, too large, redirect loop."""


class NoSourcesError(InputError):
    """Every source was skipped or none was found."""


class TemplateError(BriefingError):
    """A template is missing or has a syntax or rendering error (render/)."""

    exit_code = 4


class OutputError(BriefingError):
    """The output folder or a file in it cannot be written (build.py, write/, config/starter.py)."""

    exit_code = 5


class LockedError(BriefingError):
    """Another run holds the lock on the output folder (write/lock.py)."""

    exit_code = 6


class DeliveryError(BriefingError):
    """The brief could not be e-mailed or published (deliver/mail.py)."""

    exit_code = 7


class EngineError(BriefingError):
    """The Dask cluster named by ``--scheduler`` cannot be reached or used (engine/cluster.py).

    Raised before any output is written.
    """

    exit_code = 10


class ScheduleError(BriefingError):
    """The user's crontab cannot be read or written, or `crontab` is missing (deliver/schedule.py)."""

    exit_code = 9
