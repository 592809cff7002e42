"""Rules of the codebase's shape, checked on every run."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[1] / "src" / "maillage"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_matching_engine_imports_no_django():
    engine_files = list((SRC / "matching").rglob("*.py"))
    assert engine_files, "maillage.matching is missing"
    offenders = {
        str(path.relative_to(SRC)): sorted(n for n in _imports(path) if n.split(".")[0] == "django")
        for path in engine_files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_engine_does_not_import_the_web_apps():
    web_apps = {"territory", "accounts", "childcare", "families", "jobs", "observatory", "api"}
    for path in (SRC / "matching").rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            assert not (parts[0] == "maillage" and len(parts) > 1 and parts[1] in web_apps), (
                f"{path.name} imports {name}"
            )


def test_models_do_not_import_views():
    for path in SRC.rglob("models*.py"):
        assert not any(".views" in name for name in _imports(path)), path


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_source_files_stay_small(path):
    if "migrations" in path.parts:
        return
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{path} has {lines} lines: split it by concept"


@pytest.mark.django_db
def test_no_missing_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
