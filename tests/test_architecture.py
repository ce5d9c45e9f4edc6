"""The direction of every import: `cms` at the bottom, `accounts` above it,
the membership domain (`groups`) on top, and no module of ours importing
another that imports it back.

Every import counts, at module level or inside a function, except the local
imports listed in LOCAL_CYCLES, each the one way round a cycle that Django's
loading order or the public contract makes unavoidable.
Run alone: `pytest tests/test_architecture.py`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["cms", "accounts", "groups"]  # each may import only those before it
LOCAL_CYCLES = {
    # The contract keeps approve()/decline() on the model; the lifecycle
    # that does the work imports the model.
    ("groups.models.membership", "groups.lifecycle"),
    # JoinPage serves the join flow, which imports the page models.
    ("groups.models.pages", "groups.joining"),
    # An app's ready() connects its signals once the models are loaded.
    ("groups.apps", "groups.signals"),
    ("cms.apps", "cms.page_cache"),
    ("cms.apps", "cms.ratelimit"),
}


def our_modules():
    """{module name: file} for every module of our apps."""
    modules = {}
    for app in LAYERS:
        for file in (ROOT / app).rglob("*.py"):
            parts = list(file.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = file
    return modules


def imports(name, file, modules):
    """The modules of ours that `name` imports: {module: True if only
    inside a function}."""
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(file.read_text())
    module_level = {id(node) for node in tree.body}
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}".rstrip(".")
            # `from groups import joining` imports groups.joining;
            # `from groups.models import Membership`, groups.models.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                local = id(node) not in module_level
                found[target] = found.get(target, True) and local
    return found


@pytest.fixture(scope="module")
def graph():
    modules = our_modules()
    return {name: imports(name, file, modules) for name, file in modules.items()}


def app_of(module):
    return module.split(".")[0]


def test_each_app_imports_only_the_apps_below_it(graph):
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if LAYERS.index(app_of(target)) > LAYERS.index(app_of(module))
    )

    assert upward == []


def test_the_local_imports_round_a_cycle_are_the_listed_ones(graph):
    local = {
        (module, target)
        for module, targets in graph.items()
        for target, only_local in targets.items()
        if only_local
    }

    assert local == LOCAL_CYCLES


def test_no_module_imports_itself_back(graph):
    graph = {
        module: {t for t in targets if (module, t) not in LOCAL_CYCLES}
        for module, targets in graph.items()
    }
    cycles = []
    state = {}  # module -> "visiting" or "done"

    def visit(module, path):
        state[module] = "visiting"
        for target in sorted(graph[module]):
            if state.get(target) == "visiting":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])

    assert cycles == []
