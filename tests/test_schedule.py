"""`briefing schedule`: the crontab line, --install/--remove with a fake `crontab`, systemd units;
and the build's log lines (one per run, more with -v)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

from briefing.errors import UsageError
from briefing.deliver.schedule import UNENDED, on_calendar, parse_cron

FAKE_CRONTAB = """#!/bin/sh
# A stand-in for crontab(1): the table lives in $FAKE_CRONTAB_FILE.
if [ "$1" = "-l" ]; then
  if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; exit 0; fi
  echo "no crontab for $(id -un)" >&2; exit 1
fi
if [ "$1" = "-" ]; then cat > "$FAKE_CRONTAB_FILE"; exit 0; fi
echo "fake crontab: unexpected arguments $*" >&2; exit 2
"""


@pytest.fixture
def crontab(tmp_path) -> tuple[dict, Path]:
    """A fake `crontab` first on PATH; the environment to run with and the file holding the table."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB)
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    table = tmp_path / "crontab.txt"
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "FAKE_CRONTAB_FILE": str(table)}
    return env, table


def entry_lines(stdout: str) -> tuple[str, str]:
    marker, line = stdout.strip().splitlines()
    return marker, line


def test_prints_a_crontab_line_with_absolute_paths(tmp_path):
    work = tmp_path / "desk"
    work.mkdir()
    result = run_cli("schedule", "0 6 * * *", "--dir", str(work), env={"BRIEFING_SMTP_PASSWORD": "hunter2-secret"})
    assert result.returncode == 0, result.stderr
    marker, line = entry_lines(result.stdout)
    assert marker == f"# briefing schedule, output folder: {work / 'output'}"
    assert line.startswith("0 6 * * * ")
    command = line[len("0 6 * * * "):]
    assert command.startswith(f"cd {work} && ")
    assert "env -u SOURCE_DATE_EPOCH PATH=" in command and " LANG=" in command
    exe = re.search(r"LANG=\S+ (\S+) ", command).group(1)
    assert os.path.isabs(exe) and (exe.endswith("/briefing") or exe == sys.executable)
    assert f"build --out {work / 'output'} >> {work / 'output' / 'briefing.log'} 2>&1" in command
    assert re.search(r"(?<!\\)%", command) is None, "an unescaped % is a newline to cron"
    assert "hunter2-secret" not in result.stdout, "secrets never go into the crontab"


def test_log_env_file_and_build_arguments(tmp_path):
    env_file = tmp_path / "smtp.env"
    env_file.write_text("BRIEFING_SMTP_USER=bot\n")
    env_file.chmod(0o600)  # only its owner may read it
    log = tmp_path / "logs" / "brief.log"
    result = run_cli("schedule", "30 5 * * 1-5", "--dir", str(tmp_path), "--out", "today", "--log", str(log),
                     "--env-file", str(env_file), "--", "reports", "--send")
    assert result.returncode == 0, result.stderr
    _, line = entry_lines(result.stdout)
    assert f"set -a && . {env_file} && set +a" in line
    assert f"build reports --send --out {tmp_path / 'today'} >> {log} 2>&1" in line
    assert f"mkdir -p {log.parent}" in line


def test_the_line_runs_as_cron_would_run_it(tmp_path):
    """Cron's view: %-unescaping, /bin/sh, an almost empty environment, started from elsewhere."""
    shutil.copytree(SEEDS, tmp_path / "my seeds")
    result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--out", "out 100%", "--",
                     "my seeds", "--format", "md,json")
    assert result.returncode == 0, result.stderr
    _, line = entry_lines(result.stdout)
    command = line.split(" ", 5)[5].replace("\\%", "%")
    env = {"HOME": str(tmp_path), "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1"}
    for _ in range(2):
        ran = subprocess.run(["/bin/sh", "-c", command], cwd="/", env=env, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stderr
    out = tmp_path / "out 100%"
    assert (out / "brief.md").is_file() and (out / "brief.json").is_file()
    log = (out / "briefing.log").read_text().splitlines()
    assert len(log) == 2, log
    for entry in log:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (built|unchanged): 2 sources", entry), entry


def test_a_run_killed_with_its_shell_gets_its_line_ended_by_the_next(tmp_path):
    """issue 14: a run killed before it wrote its line, its shell with it (SIGKILL to the job), left
    the date dangling, and the next run's line was appended to it."""
    result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    _, line = entry_lines(result.stdout)
    command = line.split(" ", 5)[5].replace("\\%", "%")
    exe = re.search(r"LANG=\S+ (\S+) build ", command).group(1)
    runs = {"killed": "printf 'reading 3 sources'\nkill -KILL $PPID $$\n", "fine": "echo 'built: 2 sources'\n"}
    env = {"HOME": str(tmp_path), "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"}
    for name in ("killed", "fine", "fine"):
        stand_in = tmp_path / name
        stand_in.write_text("#!/bin/sh\n" + runs[name])
        stand_in.chmod(0o755)
        subprocess.run(["/bin/sh", "-c", command.replace(exe, str(stand_in))], cwd="/", env=env,
                       capture_output=True, text=True, timeout=60)
    log = (tmp_path / "output" / "briefing.log").read_text().splitlines()
    date = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} "
    assert len(log) == 3, log
    assert re.fullmatch(date + "reading 3 sources" + re.escape(UNENDED), log[0]), log[0]
    assert all(re.fullmatch(date + "built: 2 sources", entry) for entry in log[1:]), log


def test_install_is_idempotent_and_remove_takes_it_out(tmp_path, crontab):
    env, table = crontab
    table.write_text("MAILTO=desk@example.org\n15 * * * * /usr/bin/true\n")
    for _ in range(2):
        result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--install", env=env)
        assert result.returncode == 0, result.stderr
    text = table.read_text()
    assert text.count("# briefing schedule, output folder:") == 1
    assert text.count(" build --out ") == 1
    assert text.startswith("MAILTO=desk@example.org\n15 * * * * /usr/bin/true\n")
    assert "replaced" in result.stdout and "tail " in result.stdout

    # a new time for the same output folder replaces the old one; another folder gets its own job
    assert run_cli("schedule", "30 7 * * *", "--dir", str(tmp_path), "--install", env=env).returncode == 0
    assert run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--out", "other", "--install", env=env).returncode == 0
    text = table.read_text()
    assert text.count("# briefing schedule, output folder:") == 2
    assert "\n30 7 * * * " in text and "\n0 6 * * * " in text

    for _ in range(2):
        result = run_cli("schedule", "--remove", "--dir", str(tmp_path), env=env)
        assert result.returncode == 0, result.stderr
    assert "no briefing job" in result.stdout
    text = table.read_text()
    assert "30 7 * * *" not in text and text.count("# briefing schedule") == 1
    assert text.startswith("MAILTO=desk@example.org\n15 * * * * /usr/bin/true\n")


def test_install_into_an_empty_crontab(tmp_path, crontab):
    env, table = crontab
    result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--install", env=env)
    assert result.returncode == 0, result.stderr
    assert table.read_text().startswith("# briefing schedule, output folder: ")


def test_missing_crontab_command(tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--install", env={"PATH": str(empty)})
    assert result.returncode == 9, result.stderr
    assert "crontab" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("expression, needle", [
    ("0 6 * *", "has 4 fields; expected 5"),
    ("0 6 * * * *", "has 6 fields"),
    ("60 6 * * *", "60 is outside 0-59"),
    ("0 24 * * *", "24 is outside 0-23"),
    ("0 6 0 * *", "0 is outside 1-31"),
    ("0 6 * 13 *", "13 is outside 1-12"),
    ("0 6 * * 8", "8 is outside 0-7"),
    ("*/0 6 * * *", "step must be at least 1"),
    ("0 9-5 * * *", "runs backwards"),
    ("0 six * * *", "'six' is not a number"),
    ("@daly", "is not one of cron's shorthands: @yearly"),  # was ("@daily", "expected 5"): issue 12 accepts @daily
    ("@reboot", "runs at start-up, not at a time"),
    ("0 6 * * fri-mon", "range fri-mon runs backwards"),
])
def test_bad_cron_expression(expression, needle):
    result = run_cli("schedule", expression)
    assert result.returncode == 2, result.stderr
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and needle in err, err
    assert result.stdout == ""


# SOURCE_DATE_EPOCH stands in for the clock: Tuesday 5 November 2024, 07:00 UTC
AT = {"SOURCE_DATE_EPOCH": "1730790000", "TZ": "UTC"}


@pytest.mark.parametrize("expression, first, words", [
    ("@daily", "@daily ", "next runs: Wednesday 6 November 2024 at 00:00, Thursday 7 November 2024 at 00:00, "
                          "Friday 8 November 2024 at 00:00 (time zone UTC)"),
    ("@hourly", "@hourly ", "next runs: Tuesday 5 November 2024 at 08:00, Tuesday 5 November 2024 at 09:00, "
                            "Tuesday 5 November 2024 at 10:00 (time zone UTC)"),
    ("30 5 * * mon-fri", "30 5 * * mon-fri ", "next runs: Wednesday 6 November 2024 at 05:30, Thursday 7 November "
                                              "2024 at 05:30, Friday 8 November 2024 at 05:30 (time zone UTC)"),
    ("0 6 1 jan,jul *", "0 6 1 jan,jul * ", "next runs: Wednesday 1 January 2025 at 06:00, Tuesday 1 July 2025 at "
                                            "06:00, Thursday 1 January 2026 at 06:00 (time zone UTC)"),
    ("@weekly", "@weekly ", "next runs: Sunday 10 November 2024 at 00:00, Sunday 17 November 2024 at 00:00, "
                            "Sunday 24 November 2024 at 00:00 (time zone UTC)"),
])
def test_cron_shorthands_and_names_are_accepted_and_the_next_runs_said(tmp_path, expression, first, words):
    result = run_cli("schedule", expression, "--dir", str(tmp_path), env=AT)
    assert result.returncode == 0, result.stderr
    _, line = entry_lines(result.stdout)  # stdout stays the crontab entry alone
    assert line.startswith(first)
    assert result.stderr == words + "\n"


def test_the_next_runs_follow_cron_when_both_day_fields_are_given(tmp_path):
    # cron runs when either day field matches: the 1st of the month or any Friday
    result = run_cli("schedule", "0 6 1 * fri", "--dir", str(tmp_path), env=AT)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("next runs: Friday 8 November 2024 at 06:00, Friday 15 November 2024 at 06:00, ")


def test_the_next_runs_follow_cron_when_a_day_field_begins_with_a_star(tmp_path):
    # cron(5): a day field that begins with "*" (here */2) is not "restricted", so both day fields
    # must match: Mondays that fall on an odd day, as the systemd timer printed for it says too
    result = run_cli("schedule", "0 6 */2 * mon", "--dir", str(tmp_path), env=AT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("next runs: Monday 11 November 2024 at 06:00, Monday 25 November 2024 at 06:00, "
                             "Monday 9 December 2024 at 06:00 (time zone UTC)\n")
    timer = run_cli("schedule", "0 6 */2 * mon", "--dir", str(tmp_path), "--systemd", env=AT)
    assert "OnCalendar=Mon *-*-01,03,05," in timer.stdout, timer.stdout


def test_an_env_file_others_can_read_or_change_is_refused(tmp_path):
    env_file = tmp_path / "smtp.env"
    env_file.write_text("BRIEFING_SMTP_PASSWORD=hunter2\n")
    for mode, said in ((0o644, "can be read by others (mode 0644)"), (0o620, "can be changed by others (mode 0620)")):
        env_file.chmod(mode)
        result = run_cli("schedule", "@daily", "--dir", str(tmp_path), "--env-file", str(env_file))
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (f"briefing: error: --env-file: {env_file} {said}; it holds secrets: "
                                 f"chmod 600 {env_file}\n")
    env_file.chmod(0o600)
    assert run_cli("schedule", "@daily", "--dir", str(tmp_path), "--env-file", str(env_file)).returncode == 0


@pytest.mark.parametrize("option", ["--dir", "--out", "--log", "--env-file", "--"])
def test_a_control_character_never_reaches_the_crontab(tmp_path, crontab, option):
    # issue 14, finding 2: a newline in a path wrote a job of its own into the crontab
    env, table = crontab
    hostile = tmp_path / "x\n* * * * * touch pwned #"
    hostile.mkdir()
    env_file = hostile / "smtp.env"
    env_file.write_text("A=1\n")
    env_file.chmod(0o600)
    value = {"--env-file": str(env_file), "--": str(hostile)}.get(option, str(hostile))
    args = ["--", value] if option == "--" else [option, value]
    base = [] if option == "--dir" else ["--dir", str(tmp_path)]
    for mode in ("--install", "--systemd", None):
        result = run_cli("schedule", "@daily", *base, *([mode] if mode else []), *args, env=env)
        assert result.returncode == 2, result.stdout
        assert "holds a control character (newline); refused" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert not table.exists()
    removed = run_cli("schedule", "--remove", "--out", str(hostile), env=env)
    assert removed.returncode == 2 and "control character" in removed.stderr


def test_remove_takes_out_only_our_lines(tmp_path, crontab):
    env, table = crontab
    out = tmp_path / "output"
    # a marker left above the user's own job (they replaced ours by hand): the job stays
    table.write_text(f"MAILTO=desk@example.org\n# briefing schedule, output folder: {out}\n"
                     "15 * * * * /usr/local/bin/backup --all\n")
    result = run_cli("schedule", "--remove", "--dir", str(tmp_path), env=env)
    assert result.returncode == 0 and result.stdout.startswith("removed")
    assert table.read_text() == "MAILTO=desk@example.org\n15 * * * * /usr/local/bin/backup --all\n"
    assert run_cli("schedule", "@daily", "--dir", str(tmp_path), "--install", env=env).returncode == 0
    installed = table.read_text()
    assert installed.startswith("MAILTO=desk@example.org\n15 * * * * /usr/local/bin/backup --all\n\n# briefing")
    assert "\n@daily cd " in installed
    assert run_cli("schedule", "--remove", "--dir", str(tmp_path), env=env).returncode == 0
    assert table.read_text() == "MAILTO=desk@example.org\n15 * * * * /usr/local/bin/backup --all\n"


def test_install_and_remove_together_is_a_usage_error():
    result = run_cli("schedule", "0 6 * * *", "--install", "--remove")
    assert result.returncode == 2 and "choose one" in result.stderr


# --- systemd ------------------------------------------------------------------------------------

@pytest.mark.parametrize("expression, calendar", [
    ("0 6 * * *", "*-*-* 06:00:00"),
    ("30 5 * * 1-5", "Mon..Fri *-*-* 05:30:00"),
    ("*/15 * * * *", "*-*-* *:00,15,30,45:00"),
    ("0 6,18 1 * *", "*-*-01 06,18:00:00"),
    ("0 6 * jan,jul sun", "Sun *-01,07-* 06:00:00"),
    ("0 6 * * 0,7", "Sun *-*-* 06:00:00"),
    ("5 4 */10 * *", "*-*-01,11,21,31 04:05:00"),
])
def test_on_calendar(expression, calendar):
    assert on_calendar(parse_cron(expression)) == calendar
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr


def test_both_day_fields_cannot_be_translated():
    with pytest.raises(UsageError, match="either"):
        on_calendar(parse_cron("0 6 1 * mon"))
    result = run_cli("schedule", "0 6 1 * mon", "--systemd")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_systemd_units(tmp_path):
    env_file = tmp_path / "smtp.env"
    env_file.write_text("BRIEFING_SMTP_USER=bot\n")
    env_file.chmod(0o600)  # only its owner may read it
    result = run_cli("schedule", "0 6 * * *", "--dir", str(tmp_path), "--systemd", "--env-file", str(env_file), "--", "--send")
    assert result.returncode == 0, result.stderr
    service, timer = result.stdout.split("\n\n# ~/.config/systemd/user/briefing.timer\n")
    assert service.startswith("# ~/.config/systemd/user/briefing.service\n")
    assert "Type=oneshot" in service
    assert f"WorkingDirectory={tmp_path}" in service
    assert "UnsetEnvironment=SOURCE_DATE_EPOCH" in service
    assert f"EnvironmentFile={env_file}" in service
    exec_start = re.search(r"^ExecStart=(.*)$", service, re.M).group(1)
    assert exec_start.split()[0].startswith("/")
    assert exec_start.endswith(f"build --send --out {tmp_path / 'output'}")
    assert "OnCalendar=*-*-* 06:00:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer


# --- the build's log lines ----------------------------------------------------------------------

def test_build_prints_one_line_and_more_with_verbose(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    quiet = run_cli("build", "--format", "md,json", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert len(quiet.stdout.splitlines()) == 1 and quiet.stderr == ""
    assert re.match(r"(built|unchanged): 2 sources, \d+ items, \d+\.\ds", quiet.stdout)

    loud = run_cli("build", "--format", "md,json", "--out", "fresh", "-v", cwd=tmp_path)
    assert loud.returncode == 0, loud.stderr
    assert len(loud.stdout.splitlines()) == 1
    lines = loud.stderr.splitlines()
    assert sum(line.startswith("source ") for line in lines) == 2
    assert any(re.fullmatch(r"stage read: \d+\.\d\ds", line) for line in lines)
    assert any(line.startswith("stage synthesise: ") for line in lines)


def test_a_failed_build_is_one_line(tmp_path):
    result = run_cli("build", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
