"""`python -m kiosk` behaves like the `cafesach` command."""

import sys

from kiosk.main import main

sys.exit(main())
