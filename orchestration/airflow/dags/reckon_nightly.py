"""reckon_nightly: the nightly chain of reckon as an Airflow 3 DAG.

One run per UTC day; its logical date is the day it finalizes (the data interval [day, day + 1)), so a run
starts once the day is over. Steps, one task each, every one calling a reckon command:

    wait_archive_complete  sensor: the day's raw archive is complete (exit 0 = complete, 3 = not yet)
    batch                  exact aggregates of the day (Spark; `bin/reckon batch` or a spark-submit command)
    reconcile              correct Pinot from the batch truth, verify, mark the day FINAL
    verify_final           check that the day is FINAL
    export                 finance's billing export of the FINAL day (versioned CSV + manifest)
    find_late_days         list earlier days that received events after they became FINAL
    rerun_late_day         batch + reconcile + verify + export again for each such day (mapped, one task per day)

Configuration, read when a task runs (not when the file is parsed), first match wins:
  Airflow Variable  reckon_home / reckon_<step>_command
  environment       RECKON_HOME / RECKON_<STEP>_COMMAND
  default           the repository this file lives in / the commands in DEFAULT_COMMANDS
A command is a template split like a shell would (no shell runs it): {reckon} is <home>/bin/reckon, {home} the
reckon home, {date} the day (YYYY-MM-DD). It runs in the reckon home with RECKON_NIGHTLY_DATE and
RECKON_NIGHTLY_RUN_ID set. Exit code 2 (bad usage) fails the task at once; any other failure is retried.

Run parameters come from dag_run.conf (validated against `params`): force, hours, rerun_late_days.

Deployment settings read at parse time from the environment of the dag-processor and scheduler:
  RECKON_NIGHTLY_START_DATE (2025-01-01), RECKON_NIGHTLY_CATCHUP (true), RECKON_NIGHTLY_RETRIES (3),
  RECKON_NIGHTLY_RETRY_DELAY_SECONDS (300, doubled on each retry up to 1 h), RECKON_NIGHTLY_MAX_ACTIVE_RUNS (1),
  RECKON_ARCHIVE_POKE_SECONDS (300), RECKON_ARCHIVE_TIMEOUT_SECONDS (21600).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shlex
import subprocess
from pathlib import Path

import pendulum
from airflow.sdk import CronDataIntervalTimetable, Param, Variable, dag, task
from airflow.sdk.exceptions import AirflowFailException

log = logging.getLogger(__name__)

DAG_ID = "reckon_nightly"

#: Exit code of the archive check meaning "not complete yet, ask again later".
NOT_YET = 3
#: Exit code meaning "bad usage": retrying cannot help.
USAGE_ERROR = 2

STEPS = ("archive_check", "batch", "reconcile", "verify_final", "export", "late_days")
#: What runs again for an earlier day reopened by late events (a new FINAL version, a new export file).
RERUN_STEPS = ("batch", "reconcile", "verify_final", "export")

# The contract with the batch (docs/batch.md) and reconciliation (docs/reconciliation.md) commands; the same
# defaults as io.reckon.orchestration.nightly.NightlyChain.
DEFAULT_COMMANDS = {
    "archive_check": "{reckon} batch --date {date} --check-complete",
    "batch": "{reckon} batch --date {date}",
    "reconcile": "{reckon} reconcile --date {date}",
    "verify_final": "{reckon} reconcile --date {date} --verify-final",
    "export": "{reckon} export --date {date}",
    "late_days": "{reckon} reconcile --list-reopened --before {date}",
}

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


def _setting(variable: str, env: str, default: str | None) -> str | None:
    """An Airflow Variable, else an environment variable, else the default."""
    value = Variable.get(variable, default=None)
    if value is None or str(value).strip() == "":
        value = os.environ.get(env, "").strip() or default
    return value


def reckon_home() -> Path:
    """The reckon installation the commands run in."""
    configured = _setting("reckon_home", "RECKON_HOME", None)
    if configured:
        return Path(configured)
    # Deployed straight from the repository: orchestration/airflow/dags/reckon_nightly.py -> the repository.
    here = Path(__file__).resolve()
    if len(here.parents) > 3 and (here.parents[3] / "bin" / "reckon").exists():
        return here.parents[3]
    raise AirflowFailException(
        "reckon home unknown: set the Airflow Variable reckon_home or RECKON_HOME to the reckon installation")


def render(template: str, *, home: Path, day: str) -> list[str]:
    """Splits a command template into arguments, then fills in {reckon}, {home} and {date} in each."""
    if not template or not template.strip():
        raise AirflowFailException("empty command template")
    values = {"{reckon}": str(home / "bin" / "reckon"), "{home}": str(home), "{date}": day}
    args = []
    for arg in shlex.split(template):
        for key, value in values.items():
            arg = arg.replace(key, value)
        args.append(arg)
    return args


def command_for(step: str, day: str, extra: list[str] | None = None) -> tuple[list[str], Path]:
    if step not in STEPS:
        raise ValueError(f"unknown step {step}")
    if not DAY.match(day):
        raise AirflowFailException(f"not a day (YYYY-MM-DD): {day!r}")
    home = reckon_home()
    template = _setting(f"reckon_{step}_command", f"RECKON_{step.upper()}_COMMAND", DEFAULT_COMMANDS[step])
    return render(template, home=home, day=day) + list(extra or []), home


def run(args: list[str], cwd: Path, day: str, run_id: str | None = None) -> tuple[int, list[str]]:
    """Runs a command, copying its output into the task log line by line; returns its exit code and output."""
    env = dict(os.environ, RECKON_NIGHTLY_DATE=day, RECKON_NIGHTLY_RUN_ID=run_id or "")
    log.info("running: %s (in %s)", shlex.join(args), cwd)
    try:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
    except OSError as e:
        raise AirflowFailException(f"cannot run {args[0]}: {e}") from e
    lines = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            log.info("%s", line)
        return proc.wait(), lines
    finally:
        if proc.poll() is None:  # the task was killed (timeout, mark failed): take the command down with it
            os.killpg(proc.pid, 15)


def run_step(step: str, day: str, run_id: str | None = None, extra: list[str] | None = None) -> list[str]:
    args, home = command_for(step, day, extra)
    code, lines = run(args, home, day, run_id)
    if code == 0:
        return lines
    message = f"{step} for {day} failed: {shlex.join(args)} exited with {code}"
    if code == USAGE_ERROR:
        raise AirflowFailException(message + " (usage error, not retried)")
    raise RuntimeError(message)


def archive_complete(day: str, run_id: str | None = None) -> bool:
    args, home = command_for("archive_check", day)
    code, _ = run(args, home, day, run_id)
    if code == 0:
        return True
    if code == NOT_YET:
        log.info("archive of %s not complete yet", day)
        return False
    message = f"archive check for {day} failed: {shlex.join(args)} exited with {code}"
    if code == USAGE_ERROR:
        raise AirflowFailException(message + " (usage error, not retried)")
    raise RuntimeError(message)


def late_days(lines: list[str], day: str) -> list[str]:
    """The earlier days named by the late-days command: one YYYY-MM-DD per line, anything else ignored."""
    found = sorted({line.strip() for line in lines if DAY.match(line.strip()) and line.strip() < day})
    return found


def batch_args(params: dict) -> list[str]:
    extra = []
    if params.get("force"):
        extra.append("--force")
    hours = (params.get("hours") or "").strip()
    if hours:
        if not re.match(r"^\d{1,2}(-\d{1,2})?$", hours):
            raise AirflowFailException(f"hours must be H or H-H, got {hours!r}")
        extra += ["--hours", hours]
    return extra


def reconcile_args(params: dict) -> list[str]:
    """A run with force makes the day FINAL on the forced batch, marked as forced (reconcile refuses one otherwise)."""
    return ["--accept-forced"] if params.get("force") else []


def day_of(context) -> str:
    logical = context.get("logical_date")
    if logical is None:
        raise AirflowFailException("this run has no logical date: trigger it with one (the day to finalize)")
    return pendulum.instance(logical).in_timezone("UTC").format("YYYY-MM-DD")


def run_id_of(context) -> str | None:
    dag_run = context.get("dag_run")
    return getattr(dag_run, "run_id", None)


DEFAULT_ARGS = {
    "owner": "reckon",
    "retries": _env_int("RECKON_NIGHTLY_RETRIES", 3),
    "retry_delay": dt.timedelta(seconds=_env_int("RECKON_NIGHTLY_RETRY_DELAY_SECONDS", 300)),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": dt.timedelta(hours=1),
}


@dag(
    dag_id=DAG_ID,
    description="reckon nightly: archive complete -> batch -> reconcile -> verify FINAL -> re-run late days",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.parse(os.environ.get("RECKON_NIGHTLY_START_DATE", "2025-01-01"), tz="UTC"),
    catchup=_env_bool("RECKON_NIGHTLY_CATCHUP", True),
    max_active_runs=_env_int("RECKON_NIGHTLY_MAX_ACTIVE_RUNS", 1),
    default_args=DEFAULT_ARGS,
    params={
        "force": Param(False, type="boolean", description="batch: run even if the archive is not complete"),
        "hours": Param("", type="string", description="batch: an hour range H-H (empty: the whole day)"),
        "rerun_late_days": Param(True, type="boolean", description="re-run earlier days reopened by late events"),
    },
    tags=["reckon"],
    doc_md=__doc__,
)
def reckon_nightly():
    @task.sensor(
        task_id="wait_archive_complete",
        mode="reschedule",
        execution_timeout=dt.timedelta(minutes=30),  # one check; the wait as a whole is bounded by timeout
        poke_interval=_env_int("RECKON_ARCHIVE_POKE_SECONDS", 300),
        timeout=_env_int("RECKON_ARCHIVE_TIMEOUT_SECONDS", 6 * 3600),
    )
    def wait_archive_complete(**context) -> bool:
        if context["params"].get("force"):
            log.info("force is set: not waiting for the archive")
            return True
        return archive_complete(day_of(context), run_id_of(context))

    @task(task_id="batch", execution_timeout=dt.timedelta(hours=4))
    def batch(**context) -> None:
        run_step("batch", day_of(context), run_id_of(context), batch_args(context["params"]))

    @task(task_id="reconcile", execution_timeout=dt.timedelta(hours=2))
    def reconcile(**context) -> None:
        run_step("reconcile", day_of(context), run_id_of(context), reconcile_args(context["params"]))

    @task(task_id="verify_final", execution_timeout=dt.timedelta(minutes=30))
    def verify_final(**context) -> None:
        run_step("verify_final", day_of(context), run_id_of(context))

    @task(task_id="export", execution_timeout=dt.timedelta(minutes=30))
    def export(**context) -> None:
        run_step("export", day_of(context), run_id_of(context))

    @task(task_id="find_late_days", execution_timeout=dt.timedelta(minutes=30))
    def find_late_days(**context) -> list[str]:
        if not context["params"].get("rerun_late_days", True):
            log.info("rerun_late_days is off")
            return []
        day = day_of(context)
        days = late_days(run_step("late_days", day, run_id_of(context)), day)
        log.info("days reopened by late events: %s", days or "none")
        return days

    # The sum of its steps' timeouts (batch 4 h, reconcile 2 h, verify_final and export 30 min), as the Java chain.
    @task(task_id="rerun_late_day", execution_timeout=dt.timedelta(hours=7), max_active_tis_per_dagrun=1)
    def rerun_late_day(late_day: str, **context) -> None:
        run_id = run_id_of(context)
        for step in RERUN_STEPS:
            run_step(step, late_day, run_id)

    days = find_late_days()
    wait_archive_complete() >> batch() >> reconcile() >> verify_final() >> export() >> days
    rerun_late_day.expand(late_day=days)


reckon_nightly()
