"""The layers' arrows point one way: each module's imports (top-level and inside functions) are read and checked.

cli → service → (plan, store, analysis); render takes plain data; analysis is pure.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "zsplan"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports: ``a.b`` for ``import a.b``, ``a.b:name`` for ``from a.b import name``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}:{alias.name}" for alias in node.names}
    return found


MODULES = {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def offenders(prefix: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    """``module imports name`` for each import of a module under ``prefix`` from a ``forbidden`` package, except ``allowed`` names."""
    bad = []
    for module, names in MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            for name in sorted(names):
                base = name.split(":")[0]
                if any(base == f or base.startswith(f + ".") for f in forbidden) and name not in allowed:
                    bad.append(f"{module} imports {name}")
    return bad


def test_the_modules_are_found() -> None:
    assert {"zsplan.cli", "zsplan.service.assess", "zsplan.store.ledger", "zsplan.analysis.standing", "zsplan.render.status"} <= set(MODULES)


def test_analysis_is_pure() -> None:
    assert (
        offenders(
            "zsplan.analysis",
            ("typer", "click", "rich", "sqlmodel", "sqlalchemy", "zsplan.store", "zsplan.service", "zsplan.render", "zsplan.cli", "zsplan.io"),
        )
        == []
    )


def test_render_takes_plain_data() -> None:
    assert offenders("zsplan.render", ("typer", "click", "sqlmodel", "sqlalchemy", "zsplan.store", "zsplan.service", "zsplan.cli")) == []


def test_only_the_cli_imports_typer_and_click() -> None:
    outside = {module: names for module, names in MODULES.items() if not module.startswith("zsplan.cli")}
    assert (
        sorted(f"{module} imports {name}" for module, names in outside.items() for name in names if name.split(":")[0].split(".")[0] in ("typer", "click"))
        == []
    )


def test_the_cli_reaches_storage_only_through_the_service() -> None:
    assert offenders("zsplan.cli", ("zsplan.store", "sqlmodel", "sqlalchemy"), allowed=("sqlalchemy.engine:Engine",)) == []


def test_the_service_runs_no_sql() -> None:
    allowed = ("sqlalchemy.engine:Engine", "sqlmodel:Session")
    assert offenders("zsplan.service", ("sqlalchemy", "sqlmodel", "sqlite3", "psycopg", "zsplan.render", "zsplan.cli"), allowed=allowed) == []


def test_the_store_knows_nothing_above_it() -> None:
    assert offenders("zsplan.store", ("zsplan.service", "zsplan.cli", "zsplan.render", "typer", "rich")) == []


def test_migrations_import_no_zsplan_code() -> None:
    assert offenders("zsplan.store.migrations", ("zsplan",)) == []


def test_no_cycle_inside_the_store() -> None:
    store = {module for module in MODULES if module.startswith("zsplan.store") and ".migrations" not in module}

    def imported(name: str) -> str:  # "zsplan.store:db" → "zsplan.store.db"; "zsplan.store.db:get_engine" → "zsplan.store.db"
        base, _, member = name.partition(":")
        return f"{base}.{member}" if f"{base}.{member}" in store else base

    edges = {module: {imported(name) for name in MODULES[module]} & store - {module} for module in store}

    def reachable(start: str) -> set[str]:
        seen, todo = set(), list(edges[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(edges.get(current, ()))
        return seen

    assert sorted(module for module in store if module in reachable(module)) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("zsplan.service")))
def test_the_service_modules_have_no_select_or_execute(module: str) -> None:
    path = PACKAGE.parent / Path(*module.split("."))
    source = (path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py").read_text(encoding="utf-8")
    assert [word for word in ("select(", ".execute(", ".exec(", "session.add(", "session.get(") if word in source] == []


def test_the_cli_default_stale_days_is_the_methods() -> None:
    from zsplan.analysis.pace import DEFAULT_STALE_DAYS
    from zsplan.cli.shared import DEFAULT_STALE_DAYS as CLI_DEFAULT

    assert CLI_DEFAULT == DEFAULT_STALE_DAYS == 180


def test_help_imports_no_database_or_analysis_code() -> None:
    import subprocess
    import sys

    code = "import sys, zsplan.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'rich', 'pydantic', 'yaml') or m.startswith('zsplan.analysis') or m.startswith('zsplan.store')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
