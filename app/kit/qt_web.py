"""Qt WebEngine names, imported only when the first web view is created (see app/kit/qt.py)."""

from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineScript, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

__all__ = ["QWebEnginePage", "QWebEngineProfile", "QWebEngineScript", "QWebEngineSettings", "QWebEngineView"]
