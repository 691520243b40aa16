"""zsplan's performance budgets, measured against floors in the same run.

Builds a synthetic province-sized ledger (10,000 targets in 500 measures and 60
units, 1,000,000 progress entries over five years, every target kind), then
times whole commands as separate processes, each the median of at least five
runs, beside the floor it is judged against:

* ``zsplan --help``                     vs ``python -c "import typer"``             ≤ 1.5×
* ``zsplan status`` (bundled plan)      vs ``python -c "import sqlmodel, typer, rich"`` ≤ 1.3×
* ``zsplan status --format json`` (large) ≤ dependency floor + 1.5 × raw-SQL floor; peak memory ≤ 250 MB
* one ``zsplan log`` (large)            ≤ 1.2 × status on the bundled plan
* ``zsplan import`` of 100,000 rows     ≤ 3 × ``executemany`` of the same rows in one transaction
* ``zsplan report --format html`` (large) ≤ 30 s

Writes bench/RESULTS.md and exits 1 when a budget is missed. Public tools only:
time.perf_counter, subprocess, os.wait4 for each child's peak memory.

    python bench/run.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
_SCRIPT = Path(sys.executable).with_name("zsplan")
#: The installed console script, as people run it (shell completion needs its name).
ZSPLAN = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "zsplan.cli"]
N_TARGETS, N_MEASURES, N_UNITS, N_ENTRIES = 10_000, 500, 60, 1_000_000
IMPORT_ROWS = 100_000


def run_once(command: list[str], env: dict) -> tuple[float, float]:
    """Run a command to completion; return (wall seconds, peak resident MB of the process)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def measure(command: list[str], env: dict, runs: int, before=None) -> tuple[float, float]:
    """Median wall time and largest peak memory over ``runs`` runs (after one warm-up)."""
    if before:
        before()
    run_once(command, env)
    walls, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        wall, peak = run_once(command, env)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def synthetic_plan(directory: Path) -> Path:
    """A plan file and its source text with 10,000 targets of every kind."""
    rng = random.Random(2019)
    units = [f"  - {{id: u{n:02d}, name: 測試單位{n:02d}, name_en: Unit {n}}}" for n in range(N_UNITS)]
    measures, source, targets = [], ["合成行動計劃"], []
    for chapter in range(5):
        measures.append(f"  - {{id: c{chapter}, level: chapter, number: '{'一二三四五'[chapter]}', title: 第{chapter}章}}")
        for section in range(N_MEASURES // 5 // 10):
            sid = f"c{chapter}.{section}"
            measures.append(f"  - {{id: {sid}, parent: c{chapter}, level: section, number: '({section})', title: 節{section}}}")
            for number in range(10):
                lead, co = rng.sample(range(N_UNITS), 2)
                measures.append(
                    f"  - {{id: {sid}.{number}, parent: {sid}, level: measure, number: '{number}.', title: 措施{number}, units: [u{lead:02d}, u{co:02d}]}}"
                )
    measure_ids = [line.split("id: ")[1].split(",")[0] for line in measures if "level: measure" in line]
    for n in range(N_TARGETS):
        measure = measure_ids[n % len(measure_ids)]
        kind = ("number", "number", "number", "range", "per_year", "checklist", "milestone", "number")[n % 8]
        value = 10 + n % 90
        common = f"    measure: {measure}\n    deadline: 2024-12-31\n    baseline: {{value: 0, date: 2020-01-01}}\n    strength: expected\n"
        if kind == "number":
            mode, progress = (("items", "stock"), ("value", "flow"), ("value", "stock"))[n % 3]
            sentence = f"指標{n}:到2024年達到{value}家。"
            body = f"    kind: number\n    mode: {mode}\n    comparator: at_least\n    value: {value}\n    unit: 家\n    category: platform\n    progress: {progress}\n"
        elif kind == "range":
            sentence = f"指標{n}:培育{value}-{value + 2}家。"
            body = f"    kind: range\n    mode: value\n    min: {value}\n    max: {value + 2}\n    unit: 家\n    category: enterprise\n    progress: stock\n"
        elif kind == "per_year":
            sentence = f"指標{n}:每年新增{value}家。"
            body = f"    kind: per_year\n    mode: value\n    per_year: {value}\n    years: [2020, 2021, 2022, 2023, 2024]\n    unit: 家\n    category: lab\n    progress: flow\n"
        elif kind == "checklist":
            sentence = f"指標{n}:建設甲{n}平台、乙{n}平台、丙{n}平台。"
            body = f"    kind: checklist\n    items:\n      - {{id: a, name: 甲{n}平台}}\n      - {{id: b, name: 乙{n}平台}}\n      - {{id: c, name: 丙{n}平台}}\n    unit: 個\n    category: platform\n    progress: flow\n"
        else:
            sentence = f"指標{n}:建成第{n}號基地。"
            body = "    kind: milestone\n    unit: 個\n    category: base\n    progress: stock\n"
        source.append(sentence)
        targets.append(f'  - id: t{n:05d}\n    name: 合成指標{n:05d}\n{body}{common}    source_text: "{sentence}"')
    (directory / "bench-source.txt").write_text("\n".join(source) + "\n", encoding="utf-8")
    plan = directory / "bench-plan.yaml"
    plan.write_text(
        textwrap.dedent(
            """\
            plan:
              id: bench
              title: 合成省級行動計劃
              issuer: 測試
              issued: 2020-01-01
              source_url: "http://example.invalid"
              source_file: bench-source.txt
              horizon: {start: 2020-01-01, end: 2024-12-31}
              vision: {year: 2035, text: 遠景}
            """
        )
        + "units:\n"
        + "\n".join(units)
        + "\nmeasures:\n"
        + "\n".join(measures)
        + "\ntargets:\n"
        + "\n".join(targets)
        + "\n",
        encoding="utf-8",
    )
    return plan


def fill_ledger(db: Path) -> None:
    """1,000,000 entries over 2020–2024, written straight into the table (this is set-up, not measured)."""
    rng = random.Random(1)
    connection = sqlite3.connect(db)
    kinds = dict(connection.execute("SELECT id, kind FROM target"))
    modes = dict(connection.execute("SELECT id, mode FROM target"))
    ids = sorted(kinds)
    start = dt.date(2020, 1, 1)
    rows = []
    for n in range(N_ENTRIES):
        target = ids[n % len(ids)]
        day = (start + dt.timedelta(days=rng.randrange(0, 1800))).isoformat()
        kind, mode = kinds[target], modes[target]
        item = item_name = None
        value = float(rng.randrange(0, 5))
        if kind == "checklist":
            item = "abc"[n // len(ids) % 3]
            item_name = item
            value = 1.0
        elif mode == "items":
            item_name = f"項目{n}"
            item = item_name
            value = 1.0
        elif kind == "milestone":
            value = float(n // len(ids) % 2)
        rows.append((target, value, item, item_name, day, "2025-01-01 00:00:00.000000", "bench", "log"))
    # every entry carries its link in the hash chain, as zsplan writes it (zsplan verify and report check it)
    from zsplan.store.chain import GENESIS, chain

    hashes = chain(
        GENESIS, ((target, kind_, value, item, item_name, day, at, by, None, None, None, None) for target, value, item, item_name, day, at, by, kind_ in rows)
    )
    with connection:
        connection.executemany(
            "INSERT INTO progress_entry (target_id, value, item_id, item_name, as_of, recorded_at, recorded_by, kind, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, digest) for row, digest in zip(rows, hashes, strict=True)],
        )
    connection.execute("ANALYZE")
    connection.close()


RAW_SQL_FLOOR = textwrap.dedent(
    """
    import json, sqlite3, sys
    connection = sqlite3.connect(sys.argv[1])
    rows = connection.execute('''
        SELECT t.id, t.name, t.kind, count(e.id), max(e.as_of), sum(e.value),
               (SELECT value FROM progress_entry l WHERE l.target_id = t.id AND l.as_of <= ?
                 ORDER BY l.as_of DESC, l.id DESC LIMIT 1),
               count(DISTINCT e.item_id)
        FROM target t LEFT JOIN progress_entry e ON e.target_id = t.id AND e.as_of <= ?
        GROUP BY t.id ORDER BY t.position''', ("2024-12-31", "2024-12-31")).fetchall()
    json.dump([list(row) for row in rows], sys.stdout)
    """
)

EXECUTEMANY_FLOOR = textwrap.dedent(
    """
    import csv, sqlite3, sys
    connection = sqlite3.connect(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as sheet:
        reader = csv.DictReader(sheet)
        rows = [(r["target"], float(r["value"]), r["date"], "2025-01-01 00:00:00.000000", "bench", r["note"], "log") for r in reader]
    with connection:
        connection.executemany(
            "INSERT INTO progress_entry (target_id, value, as_of, recorded_at, recorded_by, note, kind) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    """
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs per command (at least 5)")
    parser.add_argument("--keep", type=Path, help="build the data in this folder and keep it")
    parser.add_argument("--fill-ledger", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_ledger:
        fill_ledger(args.fill_ledger)
        return 0
    runs = max(args.runs, 5)
    work = args.keep or Path(tempfile.mkdtemp(prefix="zsplan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    began = time.perf_counter()
    # Byte-compile zsplan as `pip install .` does: an editable install leaves that to
    # the first run, and with PYTHONDONTWRITEBYTECODE set every run would compile
    # zsplan's sources while the floors' packages load compiled code.
    subprocess.run([PYTHON, "-c", "import compileall, os, zsplan; compileall.compile_dir(os.path.dirname(zsplan.__file__), quiet=1)"], env=env, check=True)
    print(f"building the synthetic ledger in {work} …", flush=True)
    small, large = work / "bundled.db", work / "large.db"
    for db in (small, large):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    subprocess.run([*ZSPLAN, "--db", str(small), "load"], env=env, check=True, capture_output=True)
    plan = synthetic_plan(work)
    subprocess.run([*ZSPLAN, "--db", str(large), "load", str(plan)], env=env, check=True, capture_output=True)
    # In a child process: a child's peak memory (wait4's ru_maxrss) starts from what this
    # process holds when it forks, so the million rows must never be built here.
    subprocess.run([PYTHON, __file__, "--fill-ledger", str(large)], env=env, check=True)
    sheet = work / "import.csv"
    with sheet.open("w", encoding="utf-8") as out:
        out.write("target,date,value,note\n")
        for n in range(IMPORT_ROWS):
            out.write(f"fudan_researchers,2021-{n % 12 + 1:02d}-15,1,row {n}\n")
    print(f"  built in {time.perf_counter() - began:.0f} s", flush=True)

    results: list[tuple[str, float, str, float, str, bool]] = []

    def record(name: str, value: float, floor_name: str, floor: float, budget_text: str, ok: bool) -> None:
        results.append((name, value, floor_name, floor, budget_text, ok))
        unit = "MB" if "MB" in name else "s"
        print(f"{name:<44} {value:8.3f} {unit:<2}  {floor_name:<40} {floor:8.3f} {unit:<2}  {budget_text:<34} {'ok' if ok else 'MISSED'}", flush=True)

    typer_floor, _ = measure([PYTHON, "-c", "import typer"], env, runs)
    help_time, _ = measure([*ZSPLAN, "--help"], env, runs)
    record("zsplan --help", help_time, "import typer", typer_floor, f"ratio {help_time / typer_floor:.2f} ≤ 1.5", help_time <= 1.5 * typer_floor)

    completion_env = {**env, "_ZSPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "zsplan sta", "COMP_CWORD": "1"}
    completion, _ = measure([*ZSPLAN], completion_env, runs)
    record(
        "shell completion (zsplan sta<TAB>)",
        completion,
        "import typer",
        typer_floor,
        f"ratio {completion / typer_floor:.2f} ≤ 1.5",
        completion <= 1.5 * typer_floor,
    )

    dependency_floor, _ = measure([PYTHON, "-c", "import sqlmodel, typer, rich"], env, runs)
    small_status, _ = measure([*ZSPLAN, "--db", str(small), "status"], env, runs)
    record(
        "zsplan status (bundled plan)",
        small_status,
        "import sqlmodel, typer, rich",
        dependency_floor,
        f"ratio {small_status / dependency_floor:.2f} ≤ 1.3",
        small_status <= 1.3 * dependency_floor,
    )

    raw_floor, _ = measure([PYTHON, "-c", RAW_SQL_FLOOR, str(large)], env, runs)
    large_status, peak = measure([*ZSPLAN, "--db", str(large), "status", "--format", "json", "--as-of", "2024-12-31"], env, runs)
    allowed = dependency_floor + 1.5 * raw_floor
    record(
        "zsplan status --format json (10k/1M)",
        large_status,
        "one raw SQL query via sqlite3",
        raw_floor,
        f"≤ dep + 1.5×raw = {allowed:.2f} s",
        large_status <= allowed,
    )
    record("  peak memory of that status (MB)", peak, "budget (MB)", 250, f"{peak:.0f} MB ≤ 250 MB", peak <= 250)

    log_time, _ = measure([*ZSPLAN, "--db", str(large), "log", "t00001", "3", "--date", "2024-06-30"], env, runs)
    record(
        "one zsplan log (10k/1M)",
        log_time,
        "zsplan status (bundled plan)",
        small_status,
        f"ratio {log_time / small_status:.2f} ≤ 1.2",
        log_time <= 1.2 * small_status,
    )

    target_db = work / "import.db"

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target_db}{suffix}").unlink(missing_ok=True)
        shutil.copy(small, target_db)

    floor_import, _ = measure([PYTHON, "-c", EXECUTEMANY_FLOOR, str(target_db), str(sheet)], env, runs, before=fresh_copy)
    import_time, _ = measure([*ZSPLAN, "--db", str(target_db), "import", str(sheet)], env, runs, before=fresh_copy)
    record(
        f"zsplan import ({IMPORT_ROWS:,} rows)",
        import_time,
        "executemany, one transaction",
        floor_import,
        f"ratio {import_time / floor_import:.2f} ≤ 3",
        import_time <= 3 * floor_import,
    )

    report_env = dict(env)
    report_time, _ = measure(
        [*ZSPLAN, "--db", str(large), "report", "--period", "2024", "--format", "html", "-o", str(work / "report.html")], report_env, 1 if runs < 5 else 5
    )
    record("zsplan report --format html (10k/1M)", report_time, "budget", 30.0, f"{report_time:.1f} s ≤ 30 s", report_time <= 30)

    total = time.perf_counter() - began
    write_results(results, runs, total)
    print(f"total {total:.0f} s; wrote bench/RESULTS.md")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(ok for *_, ok in results) else 1


def write_results(results, runs: int, total: float) -> None:
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    lines = [
        "# zsplan benchmark results",
        "",
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}); Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}.",
        f"Data: {N_TARGETS:,} targets, {N_MEASURES} measures, {N_UNITS} units, {N_ENTRIES:,} progress entries. Medians of {runs} runs after a warm-up; whole processes.",
        f"Produced by `python bench/run.py` on {dt.date.today()} in {total:.0f} s.",
        "",
        "| measure | median | floor | floor median | budget | result |",
        "|---|---:|---|---:|---|---|",
    ]
    for name, value, floor_name, floor, budget, ok in results:
        unit = "MB" if "MB" in name else "s"
        lines.append(
            f"| {name.strip()} | {value:.3f} {unit} | {floor_name} | {floor:.3f} {unit if unit == 'MB' else 's'} | {budget} | {'ok' if ok else '**missed**'} |"
        )
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
