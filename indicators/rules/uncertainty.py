"""How uncertain a survey share is: the 95 % Wilson score interval, drawn as error bars on the charts and used by the
disclosure audit to say how wide a hidden share must stay."""

from __future__ import annotations

import math

#: The 97.5th percentile of the standard normal distribution (a two-sided 95 % interval).
Z95 = 1.959963984540054


def _centre_and_half(share: float, n: int) -> tuple[float, float]:
    z2 = Z95 * Z95
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre, half


def wilson(share_percent: float, n: int) -> tuple[float, float]:
    """The 95 % Wilson interval of a survey share (in per cent) with n respondents, unrounded: what shows it rounds
    it once (rounded here to two decimals, then to the one shown, 11,351 became 11,3)."""
    centre, half = _centre_and_half(min(max(share_percent / 100.0, 0.0), 1.0), n)
    return 100 * max(centre - half, 0.0), 100 * min(centre + half, 1.0)


def width(share: float, n: int) -> float:
    """The width of the 95 % Wilson interval of a share (a fraction, 0–1) with n respondents."""
    return 2 * _centre_and_half(share, n)[1]
