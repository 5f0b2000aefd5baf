"""PyInstaller runtime hook: set up the frozen app before any of our code runs.

- espeak-ng finds its voice data through `ESPEAK_DATA_PATH` (the folder that
  holds `espeak-ng-data/`); the bundle carries the Vietnamese part of it.
  A value already set by the technician wins.
- `libespeak-ng.so.1` sits at the top of the bundle; PyInstaller's ctypes hook
  finds it there when pyttsx3 loads it by name.
- The bootloader put the bundle on `LD_LIBRARY_PATH` and restarted itself, so
  this process already found its libraries (the loader reads the variable only
  at start). We put the original value back, so the system programs the app
  starts (udisksctl, zbarimg, ffprobe, nmcli, xdg-open) load the system's
  libraries, not the bundle's copies. Our own spawned workers are the bundle's
  executable again, whose bootloader sets the variable for itself.
- Qt finds the bundled plugins and QML modules by itself: the PySide6
  wheels' Qt is relocatable (its prefix is where libQt6Core lies) and the
  bundle keeps the wheel's layout. PyInstaller's PySide6 hook, which
  imported QtCore in every process to set paths, is left out (see
  RUNTIME_HOOKS_DROPPED in build.spec).
- Nothing about multiprocessing is changed here: the workers ask for the
  spawn context themselves, and `kiosk.main.main` calls `freeze_support()`
  so a spawned child of the frozen executable runs its target. The self-test's
  `spawn` and `documents` checks prove it in every `make test`.
"""


def _setup() -> None:
    import os
    import sys

    bundle = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
    if os.path.isdir(os.path.join(bundle, "espeak-ng-data")):
        os.environ.setdefault("ESPEAK_DATA_PATH", bundle)
    if sys.platform.startswith("linux") and "LD_LIBRARY_PATH_ORIG" in os.environ:
        original = os.environ.pop("LD_LIBRARY_PATH_ORIG")
        os.environ["LD_LIBRARY_PATH"] = original
    elif sys.platform.startswith("linux"):
        os.environ.pop("LD_LIBRARY_PATH", None)


_setup()
