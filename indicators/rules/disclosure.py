"""Disclosure control for everything the public sees: small counts and thin surveys are never shown as numbers, and
nothing hidden can be worked out from what is shown, today or from earlier releases.

What is protected is declared per indicator (``disclosure`` in the catalogue):

- ``people``: counts of people or of events that concern them (crimes, young people reached, visitors, respondents)
  and survey shares. The primary rules hide a count from 1 to 4 (shown ``<5``; 0 is a real zero and shown) and a
  share with fewer than 30 respondents (shown ``..``). Then the attacker's audit
  (:mod:`indicators.rules.disclosure_audit`) hides more wherever a protected figure could be narrowed from totals
  and their parts, over every release so far.
- ``none``: the actors' own work (dialogues held, safety walks, cleaning rounds, inspections): shown as counted.

The public sees ``..`` for every hidden figure with one reason, "skyddad uppgift", never which rule hid it.
Every public page, chart, map, tooltip and download reads the ``public_figure`` table that
:func:`indicators.storage.release.refresh` fills through these rules, so a cell is hidden the same way everywhere.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from indicators.rules.units import unit

SMALL_COUNT = 5
MIN_RESPONDENTS = 30

#: Why a value is not shown (the internal ``protection`` column), with the status code it is shown by.
SMALL, FEW_RESPONDENTS, COMPLEMENTARY = "small_count", "few_respondents", "complementary"
STATUS_OF = {SMALL: "small", FEW_RESPONDENTS: "suppressed", COMPLEMENTARY: "suppressed"}


class Mode(StrEnum):
    PEOPLE = "people"
    NONE = "none"


def additive(unit_code: str) -> bool:
    """Counts add up (a total is the sum of its parts), so they are the values small-count rules protect."""
    u = unit(unit_code)
    return u.integer and not u.categorical


def default_mode(unit_code: str) -> Mode:
    """Without a declaration: counts and survey shares are protected, other measures are not."""
    return Mode.PEOPLE if additive(unit_code) or unit(unit_code).needs_n else Mode.NONE


def kind(unit_code: str, mode: str) -> Literal["count", "survey"] | None:
    """What the audit protects in an indicator: counts, survey shares, or nothing."""
    if mode != Mode.PEOPLE:
        return None
    if unit(unit_code).needs_n:
        return "survey"
    return "count" if additive(unit_code) else None


def primary(value: Any, unit_code: str, n: Any, mode: str) -> str | None:
    """Why one figure is hidden by the primary rules (None: shown): a count of 1–4, a share of under 30."""
    if mode != Mode.PEOPLE or value is None or value != value:
        return None
    u = unit(unit_code)
    if additive(unit_code) and 0 < float(value) < SMALL_COUNT:
        return SMALL
    if u.needs_n and (n is None or n != n or int(n) < MIN_RESPONDENTS):
        return FEW_RESPONDENTS
    return None


def shown(protection: str | None, status_code: str | None) -> Literal["value", "small", "suppressed", "status"]:
    """How the public sees a figure: as its number, as ``<5``, as ``..``, or as a status symbol without a number."""
    if protection:
        return "small" if STATUS_OF[protection] == "small" else "suppressed"
    if status_code == "suppressed":  # a reporter's own "skyddad uppgift" looks like any other ".."
        return "suppressed"
    return "status" if status_code else "value"


# --- Activity participants: the cell key method --------------------------------------------------------------------

#: The noise added to a participant total of 5 or more, by the cell key (cumulative probability → change): zero on
#: average, at most 2 either way.
_NOISE = [(0.05, -2), (0.25, -1), (0.75, 0), (0.95, 1), (1.0, 2)]


def record_key(store_key: str, activity_id: int) -> float:
    """An activity's record key: uniform on [0, 1), fixed for the activity, unknowable without the store's key."""
    digest = hmac.new(store_key.encode(), f"activity:{activity_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def perturb(store_key: str, records: Iterable[tuple[int, int | None]]) -> tuple[int | None, str | None]:
    """A public participant total from its activities (id, participants), by the cell key method that SCB uses:
    the same activities always give the same shown total, and any other set a new, unrelated noise, so neither two
    totals nor two visits a day apart can be subtracted to get one activity's count. A total of 1–4 shows as
    ``<5`` (value None, status "small"), 0 as 0, and 5 or more as the total plus a noise of at most ±2 (never
    below 5). Returns (shown value, status)."""
    total, cell_key = 0, 0.0
    for activity_id, participants in records:
        if participants is not None and participants == participants and participants > 0:  # NaN: not counted
            total += int(participants)
            cell_key = (cell_key + record_key(store_key, activity_id)) % 1.0
    if total == 0:
        return 0, None
    if total < SMALL_COUNT:
        return None, "small"
    change = next(d for p, d in _NOISE if cell_key < p)
    return max(SMALL_COUNT, total + change), None
