"""Measure the services' shape, and fail `make lint` on a module that outgrew it.

`python -m familjecentret.shape` prints the figures the issue that settled the layout asked
for (long files, long functions, refusals raised outside domain modules, untyped rows in
signatures); `--check` exits non-zero when a source module is over MAX_MODULE_LINES, the
one limit ruff has no rule for. Function length is backed by ruff's statement and branch
limits; this only reports it.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer

MAX_MODULE_LINES = 400
LONG_FILE_LINES = 300
LONG_FUNCTION_LINES = 40
SOURCE_ROOTS = ("shared/src", "services/booking/src", "services/forms/src",
                "services/network/src", "services/notify/src", "src")  # fmt: skip
REFUSAL_NAMES = frozenset({"Problem", "HTTPException", "Refused", "LoggedRefusal"})
REFUSAL_HELPERS = frozenset({"not_allowed", "not_found", "conflict", "invalid"})

app = typer.Typer(add_completion=False)


@dataclass(frozen=True, slots=True)
class Figures:
    files_over_300: list[tuple[str, int]]
    files_over_400: list[tuple[str, int]]
    functions_over_40: list[tuple[str, int]]
    refusals_outside_domain: list[str]
    untyped_rows_in_signatures: list[str]


def source_files(root: Path) -> Iterator[Path]:
    for base in SOURCE_ROOTS:
        for path in sorted((root / base).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_domain(path: Path) -> bool:
    return "domain" in path.parts or path.name == "domain.py"


def _raised_refusal(node: ast.Raise) -> bool:
    call = node.exc
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name in REFUSAL_HELPERS:
        return True
    if name not in REFUSAL_NAMES or not call.args:
        return name == "Refused"
    status = call.args[0]
    # Only refusals (4xx other than 401): a 401 or a 503 is the edge's, not a rule's.
    return not (isinstance(status, ast.Constant) and status.value in (401, 500, 503))


def _untyped(annotation: ast.expr | None) -> bool:
    return annotation is not None and "dict[str, Any]" in ast.unparse(annotation)


def _signature_has_untyped_rows(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    return _untyped(node.returns) or any(_untyped(arg.annotation) for arg in arguments)


def measure(root: Path) -> Figures:
    figures = Figures([], [], [], [], [])
    for path in source_files(root):
        relative = str(path.relative_to(root))
        text = path.read_text()
        lines = text.count("\n")
        if lines > LONG_FILE_LINES:
            figures.files_over_300.append((relative, lines))
        if lines > MAX_MODULE_LINES:
            figures.files_over_400.append((relative, lines))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONG_FUNCTION_LINES:
                    figures.functions_over_40.append((f"{relative}:{node.name}", length))
                if _signature_has_untyped_rows(node):
                    figures.untyped_rows_in_signatures.append(f"{relative}:{node.name}")
            elif isinstance(node, ast.Raise) and not _is_domain(path) and _raised_refusal(node):
                figures.refusals_outside_domain.append(f"{relative}:{node.lineno}")
    return figures


@app.command()
def main(
    check: bool = typer.Option(False, help="Fail on a module over the limit."),
    root: Path = typer.Option(Path(), help="The repository's root."),
    verbose: bool = typer.Option(False, help="List every finding."),
) -> None:
    figures = measure(root)
    if not check or verbose:
        for label, found in (
            ("files over 300 lines", figures.files_over_300),
            ("functions over 40 lines", figures.functions_over_40),
            ("refusals raised outside domain modules", figures.refusals_outside_domain),
            ("dict[str, Any] in signatures", figures.untyped_rows_in_signatures),
        ):
            typer.echo(f"{label}: {len(found)}")
            if verbose:
                for item in found:
                    typer.echo(f"  {item}")
    if check and figures.files_over_400:
        for name, lines in figures.files_over_400:
            typer.echo(f"{name}: {lines} lines, over the limit of {MAX_MODULE_LINES}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    app()
