"""Scheduling: the crontab line (or systemd timer) that rebuilds the brief unattended.

A cron job runs with almost no environment, from the home folder, with ``%`` meaning newline, so
the line spells everything out: absolute paths, ``cd`` into the working folder, PATH and LANG,
SOURCE_DATE_EPOCH unset (it would freeze the PDF's dates), and a log file. Secrets never go into
the crontab: ``--env-file`` names a file the job sources at run time, which only its owner may
read or change. No value with a control character reaches a crontab line or a unit: a newline in
a path would start a line of its own (another job). The expression itself is read in ``cron``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefing.deliver.cron import CronExpression, on_calendar, parse_cron
from briefing.errors import ScheduleError, UsageError

MARKER = "# briefing schedule, output folder: "
CRONTAB_TIMEOUT = 20  # seconds for one `crontab` call


@dataclass(frozen=True)
class Job:
    """What the scheduled run does: where it runs, what it builds, where it logs."""

    when: CronExpression
    workdir: Path
    out: Path
    log: Path | None  # None: <out>/briefing.log for cron, the journal for systemd
    command: tuple[str, ...]  # the executable and its build arguments, absolute
    path_env: str
    lang: str
    env_file: Path | None = None


@dataclass(frozen=True)
class SystemdUnits:
    """A user service and the timer that starts it."""

    name: str
    service: str
    timer: str


def executable() -> tuple[str, ...]:
    """The absolute command that runs this very installation of `briefing`."""
    script = Path(sys.executable).parent / "briefing"
    if script.is_file() and os.access(script, os.X_OK):
        return (str(script),)
    return (sys.executable, "-m", "briefing")


def make_job(
    expression: str,
    workdir: Path | None = None,
    out: Path | None = None,
    log: Path | None = None,
    build_args: tuple[str, ...] = (),
    env_file: Path | None = None,
) -> Job:
    """Everything the scheduled build needs, with every path made absolute and checked."""
    when = parse_cron(_plain("the cron expression", expression))
    workdir = (workdir or Path.cwd()).expanduser().absolute()
    for option, value in (("--dir", workdir), ("--out", out), ("--log", log), ("--env-file", env_file)):
        if value is not None:
            _plain(option, str(value))
    for arg in build_args:
        _plain("a build argument", arg)
    if not workdir.is_dir():
        raise UsageError(f"--dir: {workdir}: no such folder")
    out = _absolute(out or Path("output"), workdir)
    log = _absolute(log, workdir) if log else None
    if env_file is not None:
        env_file = check_env_file(_absolute(env_file, workdir))
    if any(a in ("--out", "-o") or a.startswith("--out=") for a in build_args):
        raise UsageError("give the output folder as `briefing schedule --out DIR`, not among the build arguments")
    exe = executable()
    _plain("the path of briefing", exe[0])
    bin_dir = str(Path(exe[0]).parent)
    path_env = ":".join(dict.fromkeys([bin_dir, "/usr/local/bin", "/usr/bin", "/bin"]))
    lang = os.environ.get("LANG", "")
    if "utf-8" not in lang.lower() and "utf8" not in lang.lower() or _unsafe(lang):
        lang = "C.UTF-8"
    command = (*exe, "build", *build_args, "--out", str(out))
    return Job(when, workdir, out, log, command, path_env, lang, env_file)


def _unsafe(text: str) -> str | None:
    """The first control character (or line or paragraph separator) in ``text``, if any."""
    return next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)


def _plain(what: str, text: str) -> str:
    """Refuse a value with a control character: in a crontab or a unit, a newline starts a new line."""
    bad = _unsafe(text)
    if bad is not None:
        raise UsageError(f"{what}: {text!r} holds a control character ({_name(bad)}); refused, since it "
                         "would break the crontab line or unit it goes into")
    return text


def _name(char: str) -> str:
    return {"\n": "newline", "\r": "carriage return", "\t": "tab"}.get(char, f"U+{ord(char):04X}")


def check_env_file(path: Path) -> Path:
    """Refuse an env file that others can read or change: it holds the SMTP login, and the job runs it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UsageError(f"--env-file: {path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"--env-file: {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"--env-file: {path}: not a file")
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid != os.getuid():
        raise UsageError(f"--env-file: {path} belongs to another user (uid {st.st_uid}); it must be yours")
    if mode & 0o066:
        who = "read" if mode & 0o044 else "changed"
        raise UsageError(f"--env-file: {path} can be {who} by others (mode {mode:04o}); "
                         f"it holds secrets: chmod 600 {shlex.quote(str(path))}")
    return path


def _absolute(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else base / path


UNENDED = "briefing: error: this run ended without its line (killed)"  # written by the next run


def crontab_line(job: Job) -> str:
    """The job as one crontab line: cd, environment, the build, a dated line appended to the log."""
    q = shlex.quote
    log_path = cron_log(job)
    steps = [f"cd {q(str(job.workdir))}", f"mkdir -p {q(str(log_path.parent))}"]
    if job.env_file:
        steps.append(f"set -a && . {q(str(job.env_file))} && set +a")
    log = q(str(log_path))
    # A run killed with its shell (SIGKILL to the job, a stop after a timeout) left its date without
    # a line: end that line first, so that this run's line starts on its own.
    steps.append(f"{{ [ -z \"$(tail -c 1 {log} 2>/dev/null)\" ] || echo \"{UNENDED}\" >> {log}; }}")
    # The date goes in front of the run's summary line, so the log has one dated line per run.
    steps.append(f"printf '%s ' \"$(date '+%Y-%m-%dT%H:%M:%S%z')\" >> {log}")
    env = f"env -u SOURCE_DATE_EPOCH PATH={q(job.path_env)} LANG={q(job.lang)}"
    steps.append(f"{env} {' '.join(q(a) for a in job.command)} >> {log} 2>&1")
    # cron turns an unescaped % into a newline
    return f"{job.when.text} " + " && ".join(steps).replace("%", "\\%")


def cron_log(job: Job) -> Path:
    """The log file a cron job appends to."""
    return job.log or job.out / "briefing.log"


def marker(out: Path) -> str:
    """The comment that tags a job in a crontab: one job per output folder."""
    return f"{MARKER}{out}"


def crontab_entry(job: Job) -> str:
    """The marker comment and the job's line, as they go into the crontab."""
    return f"{marker(job.out)}\n{crontab_line(job)}\n"


def merge_crontab(table: str, out: Path, entry: str | None) -> tuple[str, bool]:
    """The crontab without the job for ``out``, plus ``entry`` if given; and whether one was there.

    Only our lines go: the marker for ``out`` and, right under it, the job that builds into ``out``.
    A line under the marker that is not that job (the user's own) stays.
    """
    kept: list[str] = []
    found = False
    tag = marker(out)
    after_tag = False
    for line in table.splitlines():
        if after_tag:
            after_tag = False
            if is_job_for(line, out):
                continue
        if line.rstrip() == tag:
            found = after_tag = True
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    text = "\n".join(kept) + ("\n" if kept else "")
    if entry:
        text += ("\n" if kept else "") + entry
    return text, found


def is_job_for(line: str, out: Path) -> bool:
    """Return True for a crontab line that runs `briefing build` into ``out``, as crontab_line writes it."""
    out_arg = f" --out {shlex.quote(str(out))} >> ".replace("%", "\\%")  # as cron sees it: % escaped
    return " build " in line and out_arg in line and not line.lstrip().startswith("#")


def _crontab(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("crontab")
    if exe is None:
        raise ScheduleError("the `crontab` command is not installed (Debian: apt-get install cron); "
                            "print the line without --install, or use --systemd")
    try:
        return subprocess.run([exe, *args], input=stdin, capture_output=True, text=True, timeout=CRONTAB_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ScheduleError(f"`crontab {' '.join(args)}` did not answer within {CRONTAB_TIMEOUT}s") from None
    except OSError as exc:
        raise ScheduleError(f"cannot run `crontab`: {exc.strerror or exc}") from None


def read_crontab() -> str:
    """The user's crontab; empty when there is none."""
    result = _crontab(["-l"])
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return ""
        raise ScheduleError(f"`crontab -l` failed: {_first_line(result.stderr) or f'exit {result.returncode}'}")
    return result.stdout


def write_crontab(table: str) -> None:
    result = _crontab(["-"], stdin=table)
    if result.returncode != 0:
        raise ScheduleError(f"`crontab -` refused the new table: {_first_line(result.stderr) or f'exit {result.returncode}'}")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def install(job: Job) -> bool:
    """Add the job to the user's crontab, replacing an earlier one for the same output folder.

    Returns whether an earlier entry was replaced.
    """
    table, found = merge_crontab(read_crontab(), job.out, crontab_entry(job))
    write_crontab(table)
    return found


def remove(out: Path, workdir: Path | None = None) -> bool:
    """Take the job that builds into ``out`` out of the user's crontab; whether there was one."""
    out = _absolute(Path(_plain("--out", str(out))), (workdir or Path.cwd()).expanduser().absolute())
    table, found = merge_crontab(read_crontab(), out, None)
    if found:
        write_crontab(table)
    return found


# --- systemd ------------------------------------------------------------------------------------

def _systemd_quote(arg: str) -> str:
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(c in arg for c in ' \t"\'\\;'):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_units(job: Job, name: str = "briefing") -> SystemdUnits:
    """A oneshot user service running the build and a timer firing it on the same schedule."""
    calendar = on_calendar(job.when)
    exec_start = " ".join(_systemd_quote(a) for a in job.command)
    env_file = f"EnvironmentFile={_systemd_quote(str(job.env_file))}\n" if job.env_file else ""
    # without --log the run's lines go to the journal, which dates them: journalctl --user -u NAME
    log = ""
    if job.log:
        target = job.log.as_posix().replace("%", "%%")
        log = f"StandardOutput=append:{target}\nStandardError=append:{target}\n"
    service = (
        f"# ~/.config/systemd/user/{name}.service\n"
        "[Unit]\n"
        "Description=Rebuild the situation brief\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"WorkingDirectory={_systemd_quote(str(job.workdir))}\n"
        f"Environment={_systemd_quote('PATH=' + job.path_env)} {_systemd_quote('LANG=' + job.lang)}\n"
        "UnsetEnvironment=SOURCE_DATE_EPOCH\n"
        f"{env_file}"
        f"ExecStart={exec_start}\n"
        f"{log}"
    )
    timer = (
        f"# ~/.config/systemd/user/{name}.timer\n"
        "[Unit]\n"
        f"Description=Rebuild the situation brief ({job.when.text})\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={calendar}\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return SystemdUnits(name, service, timer)
