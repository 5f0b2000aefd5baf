"""Hypothesis profiles: `ci` (default) is bounded and has no deadline, so a busy
CI machine never fails a test for being slow; `dev` explores much more
(HYPOTHESIS_PROFILE=dev)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("dev", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
