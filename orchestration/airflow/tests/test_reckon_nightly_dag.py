"""The reckon_nightly DAG: it imports, has the expected tasks, dependencies and settings, its helpers build and
run the right commands, and the whole DAG runs in-process (dag.test) with harmless commands."""
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk.exceptions import AirflowFailException

from conftest import DAGS

import reckon_nightly

STEPS_IN_ORDER = ["wait_archive_complete", "batch", "reconcile", "verify_final", "export", "find_late_days",
                  "rerun_late_day"]


@pytest.fixture(scope="module")
def dagbag():
    return DagBag(dag_folder=str(DAGS))


@pytest.fixture
def no_variables(monkeypatch):
    """Outside a running task there is no Variable store: every Variable is unset."""
    monkeypatch.setattr(reckon_nightly.Variable, "get", classmethod(lambda cls, key, default=None, **kw: default))
    for step in reckon_nightly.STEPS:
        monkeypatch.delenv(f"RECKON_{step.upper()}_COMMAND", raising=False)
    monkeypatch.delenv("RECKON_HOME", raising=False)


def test_the_dag_folder_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert list(dagbag.dags) == ["reckon_nightly"]


def test_tasks_and_dependencies(dagbag):
    dag = dagbag.dags["reckon_nightly"]
    assert sorted(t.task_id for t in dag.tasks) == sorted(STEPS_IN_ORDER)
    for upstream, downstream in zip(STEPS_IN_ORDER, STEPS_IN_ORDER[1:]):
        assert dag.get_task(downstream).upstream_task_ids == {upstream}, downstream
    assert dag.get_task("wait_archive_complete").upstream_task_ids == set()
    assert dag.get_task("rerun_late_day").downstream_task_ids == set()


def test_schedule_catchup_retries_and_sensor(dagbag):
    dag = dagbag.dags["reckon_nightly"]
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert "0 0 * * *" in repr(dag.timetable) and "UTC" in repr(dag.timetable)
    assert dag.catchup is True
    assert dag.max_active_runs == 1
    assert dag.start_date == pendulum.datetime(2025, 1, 1, tz="UTC")
    for t in dag.tasks:
        assert t.retries == 3, t.task_id
        assert t.retry_exponential_backoff == 2.0, t.task_id
        assert t.retry_delay.total_seconds() == 300, t.task_id
    sensor = dag.get_task("wait_archive_complete")
    assert sensor.mode == "reschedule"
    assert sensor.poke_interval == 300
    assert sensor.timeout == 6 * 3600
    assert set(dag.params.keys()) == {"force", "hours", "rerun_late_days"}


# The Java chain's step names where the DAG's task ids differ.
JAVA_STEP = {"wait_archive_complete": "archive_check", "find_late_days": "late_days"}


@pytest.mark.skipif("RECKON_JAVA_NIGHTLY_CHAIN" not in os.environ,
                    reason="DagPytestITCase writes the Java chain's definition and sets RECKON_JAVA_NIGHTLY_CHAIN")
def test_steps_commands_and_timeouts_are_the_java_chains(dagbag):
    """The DAG is deployed alone, so it keeps its own copy of the chain; this fails when the copies differ."""
    java = json.loads(Path(os.environ["RECKON_JAVA_NIGHTLY_CHAIN"]).read_text())
    steps = {s["name"]: s for s in java["steps"]}
    assert [JAVA_STEP.get(t, t) for t in STEPS_IN_ORDER if t != "rerun_late_day"] == [s["name"] for s in java["steps"]]
    assert reckon_nightly.DEFAULT_COMMANDS == {name: s["command"] for name, s in steps.items()}
    assert list(reckon_nightly.RERUN_STEPS) == java["rerun_steps"]
    dag = dagbag.dags["reckon_nightly"]
    for task_id in STEPS_IN_ORDER:
        if task_id == "rerun_late_day":
            # One task runs a late day's steps one after another: it may take as long as they may together.
            expected = sum(steps[s]["timeout_seconds"] for s in java["rerun_steps"])
        else:
            # For the sensor, one check (the archive wait as a whole is its timeout, below).
            expected = steps[JAVA_STEP.get(task_id, task_id)]["timeout_seconds"]
        assert dag.get_task(task_id).execution_timeout.total_seconds() == expected, task_id
    assert dag.get_task("wait_archive_complete").timeout == java["archive_wait_timeout_seconds"]


def test_parse_time_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("RECKON_NIGHTLY_CATCHUP", "false")
    monkeypatch.setenv("RECKON_NIGHTLY_RETRIES", "0")
    monkeypatch.setenv("RECKON_NIGHTLY_START_DATE", "2024-01-01")
    monkeypatch.setenv("RECKON_ARCHIVE_POKE_SECONDS", "5")
    try:
        module = importlib.reload(reckon_nightly)
        dag = module.reckon_nightly()
        assert dag.catchup is False
        assert dag.start_date == pendulum.datetime(2024, 1, 1, tz="UTC")
        assert all(t.retries == 0 for t in dag.tasks)
        assert dag.get_task("wait_archive_complete").poke_interval == 5
    finally:
        monkeypatch.undo()
        importlib.reload(reckon_nightly)


def test_render_splits_like_a_shell_and_fills_placeholders(tmp_path):
    args = reckon_nightly.render(
        "spark-submit --master yarn --conf 'spark.app.name=reckon batch' {home}/batch.jar --date {date}",
        home=tmp_path, day="2025-03-04")
    assert args == ["spark-submit", "--master", "yarn", "--conf", "spark.app.name=reckon batch",
                    f"{tmp_path}/batch.jar", "--date", "2025-03-04"]
    assert reckon_nightly.render("{reckon} batch --date={date}", home=tmp_path, day="2025-03-04") == \
        [f"{tmp_path}/bin/reckon", "batch", "--date=2025-03-04"]
    with pytest.raises(AirflowFailException):
        reckon_nightly.render("  ", home=tmp_path, day="2025-03-04")


def test_defaults_call_bin_reckon_of_the_repository(no_variables):
    args, home = reckon_nightly.command_for("batch", "2025-03-04", ["--force"])
    assert home == DAGS.parents[2]
    assert args == [str(home / "bin" / "reckon"), "batch", "--date", "2025-03-04", "--force"]
    args, _ = reckon_nightly.command_for("reconcile", "2025-03-04")
    assert args[1:] == ["reconcile", "--date", "2025-03-04"]


def test_environment_overrides_commands_and_home(no_variables, monkeypatch, tmp_path):
    monkeypatch.setenv("RECKON_HOME", str(tmp_path))
    monkeypatch.setenv("RECKON_BATCH_COMMAND", "spark-submit {home}/reckon-batch.jar --date {date}")
    args, home = reckon_nightly.command_for("batch", "2025-03-04")
    assert home == tmp_path
    assert args == ["spark-submit", f"{tmp_path}/reckon-batch.jar", "--date", "2025-03-04"]


def test_variables_win_over_the_environment(monkeypatch, tmp_path):
    variables = {"reckon_home": str(tmp_path), "reckon_reconcile_command": "echo {date}"}
    monkeypatch.setattr(reckon_nightly.Variable, "get",
                        classmethod(lambda cls, key, default=None, **kw: variables.get(key, default)))
    monkeypatch.setenv("RECKON_RECONCILE_COMMAND", "false")
    args, home = reckon_nightly.command_for("reconcile", "2025-03-04")
    assert (args, home) == (["echo", "2025-03-04"], tmp_path)


def test_a_day_must_be_a_day(no_variables):
    with pytest.raises(AirflowFailException):
        reckon_nightly.command_for("batch", "2025-3-4; rm -rf /")


def test_exit_codes(no_variables, monkeypatch, tmp_path):
    monkeypatch.setenv("RECKON_HOME", str(tmp_path))
    monkeypatch.setenv("RECKON_BATCH_COMMAND", "sh -c 'echo day=$RECKON_NIGHTLY_DATE run=$RECKON_NIGHTLY_RUN_ID'")
    assert reckon_nightly.run_step("batch", "2025-03-04", "r1") == ["day=2025-03-04 run=r1"]
    monkeypatch.setenv("RECKON_BATCH_COMMAND", "sh -c 'exit 1'")
    with pytest.raises(RuntimeError, match="exited with 1"):
        reckon_nightly.run_step("batch", "2025-03-04")
    monkeypatch.setenv("RECKON_BATCH_COMMAND", "sh -c 'exit 2'")
    with pytest.raises(AirflowFailException, match="not retried"):
        reckon_nightly.run_step("batch", "2025-03-04")
    monkeypatch.setenv("RECKON_BATCH_COMMAND", str(tmp_path / "missing"))
    with pytest.raises(AirflowFailException, match="cannot run"):
        reckon_nightly.run_step("batch", "2025-03-04")
    monkeypatch.setenv("RECKON_ARCHIVE_CHECK_COMMAND", "sh -c 'exit 3'")
    assert reckon_nightly.archive_complete("2025-03-04") is False
    monkeypatch.setenv("RECKON_ARCHIVE_CHECK_COMMAND", "true")
    assert reckon_nightly.archive_complete("2025-03-04") is True
    monkeypatch.setenv("RECKON_ARCHIVE_CHECK_COMMAND", "false")
    with pytest.raises(RuntimeError):
        reckon_nightly.archive_complete("2025-03-04")


def test_late_days_and_batch_args():
    lines = ["reopened days:", "2025-02-01", " 2025-01-15 ", "2025-02-01", "2025-03-04", "2025-04-01", "x"]
    assert reckon_nightly.late_days(lines, "2025-03-04") == ["2025-01-15", "2025-02-01"]
    assert reckon_nightly.batch_args({"force": True, "hours": "0-5"}) == ["--force", "--hours", "0-5"]
    assert reckon_nightly.batch_args({"force": False, "hours": ""}) == []
    # force reaches reconcile too: the FINAL day is then marked forced instead of refused
    assert reckon_nightly.reconcile_args({"force": True}) == ["--accept-forced"]
    assert reckon_nightly.reconcile_args({"force": False}) == []
    with pytest.raises(AirflowFailException):
        reckon_nightly.batch_args({"hours": "0-5; reboot"})


def test_the_dag_runs_end_to_end_in_process(tmp_path):
    """dag.test() runs every task in this process against a SQLite database, with commands that really run."""
    env = {
        "RECKON_HOME": str(tmp_path),
        "RECKON_ARCHIVE_CHECK_COMMAND": "sh -c 'echo check {date} >> calls.log'",
        "RECKON_BATCH_COMMAND": "sh -c 'echo batch {date} \"$*\" >> calls.log' batch",
        "RECKON_RECONCILE_COMMAND": "sh -c 'echo reconcile {date} >> calls.log'",
        "RECKON_VERIFY_FINAL_COMMAND": "sh -c 'echo verify {date} >> calls.log'",
        "RECKON_EXPORT_COMMAND": "sh -c 'echo export {date} >> calls.log'",
        "RECKON_LATE_DAYS_COMMAND": "printf '2025-05-30\\nnot a day\\n2025-06-09\\n'",
    }
    code = f"""
import os, pendulum
from airflow.dag_processing.dagbag import DagBag
os.environ.update({env!r})
dag = DagBag(dag_folder={str(DAGS)!r}).dags["reckon_nightly"]
run = dag.test(logical_date=pendulum.datetime(2025, 6, 10, tz="UTC"), run_conf={{"hours": "0-3"}})
print("STATE=" + str(run.state))
"""
    import os
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True,
                   env=os.environ.copy())
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy(),
                            timeout=300)
    assert "STATE=success" in result.stdout, result.stdout[-3000:] + result.stderr[-3000:]
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert calls[:5] == [
        "check 2025-06-10",
        "batch 2025-06-10 --hours 0-3",
        "reconcile 2025-06-10",
        "verify 2025-06-10",
        "export 2025-06-10",
    ]
    # then each late day (mapped tasks, in no particular order between days), its steps in order
    for late in ("2025-05-30", "2025-06-09"):
        assert [c for c in calls[5:] if late in c] == [f"batch {late} ", f"reconcile {late}", f"verify {late}",
                                                     f"export {late}"]
    assert len(calls) == 13
