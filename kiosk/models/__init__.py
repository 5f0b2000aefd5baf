"""List models the screens show (`QAbstractListModel` subclasses over the core)."""
