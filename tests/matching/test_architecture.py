import ast
from pathlib import Path

import maillage.matching

PACKAGE = Path(maillage.matching.__file__).parent
ALLOWED_THIRD_PARTY = {"numpy", "scipy"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_engine_imports_no_django_and_only_numpy_scipy():
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in PACKAGE.rglob("*.py"):
        third_party = imported_roots(path) - stdlib - {"maillage"}
        assert "django" not in third_party, path
        assert third_party <= ALLOWED_THIRD_PARTY, (path, third_party)


def test_engine_files_stay_small():
    for path in PACKAGE.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path
