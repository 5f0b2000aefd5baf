"""The librarian panel: QML screens (`*.qml` here) and their Python controllers.

`kiosk.admin.panel.install(app)` adds it to a running `KioskApp`; see
docs/librarian.md for the properties and signals the QML exposes.
"""
