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


PLATFORM_MATH = {
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "hypot", "power", "float_power",
    "radians", "deg2rad", "degrees", "rad2deg", "logaddexp",
}  # fmt: skip


def _argsort_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "argsort"
    )


def _stable(call: ast.Call) -> bool:
    kinds = [k.value for k in call.keywords if k.arg == "kind"]
    return bool(kinds) and isinstance(kinds[0], ast.Constant) and kinds[0].value == "stable"


def test_the_engine_takes_no_platform_mathematics_and_sorts_ties_stably():
    """No numpy or math transcendental outside portable_math (the same bits on every machine,
    see test_portable_math); every argsort is stable (SIMD sorts order ties by processor)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "portable_math.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner in {"np", "numpy", "math"} and node.attr in PLATFORM_MATH:
                found.append(f"{path.name}:{node.lineno} {owner}.{node.attr}")
        for node in ast.walk(tree):
            if _argsort_call(node) and not _stable(node):
                found.append(f"{path.name}:{node.lineno} unstable argsort")
    assert found == [], found
