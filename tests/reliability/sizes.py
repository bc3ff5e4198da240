"""How big the reliability runs are: small in CI, raised by `bench/` (or by hand) through the
environment, e.g. `RELIABILITY_KILLS=200`."""

from __future__ import annotations

import os


def _size(name: str, ci_default: int) -> int:
    return int(os.environ.get(f"RELIABILITY_{name}", ci_default))


# kill -9 at random moments during several cadres' reports
KILLS = _size("KILLS", 2)
CADRES = _size("CADRES", 2)
# updates queued before a kill -9, all to be answered after the restart
BACKLOG = _size("BACKLOG", 100)
# hypothesis examples of random, malformed and unknown updates (each a batch)
FUZZ_EXAMPLES = _size("FUZZ_EXAMPLES", 25)
