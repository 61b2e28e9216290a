"""Floors that point down: the import graph checked against the layer order.

The order (the README's layout, `../shared/brief/architecture.md`):

- `lib` is pure Python: it imports no app and no Django.
- Domain modules (models, services, queries…) stand on it in a fixed rank of
  apps; each imports only domain modules of apps of a lower rank, so apps of
  equal rank are independent and no two apps import each other.
- Interface modules (views, API, commands, forms, tables, templatetags,
  renderers, app wiring) sit above every domain module and may read any of
  them, but never another app's interface modules: the dashboard and the role
  homes are pages, not libraries.
- A few cross-cutting modules (the access policy, the audit trail, the
  project's request helpers in `chiiki`) may be used from everywhere above lib.
- `chiiki.api` and `chiiki.urls` wire everything together at the top.

The graph comes from grimp (import-linter's engine), which also sees imports
inside functions. The checker is a plain function, so a test can show that it
fails when an upward import is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import grimp
import pytest

#: Rank of each top-level package; a module may import packages of lower rank.
RANKS: dict[str, int] = {
    "lib": 0,
    "chiiki": 1,
    "audit": 2,
    "geo": 3,
    "programmes": 4,
    "accounts": 5,
    "reports": 6,
    "targets": 7,
    "evaluations": 7,
    "sheets": 8,
    "impact": 8,
    "dashboard": 9,
    "home": 9,
    "demo": 10,
}

#: Apps that are only pages (every module is on the interface floor).
INTERFACE_APPS = frozenset({"dashboard", "home", "demo"})

#: Module names (any dotted segment) that make a module an interface module.
INTERFACE_PARTS = frozenset(
    {
        "views",
        "api",
        "urls",
        "admin",
        "management",
        "templatetags",
        "forms",
        "tables",
        "filtersets",
        "render",
        "apps",
        "rules",
    }
)

#: Modules every floor above lib may use: access, audit trail, request helpers.
CROSS_CUTTING = (
    "chiiki",
    "accounts.policy",
    "accounts.access",
    "audit.models",
    "audit.signals",
    "audit.transitions",
    "audit.context",
    "audit.concurrency",
)

#: The project's wiring: may import anything, and nothing may import it.
TOP = ("chiiki.api", "chiiki.urls", "chiiki.settings", "chiiki.asgi", "chiiki.wsgi")


def _package(module: str) -> str:
    return module.split(".", 1)[0]


def _within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def is_interface(module: str) -> bool:
    parts = module.split(".")
    if parts[0] == "lib":
        return False
    return parts[0] in INTERFACE_APPS or not INTERFACE_PARTS.isdisjoint(parts[1:])


def violations(imports: Iterable[tuple[str, str]]) -> list[str]:
    """The imports (importer, imported) that break the layer order."""
    found = []
    for importer, imported in imports:
        if problem := _problem(importer, imported):
            found.append(f"{importer} -> {imported}: {problem}")
    return found


def _problem(importer: str, imported: str) -> str | None:
    source, target = _package(importer), _package(imported)
    if source not in RANKS or _within(importer, TOP):
        return None
    if target not in RANKS:
        is_django = target == "django"
        return "lib must not use Django" if source == "lib" and is_django else None
    if _within(imported, TOP):
        return "nothing imports the wiring"
    if source == "lib":
        return "lib imports no app" if target != "lib" else None
    if source == target or _within(imported, CROSS_CUTTING):
        return None
    if is_interface(imported):
        return f"another app's interface module ({target})"
    if is_interface(importer) or RANKS[target] < RANKS[source]:
        return None
    return (
        f"{source} (rank {RANKS[source]}) may not import {target} "
        f"(rank {RANKS[target]})"
    )


def lib_cycles(imports: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Import cycles between modules of lib (each is one design knot)."""
    graph: dict[str, set[str]] = {}
    for importer, imported in imports:
        if _package(importer) == "lib" == _package(imported) and importer != imported:
            graph.setdefault(importer, set()).add(imported)
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


@cache
def project_imports() -> tuple[tuple[str, str], ...]:
    graph = grimp.build_graph(*RANKS, include_external_packages=True, cache_dir=None)
    edges = []
    for module in sorted(graph.modules):
        if ".tests" in module or ".migrations" in module:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if ".tests" not in imported:
                edges.append((module, imported))
    return tuple(edges)


def test_every_import_points_down() -> None:
    assert violations(project_imports()) == []


def test_lib_has_no_import_cycle() -> None:
    assert lib_cycles(project_imports()) == []


@pytest.mark.parametrize(
    "upward",
    [
        ("programmes.models", "reports.models"),
        ("reports.services", "sheets.services"),
        ("targets.services", "evaluations.models"),
        ("lib.money", "programmes.models"),
        ("lib.money", "django.conf"),
        ("reports.views", "chiiki.api"),
        ("programmes.views", "dashboard.maps"),
        ("sheets.services", "targets.views"),
    ],
)
def test_it_fails_when_an_upward_import_is_added(upward: tuple[str, str]) -> None:
    assert violations([*project_imports(), upward]) != []


def test_it_finds_a_cycle_in_lib() -> None:
    knot = [("lib.tables", "lib.xlsx"), ("lib.xlsx", "lib.tables")]
    assert lib_cycles([*project_imports(), *knot]) != []
