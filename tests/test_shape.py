"""The layout's promises that import-linter and ruff cannot check: every refusal a rule
raises has a stable snake_case code; a code means one refusal; role sets are declared once;
no source module outgrows the limit."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from familjecentret.shape import MAX_MODULE_LINES, measure, source_files

SERVICES = ("booking", "forms", "network", "notify")
HELPERS = {"not_allowed", "not_found", "conflict", "invalid"}
CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _refusals(path: Path) -> list[tuple[int, ast.expr | None, ast.expr | None]]:
    """(line, code, title) of each refusal built in the module (title None: the default)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        args = list(node.args)
        if name == "Refused":
            args = args[1:]  # the kind comes first
        elif name not in HELPERS:
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        code = args[0] if args else keywords.get("code")
        # not_allowed and not_found take (code, detail, title="Forbidden"/"Not Found").
        title = keywords.get("title") if name in ("not_allowed", "not_found") else None
        if title is None and name not in ("not_allowed", "not_found") and len(args) > 1:
            title = args[1]
        found.append((node.lineno, code, title))
    return found


def _domain_modules(repo_root: Path) -> list[Path]:
    return [
        path
        for service in SERVICES
        for path in sorted((repo_root / f"services/{service}/src/fc_{service}/domain").glob("*.py"))
    ]


def test_every_service_has_the_same_layout(repo_root: Path) -> None:
    for service in SERVICES:
        package = repo_root / f"services/{service}/src/fc_{service}"
        for part in ("domain", "use_cases", "store", "api"):
            assert (package / part / "__init__.py").exists(), f"{service} has no {part}/"
        for module in ("app.py", "settings.py"):
            assert (package / module).exists(), f"{service} has no {module}"


def test_every_refusal_a_rule_raises_has_a_stable_snake_case_code(repo_root: Path) -> None:
    modules = _domain_modules(repo_root)
    assert modules
    seen = 0
    for path in modules:
        for line, code, _ in _refusals(path):
            seen += 1
            where = f"{path.relative_to(repo_root)}:{line}"
            assert isinstance(code, ast.Constant), f"{where}: the code must be a literal"
            assert isinstance(code.value, str), f"{where}: the code must be a string"
            assert CODE.match(code.value), f"{where}: {code.value!r} is not snake_case"
    assert seen > 50  # the rules really are here


def test_a_code_names_one_refusal_within_a_service(repo_root: Path) -> None:
    for service in SERVICES:
        titles: dict[str, set[str]] = defaultdict(set)
        folder = repo_root / f"services/{service}/src/fc_{service}/domain"
        for path in sorted(folder.glob("*.py")):
            for _, code, title in _refusals(path):
                if isinstance(code, ast.Constant) and isinstance(title, ast.Constant):
                    titles[str(code.value)].add(str(title.value))
        shared = {code: found for code, found in titles.items() if len(found) > 1}
        assert not shared, f"{service}: one code, several refusals: {shared}"


def test_role_sets_are_declared_once_in_the_platform(repo_root: Path) -> None:
    for path in source_files(repo_root):
        if "fc_shared" in path.parts:
            continue
        assert "require_role(" not in path.read_text(), (
            f"{path.relative_to(repo_root)} declares a role set of its own: use fc_shared.auth's"
        )


def test_no_source_module_is_over_the_limit(repo_root: Path) -> None:
    figures = measure(repo_root)
    assert not figures.files_over_400, f"over {MAX_MODULE_LINES} lines: {figures.files_over_400}"


def test_events_are_staged_only_in_use_cases(repo_root: Path) -> None:
    """A reader finds where an event is staged in its producer's use cases; SlotBooked, for
    a single booking, a held one confirmed, a series or a network meeting, in one function."""
    from fc_shared.events.contracts import ALL_EVENTS

    names = {event.__name__ for event in ALL_EVENTS}
    built: dict[str, set[str]] = defaultdict(set)
    for service in SERVICES:
        for path in sorted((repo_root / f"services/{service}/src/fc_{service}").rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                if called and node.func.id in names:  # type: ignore[attr-defined]
                    built[node.func.id].add(str(path.relative_to(repo_root)))  # type: ignore[attr-defined]
    assert built["SlotBooked"] == {"services/booking/src/fc_booking/use_cases/bookings.py"}
    for event, modules in built.items():
        assert all("/use_cases/" in module for module in modules), f"{event}: {modules}"
