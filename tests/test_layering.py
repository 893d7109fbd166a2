"""Dependencies point one way (app → publishing → editor), only app/kit/qt*.py import Qt, contracts hold."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_PACKAGES = ("PySide6", "shiboken6")
CORE_PACKAGES = ("editor", "publishing")

# Runs in a fresh interpreter so nothing imported by pytest (pytest-qt loads PySide6) leaks in.
IMPORT_CORE_WITHOUT_QT = textwrap.dedent("""
    import importlib
    import importlib.abc
    import pkgutil
    import sys

    FORBIDDEN = ("PySide6", "shiboken6", "app")

    class RefuseGuiImports(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in FORBIDDEN:
                raise ImportError(f"core code imported {name}")
            return None

    sys.meta_path.insert(0, RefuseGuiImports())
    try:
        import app.kit.qt  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the import blocker does not work")

    imported = []
    for package_name in sys.argv[1:]:
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    leaked = sorted(name for name in sys.modules if name.split(".")[0] in FORBIDDEN)
    if leaked:
        raise SystemExit(f"GUI modules loaded: {leaked}")
    print("\\n".join(imported))
""")


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` statement in ``path`` names, including imports inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def top_level(module: str) -> str:
    return module.split(".")[0]


def test_core_packages_import_without_qt_or_app() -> None:
    result = subprocess.run([sys.executable, "-c", IMPORT_CORE_WITHOUT_QT, *CORE_PACKAGES], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    imported = set(result.stdout.split())
    expected = {f"{package}.{path.stem}" for package in CORE_PACKAGES
                for path in (ROOT / package).glob("*.py") if path.stem != "__init__"}
    assert expected <= imported


def test_core_code_never_names_app_or_qt_in_an_import() -> None:
    offenders = [f"{path.relative_to(ROOT)}: {module}"
                 for package in CORE_PACKAGES for path in python_files(ROOT / package)
                 for module in imported_modules(path)
                 if top_level(module) in (*QT_PACKAGES, "app")]
    assert offenders == []


def test_publishing_is_not_imported_by_editor() -> None:
    offenders = [f"{path.relative_to(ROOT)}: {module}" for path in python_files(ROOT / "editor")
                 for module in imported_modules(path) if top_level(module) == "publishing"]
    assert offenders == []


def test_no_source_outside_app_mentions_pyside6() -> None:
    # Tests may drive the GUI; everything else that ships must stay Qt-free.
    folders = [child for child in ROOT.iterdir() if child.is_dir() and child.name not in ("app", "tests")
               and not child.name.startswith(".")]
    sources = sorted(ROOT.glob("*.py")) + [path for folder in folders for path in python_files(folder)]
    assert ROOT / "main.py" in sources and ROOT / "editor" / "render.py" in sources
    assert [str(p.relative_to(ROOT)) for p in sources if "PySide6" in p.read_text(encoding="utf-8")] == []


def test_only_app_qt_imports_qt_directly() -> None:
    direct = sorted(str(path.relative_to(ROOT)) for path in python_files(ROOT / "app")
                    if any(top_level(m) in QT_PACKAGES for m in imported_modules(path)))
    assert direct == ["app/kit/qt.py", "app/kit/qt_media.py", "app/kit/qt_web.py"]


def test_import_contracts_hold() -> None:
    """pyproject's import-linter contracts: layers, a Qt-free core, independent app features, no cycles."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout
