"""The broken-plan corpus, output formats, the JSON Schema, and traceability of data/plan.yaml.

Each file in tests/data/broken/ holds one or more faults and, in its header,
the exact ``# expect: LINE:COLUMN [rule]`` lines validation must report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import PLAN, ROOT
from zsplan.cli import app
from zsplan.plan.schema import plan_schema_json
from zsplan.plan.source import read_yaml
from zsplan.plan.validate import check_plan_file

BROKEN = sorted((Path(__file__).parent / "data" / "broken").glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    return [line.removeprefix("# expect: ").strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# expect: ")]


def test_the_corpus_is_large_enough() -> None:
    assert len(BROKEN) >= 30
    assert all(expectations(path) for path in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_broken_plan_reports_exactly_its_faults(path: Path) -> None:
    result = check_plan_file(path, path.name)
    assert result.plan is None
    assert [f"{p.line}:{p.column} [{p.rule}]" for p in result.problems] == expectations(path)
    assert all(p.message and p.path == path.name for p in result.problems)


def test_ten_faults_give_ten_located_messages(runner) -> None:
    path = next(p for p in BROKEN if p.stem.endswith("ten-faults"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    assert len({line.split("[")[1].split("]")[0] for line in lines}) == 8  # yaml-type and trace-number twice each
    assert all(re.fullmatch(re.escape(str(path)) + r":\d+:\d+: \[[a-z-]+\] .+", line) for line in lines)
    assert result.stderr == f"10 problems in {path}\n"


GITHUB_ANNOTATION = re.compile(r"::error file=[^,:]+,line=\d+,col=\d+,title=zsplan [a-z-]+::[^\r\n]+")


def test_github_annotations(runner) -> None:
    path = next(p for p in BROKEN if p.stem.endswith("ten-faults"))
    result = runner.invoke(app, ["validate", "--format", "github", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    assert all(GITHUB_ANNOTATION.fullmatch(line) for line in lines), lines
    assert lines[0] == (f"::error file={path},line=14,col=3,title=zsplan yaml-type::title: 2019-09-30 is read by YAML as a date; quote it if it is text")


def test_github_annotation_escapes_newlines_and_percent() -> None:
    from zsplan.plan.problems import Problem
    from zsplan.render.problems import problems_github

    text = problems_github([Problem("a,b:c.yaml", 3, 4, "schema", "50% done\nnext line")])
    assert text == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=zsplan schema::50%25 done%0Anext line\n"


def test_json_format(runner) -> None:
    path = next(p for p in BROKEN if p.stem.endswith("trace-number"))
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["records"] == [
        {
            "path": str(path),
            "line": 33,
            "column": 5,
            "rule": "trace-number",
            "severity": "error",
            "message": "value 5 is not what source_text states: it says 4家",
        }
    ]


def test_quiet_prints_nothing(runner) -> None:
    bad = runner.invoke(app, ["validate", "--quiet", str(BROKEN[0])])
    assert (bad.exit_code, bad.stdout, bad.stderr) == (1, "", "")
    good = runner.invoke(app, ["validate", "-q", str(PLAN)])
    assert (good.exit_code, good.stdout, good.stderr) == (0, "", "")


def test_several_files_at_once(runner) -> None:
    result = runner.invoke(app, ["validate", str(PLAN), str(BROKEN[0])])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"{BROKEN[0]}:")
    assert result.stdout.splitlines()[-1].startswith(f"{PLAN}: valid:")


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    import resource
    import time

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = check_plan_file(path, "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert {p.rule for p in result.problems} == {"alias"}
    assert len(result.problems) == 81


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * (16 * 1024 * 1024) + "\n")
    (problem,) = check_plan_file(path, "big.yaml").problems
    assert problem.format() == "big.yaml:1:1: [too-large] file is larger than 16777216 bytes, the most a plan file may be"


def test_endless_file_is_refused_without_reading_it_all() -> None:
    (problem,) = check_plan_file(Path("/dev/zero"), "/dev/zero").problems
    assert problem.rule == "too-large"


def test_plan_from_a_pipe_is_read_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "zsplan.cli", "validate", "/dev/stdin"],
        input=PLAN.read_bytes(),
        capture_output=True,
        cwd=PLAN.parent,
    )
    # read once and parsed: the only complaint is that a pipe has no folder holding plan-source.txt
    assert result.returncode == 1
    assert result.stdout.decode().startswith("/dev/stdin:46:3: [source-file] source file 'plan-source.txt' is not a readable UTF-8 text file")


def test_non_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"plan:\n  title: caf" + b"\xe9\n")
    (problem,) = check_plan_file(path, "latin.yaml").problems
    assert problem.format() == "latin.yaml:2:13: [encoding] not UTF-8 text (byte 0xe9 at byte 18: invalid continuation byte); save the file as UTF-8"


def test_huge_number_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("plan:\n  id: " + "9" * 5000 + "\n")
    problems = [p.format() for p in check_plan_file(path, "plan.yaml").problems]
    (huge,) = [p for p in problems if p.startswith("plan.yaml:2:")]
    assert huge.startswith("plan.yaml:2:7: [yaml-type] '99999999999999999999…' cannot be read as a int (Exceeds the limit")


# ----------------------------------------------------------------- traceability of the real plan


def _number_fields() -> list[tuple[str, str, int, float]]:
    located = read_yaml(PLAN)
    rows = []
    for index, target in enumerate(located.data["targets"]):
        for field in ("value", "min", "max", "per_year"):
            if field in target:
                rows.append((target["id"], field, located.positions[("targets", index, field)][0], target[field]))
    return rows


NUMBER_FIELDS = _number_fields()


def test_every_number_of_the_plan_is_covered() -> None:
    assert len(NUMBER_FIELDS) == 20  # 17 at-least numbers, one range (min, max), one per-year quota


@pytest.mark.parametrize(("target_id", "field", "line", "value"), NUMBER_FIELDS, ids=[f"{r[0]}.{r[1]}" for r in NUMBER_FIELDS])
def test_changing_any_number_fails_traceability(tmp_path: Path, target_id: str, field: str, line: int, value: float) -> None:
    lines = PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].strip() == f"{field}: {value:g}"
    wrong = {"min": value - 1, "max": value + 1}.get(field, value * 10 + 1)  # keeps a range ordered
    lines[line - 1] = lines[line - 1].replace(f"{field}: {value:g}", f"{field}: {wrong:g}")
    mutated = tmp_path / "plan.yaml"
    mutated.write_text("".join(lines), encoding="utf-8")
    (tmp_path / "plan-source.txt").write_text((ROOT / "data" / "plan-source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    problems = check_plan_file(mutated, "plan.yaml").problems
    assert [p.rule for p in problems] == ["trace-number"] and problems[0].line == line - (field == "max")
    assert f"{wrong:g}" in problems[0].message


def test_ucas_teams_50_to_60_names_both_numbers(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    block_start = text.index("  - id: ucas_teams")
    block_end = text.index("  - id: ucas_key_technologies")
    block = text[block_start:block_end].replace("    value: 50\n", "    value: 60\n")
    (tmp_path / "plan.yaml").write_text(text[:block_start] + block + text[block_end:], encoding="utf-8")
    (tmp_path / "plan-source.txt").write_text((ROOT / "data" / "plan-source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (problem,) = check_plan_file(tmp_path / "plan.yaml", "plan.yaml").problems
    assert problem.rule == "trace-number"
    assert problem.message == "value 60 is not what source_text states: it says 50個"


def test_source_text_matches_across_scripts(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        'source_text: "火炬開發區國家級雙創示範基地:到2022年建成國家級科技企業孵化器4家。"',
        'source_text: "火炬开发区国家级双创示范基地：到2022年建成国家级科技企业孵化器四家。"',
    )
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "plan-source.txt").write_text((ROOT / "data" / "plan-source.txt").read_text(encoding="utf-8"), encoding="utf-8")
    problems = check_plan_file(tmp_path / "plan.yaml", "plan.yaml").problems
    # Simplified script and a full-width colon still match the document; 四 is not 4 in the document, so it fails
    assert [p.rule for p in problems] == ["source-text"]
    text = text.replace("孵化器四家。", "孵化器4家。")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    assert check_plan_file(tmp_path / "plan.yaml", "plan.yaml").problems == []


# ----------------------------------------------------------------- JSON Schema


def _yaml_as_editors_read_it(path: Path):
    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def test_committed_schema_is_current(runner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == plan_schema_json() == (ROOT / "data" / "plan.schema.json").read_text(encoding="utf-8")


def test_stock_validator_accepts_the_plan_and_rejects_a_typo() -> None:
    import jsonschema

    schema = json.loads((ROOT / "data" / "plan.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = _yaml_as_editors_read_it(PLAN)
    assert list(validator.iter_errors(data)) == []
    data["units"][0]["nmae"] = data["units"][0].pop("name")
    errors = list(validator.iter_errors(data))
    assert sorted(error.message for error in errors) == ["'name' is a required property", "Additional properties are not allowed ('nmae' was unexpected)"]
    assert PLAN.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=plan.schema.json\n")
