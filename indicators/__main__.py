"""`python -m indicators ...`: the command-line interface."""

from indicators.cli import main

raise SystemExit(main())
