"""The Help menu's own commands: the guide, the shortcut list and a problem report for the clipboard."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from app.help.dialogs import GuideDialog, ShortcutsDialog, problem_report
from app.kit.actions import ActionId
from app.kit.qt import QGuiApplication, QObject, Qt

if TYPE_CHECKING:
    from app.kit.context import WindowContext

log = logging.getLogger("tessera.help")
_Dialog = TypeVar("_Dialog", GuideDialog, ShortcutsDialog)


class HelpActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        window.registry.bind(ActionId.GUIDE, self.show_guide)
        window.registry.bind(ActionId.SHORTCUTS, self.show_shortcuts)
        window.registry.bind(ActionId.REPORT_PROBLEM, self.report_problem)

    def show_guide(self) -> GuideDialog:
        return self._show(GuideDialog(self.window.dialog_parent()))

    def show_shortcuts(self) -> ShortcutsDialog:
        return self._show(ShortcutsDialog(self.window.dialog_parent()))

    def report_problem(self) -> str:
        log.info("Problem report copied to the clipboard")
        report = problem_report()
        QGuiApplication.clipboard().setText(report)
        self.window.show_status("Copied Tessera's version and recent log. Paste them into your message, "
                                "with what you were doing when it went wrong.", 15000)
        return report

    def _show(self, dialog: _Dialog) -> _Dialog:
        # Not modal: the guide can stay open beside the lesson being written.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
