"""Entry point: `python bot.py [run|demo|migrate|import|invite] …` (see README)."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
