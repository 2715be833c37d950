"""What state an account is in, as the users page and `users list` on the command line both say it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class AccountState(StrEnum):
    ACTIVE = "active"  # signs in
    WAITING = "waiting"  # sign-ins as it wait after too many failures, from some client (until ``locked_until``)
    DISABLED = "disabled"  # an admin disabled it: no sign-in at all


def account_state(disabled: bool, locked_until: dt.datetime | None, now: dt.datetime) -> AccountState:
    """A disabled account is disabled whatever else holds; an account whose wait has not yet run out at ``now``
    waits; any other is active (a wait that has run out, or a lock from before, is no longer a state)."""
    if disabled:
        return AccountState.DISABLED
    if locked_until is not None:
        until = locked_until if locked_until.tzinfo else locked_until.replace(tzinfo=dt.UTC)  # the store keeps UTC
        if until > now:
            return AccountState.WAITING
    return AccountState.ACTIVE
