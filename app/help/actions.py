"""The Help menu's own commands: the guide, the shortcut list and a problem report for the clipboard."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from app.kit.actions import ActionId
from app.kit.qt import QGuiApplication, QObject, Qt

if TYPE_CHECKING:
    from app.help.dialogs import GuideDialog, ShortcutsDialog
    from app.kit.context import WindowContext

log = logging.getLogger("tessera.help")
_Dialog = TypeVar("_Dialog", "GuideDialog", "ShortcutsDialog")


class HelpActions(QObject):
    def __init__(self, window: WindowContext, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window
        window.registry.bind(ActionId.GUIDE, self.show_guide)
        window.registry.bind(ActionId.SHORTCUTS, self.show_shortcuts)
        window.registry.bind(ActionId.REPORT_PROBLEM, self.report_problem)

    # The dialogs' module loads with the first of them: start-up never needs it.
    def show_guide(self) -> GuideDialog:
        from app.help.dialogs import GuideDialog
        return self._show(GuideDialog(self.window.dialog_parent()))

    def show_shortcuts(self) -> ShortcutsDialog:
        from app.help.dialogs import ShortcutsDialog
        return self._show(ShortcutsDialog(self.window.dialog_parent()))

    def report_problem(self) -> str:
        from app.help.dialogs import problem_report
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
