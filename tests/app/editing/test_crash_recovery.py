"""After a kill -9 the next start offers the unsaved edits (real process, real SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from app.kit.settings import Settings
from app.shell.main_window import MainWindow
from editor.recovery import RecoveryStore
from editor.workspace import Workspace

ROOT = Path(__file__).resolve().parents[3]

EDITING_SESSION = textwrap.dedent("""
    import sys
    from pathlib import Path
    from app.kit.qt import QApplication, QTimer
    from app.shell.main_window import MainWindow
    from app.kit.settings import Settings
    from editor.workspace import Workspace

    app = QApplication([])
    window = MainWindow(Settings())
    window.editor.set_autosave_seconds(60)      # only the journal may save us
    workspace = Workspace.open(Path(sys.argv[1]))
    window.open_workspace(workspace)
    window.show()
    window.open_item(workspace.items()[0])
    editor = window.editor.source
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("\\nTyped just before the crash.\\n")

    def report():
        journal = list(Path(sys.argv[2]).glob("*.json"))
        if journal:
            print("JOURNALED", flush=True)
        else:
            QTimer.singleShot(100, report)

    QTimer.singleShot(100, report)
    app.exec()
""")


def test_kill_9_then_restart_offers_the_unsaved_text(qtbot, workspace: Workspace, tessera_home: Path) -> None:
    folder = workspace.new_lesson("Crash test")
    on_disk = (folder / "lesson.md").read_bytes()
    journal_dir = RecoveryStore().folder
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", EDITING_SESSION, str(workspace.root), str(journal_dir)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "JOURNALED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert (folder / "lesson.md").read_bytes() == on_disk          # autosave never ran

    pending = RecoveryStore().pending()
    assert [edit.source for edit in pending] == [(folder / "lesson.md").resolve()]
    assert "Typed just before the crash." in pending[0].text

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(workspace)
    item = workspace.read_item(folder / "lesson.md")
    window.open_item(item, recovered=pending[0].text)
    assert "Typed just before the crash." in window.editor.source.text()
    assert window.editor.session is not None and window.editor.session.dirty
    window.save()
    assert "Typed just before the crash." in (folder / "lesson.md").read_text()
    assert RecoveryStore().pending() == []
    window.editor.close_item()


def test_start_up_offers_recovered_edits_and_restores_them(qtbot, workspace: Workspace) -> None:
    from app.kit.qt import QApplication, QMessageBox, QTimer

    folder = workspace.new_lesson("Half-written")
    RecoveryStore().record(folder / "lesson.md", (folder / "lesson.md").read_text() + "\nRescued line.\n")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.open_workspace(workspace)
    window.show()
    seen: list[str] = []

    def press_restore() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, press_restore)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Restore").click()

    QTimer.singleShot(50, press_restore)
    window.after_start()
    assert seen and "Half-written" in seen[0]
    assert window.editor.item is not None and window.editor.item.path == folder
    assert "Rescued line." in window.editor.source.text()
    assert window.editor.session is not None and window.editor.session.dirty
    window.editor.close_item()
