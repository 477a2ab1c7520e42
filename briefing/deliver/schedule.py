"""Scheduling: the crontab line (or systemd timer) that rebuilds the brief unattended.

A cron job runs with almost no environment, from the home folder, with ``%`` meaning newline, so
the line spells everything out: absolute paths, ``cd`` into the working folder, PATH and LANG,
SOURCE_DATE_EPOCH unset (it would freeze the PDF's dates), and a log file. Secrets never go into
the crontab: ``--env-file`` names a file the job sources at run time.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import ScheduleError, UsageError

FIELDS = ("minute", "hour", "day-of-month", "month", "day-of-week")
_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_SYSTEMD_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
MARKER = "# briefing schedule, output folder: "
CRONTAB_TIMEOUT = 20  # seconds for one `crontab` call


@dataclass(frozen=True)
class CronExpression:
    """A validated five-field cron expression, each field expanded to the values it matches."""

    text: str
    fields: tuple[tuple[int, ...], ...]
    starred: tuple[bool, ...]  # the field begins with "*" (cron's rule for day-of-month/day-of-week)


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


# Our own parser, not croniter (weighed for issue 10): croniter also accepts what cron does not
# (six and seven fields, Quartz's L, # and ?, ranges that wrap such as 9-5), its errors name neither
# the field nor the value, and on_calendar needs each field expanded: the checks below would stay,
# beside a new dependency. The @daily-style shorthands stay refused, as the tests require.
def parse_cron(text: str) -> CronExpression:
    """Validate a five-field cron expression; one clear line when it is not one."""
    parts = text.split()
    if len(parts) != 5:
        raise UsageError(
            f"cron expression {text!r} has {len(parts)} field{'s' if len(parts) != 1 else ''}; expected 5: "
            f"{' '.join(FIELDS)} (e.g. \"0 6 * * *\" for 06:00 every day)"
        )
    fields = []
    for name, part, (low, high), names in zip(FIELDS, parts, _RANGES, (None, None, None, _MONTHS, _DAYS)):
        fields.append(_expand(name, part, low, high, names))
    dow = tuple(sorted({d % 7 for d in fields[4]}))
    fields[4] = dow
    return CronExpression(text=" ".join(parts), fields=tuple(fields), starred=tuple(p.startswith("*") for p in parts))


def _expand(name: str, part: str, low: int, high: int, names: tuple[str, ...] | None) -> tuple[int, ...]:
    values: set[int] = set()
    for item in part.split(","):
        rng, _, step_text = item.partition("/")
        step = 1
        if step_text:
            step = _number(name, step_text, part, None)
            if step < 1:
                raise UsageError(f"cron {name} field {part!r}: the step must be at least 1")
        if rng == "*":
            start, end = low, high
        elif "-" in rng:
            a, _, b = rng.partition("-")
            start, end = _number(name, a, part, names), _number(name, b, part, names)
            if start > end:
                raise UsageError(f"cron {name} field {part!r}: range {rng} runs backwards")
        else:
            start = _number(name, rng, part, names)
            end = high if step_text else start
        for v in (start, end):
            if not low <= v <= high:
                raise UsageError(f"cron {name} field {part!r}: {v} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return tuple(sorted(values))


def _number(name: str, text: str, part: str, names: tuple[str, ...] | None) -> int:
    if text.isdigit():
        return int(text)
    if names and text.lower() in names:
        return names.index(text.lower()) + (1 if names is _MONTHS else 0)
    raise UsageError(f"cron {name} field {part!r}: {text!r} is not a number{' or a name' if names else ''}")


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
    """Everything the scheduled build needs, with every path made absolute."""
    when = parse_cron(expression)
    workdir = (workdir or Path.cwd()).expanduser().absolute()
    if not workdir.is_dir():
        raise UsageError(f"--dir: {workdir}: no such folder")
    out = _absolute(out or Path("output"), workdir)
    log = _absolute(log, workdir) if log else None
    if env_file is not None:
        env_file = _absolute(env_file, workdir)
        if not env_file.is_file():
            raise UsageError(f"--env-file: {env_file}: no such file")
    if any(a in ("--out", "-o") or a.startswith("--out=") for a in build_args):
        raise UsageError("give the output folder as `briefing schedule --out DIR`, not among the build arguments")
    exe = executable()
    bin_dir = str(Path(exe[0]).parent)
    path_env = ":".join(dict.fromkeys([bin_dir, "/usr/local/bin", "/usr/bin", "/bin"]))
    lang = os.environ.get("LANG", "")
    if "utf-8" not in lang.lower() and "utf8" not in lang.lower():
        lang = "C.UTF-8"
    command = (*exe, "build", *build_args, "--out", str(out))
    return Job(when, workdir, out, log, command, path_env, lang, env_file)


def _absolute(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else base / path


def crontab_line(job: Job) -> str:
    """The job as one crontab line: cd, environment, the build, a dated line appended to the log."""
    q = shlex.quote
    log_path = cron_log(job)
    steps = [f"cd {q(str(job.workdir))}", f"mkdir -p {q(str(log_path.parent))}"]
    if job.env_file:
        steps.append(f"set -a && . {q(str(job.env_file))} && set +a")
    log = q(str(log_path))
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
    """The crontab without the job for ``out``, plus ``entry`` if given; and whether one was there."""
    kept: list[str] = []
    found = False
    tag = marker(out)
    after_tag = False
    for line in table.splitlines():
        if after_tag:
            after_tag = False
            if line.strip() and not line.lstrip().startswith("#"):
                continue  # the job line under our marker
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
    out = _absolute(out, (workdir or Path.cwd()).expanduser().absolute())
    table, found = merge_crontab(read_crontab(), out, None)
    if found:
        write_crontab(table)
    return found


# --- systemd ------------------------------------------------------------------------------------

def on_calendar(when: CronExpression) -> str:
    """The cron expression as a systemd OnCalendar= value, or a clear error if it has none."""
    minute, hour, dom, month, dow = when.fields
    if not when.starred[2] and not when.starred[4]:
        # cron runs when *either* day field matches; systemd needs both to match
        raise UsageError(
            f"cron expression {when.text!r} restricts both day-of-month and day-of-week, which cron "
            "treats as 'either'; systemd cannot say that: use two timers or a crontab"
        )
    days = "" if len(dow) == 7 else _runs(dow, lambda d: _SYSTEMD_DAYS[d]) + " "
    full = [tuple(range(lo, hi + 1)) for lo, hi in _RANGES[:4]]

    def part(values: tuple[int, ...], i: int) -> str:
        return "*" if values == full[i] else _runs(values, lambda v: f"{v:02d}")

    return f"{days}*-{part(month, 3)}-{part(dom, 2)} {part(hour, 1)}:{part(minute, 0)}:00"


def _runs(values: tuple[int, ...], show) -> str:
    """Comma-separated values, with runs of three or more written as a..b."""
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{show(values[i])}..{show(values[j])}")
        else:
            out.extend(show(v) for v in values[i : j + 1])
        i = j + 1
    return ",".join(out)


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
