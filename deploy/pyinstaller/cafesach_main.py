"""Entry point of the frozen `cafesach` executable: the same `main` as the console script.

`kiosk.main.main` calls `multiprocessing.freeze_support()` first, so a worker
started with the spawn method (the document worker, speech) re-enters here
and runs its target instead of the command line.
"""

import sys

from kiosk.main import main

if __name__ == "__main__":
    sys.exit(main())
