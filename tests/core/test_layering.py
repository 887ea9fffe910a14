"""The house rules that keep the code easy to change, checked on the source itself:
apps import one way only, awards and revocations have one door, modules stay small
and are split into packages, not suffixed siblings."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lower first: an app may import only apps before it in this list.
LAYERS = [
    "core",
    "accounts",
    "competencies",
    "badges",
    "pathways",
    "evidence",
    "courses",
    "coaching",
    "console",
]
MAX_LINES = 400


def app_modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_app_imports_a_higher_one():
    wrong = []
    for app, path in app_modules():
        allowed = set(LAYERS[: LAYERS.index(app) + 1])
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in LAYERS and top not in allowed:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
            if top in {"config", "demo"}:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_core_and_accounts_import_no_higher_app_and_badges_neither_pathways_nor_evidence():
    # The same rule as above, spelled out for the layers the house is built on.
    for app, path in app_modules():
        tops = {m.split(".")[0] for m in imported_modules(path)}
        if app == "core":
            assert not tops & set(LAYERS[1:]), path
        if app == "accounts":
            assert not tops & set(LAYERS[2:]), path
        if app == "badges":
            assert not tops & {"pathways", "evidence", "courses", "coaching"}, path


# "assertion_issue" covers assertion_issue_to_email too.
RAW_WRITES = {"assertion_issue", "assertion_record_claim", "assertion_record_revocation"}


def test_awards_and_revocations_have_one_door():
    """Only the door (the pathways.services.awards package) calls the raw assertion
    writes; the rest of the code, commands, admin and demo seed included, goes through
    the door."""
    door = sorted((ROOT / "pathways" / "services" / "awards").glob("*.py"))
    home = ROOT / "badges" / "services" / "assertions.py"
    callers = []
    for path in [*sorted(ROOT.glob("*/**/*.py"))]:
        if ".venv" in path.parts or "tests" in path.parts or path in (*door, home):
            continue
        text = path.read_text()
        if any(name in text for name in RAW_WRITES):
            callers.append(str(path.relative_to(ROOT)))
    assert callers == []
    door_text = "".join(path.read_text() for path in door)
    assert all(name in door_text for name in RAW_WRITES)


def test_no_suffixed_sibling_modules():
    suffixed = [
        str(path.relative_to(ROOT))
        for _, path in app_modules()
        if path.stem.endswith(("_ob2", "_ob3", "_pathways", "_common"))
    ]
    assert suffixed == []


@pytest.mark.parametrize("app", LAYERS)
def test_no_module_is_over_the_limit(app):
    long = [
        f"{path.relative_to(ROOT)} ({n} lines)"
        for a, path in app_modules()
        if a == app and (n := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []
