"""What the catalogue holds about an indicator: its code, title, unit, polarity, window,
description, scopes, status and parameters.

Each calculator declares these beside its rule (``indicators/calculators/``), so an indicator is
defined in one place; ``reference`` seeds the catalogue from them, in the seeds' order.
"""

from dataclasses import dataclass, field

from .models import IndicatorStatus


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    unit: str
    polarity: str
    window: str
    description: str
    status: str = IndicatorStatus.LIVE
    teams: bool = True
    workers: bool = True
    parameters: dict = field(default_factory=dict)
