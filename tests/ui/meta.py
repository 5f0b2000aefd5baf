"""Reading a QML item's meta-object in a test without leaving its handle behind.

A QML type's meta-object lives only as long as its engine, but the binding keeps
the Python handle of each one it hands out registered by address, for as long as
the item's own handle lives. Once that test's kiosk was gone, a later test's new
object at the same address came back as the stale `QMetaObject` (a later walk of
`childItems()` got a `QMetaObject` where an item was). So each meta-object made
by the engine is dropped from the binding (`shiboken6.invalidate`: the C++ side
is untouched) as soon as what the test needs is read from it; only plain values
are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _made_by_engine(meta: Any) -> bool:
    return "_QML" in meta.className()  # never a static C++ meta-object


def read_meta(obj: Any, read: Callable[[Any], T]) -> T:
    """`read(obj.metaObject())`, with no handle on a QML meta-object left behind."""
    import shiboken6

    meta = obj.metaObject()
    try:
        return read(meta)
    finally:
        if _made_by_engine(meta):
            shiboken6.invalidate(meta)


def class_name(obj: Any) -> str:
    """The class name of `obj`'s meta-object (e.g. `QQuickImage`, `KButton_QMLTYPE_12`)."""
    return read_meta(obj, lambda meta: meta.className())


def has_signal(obj: Any, signature: str) -> bool:
    """Whether `obj` has this signal, e.g. `clicked()`."""
    return read_meta(obj, lambda meta: meta.indexOfSignal(signature) >= 0)


def qml_types(obj: Any) -> set[str]:
    """The QML files' types `obj` is made of (its own and those it derives from), as names."""
    import shiboken6

    names, meta = set(), obj.metaObject()
    while meta is not None:
        name = meta.className()
        upper = meta.superClass()
        if _made_by_engine(meta):
            if "_QMLTYPE_" in name:
                names.add(name.split("_QMLTYPE_")[0])
            shiboken6.invalidate(meta)
        meta = upper
    return names
