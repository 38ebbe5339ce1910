from auditlog.registry import auditlog

from .models import Benchmark, Commentary, Indicator, Milestone, MonthSignOff, Scorecard, ScorecardRow, ThresholdSet

# Configuration and the acts of people (comments, sign-off) are audited; computed
# snapshots are not: they are derived, and their runs are recorded in ComputationRun.
for model in (Indicator, Scorecard, ScorecardRow, ThresholdSet, Benchmark, Milestone, Commentary, MonthSignOff):
    auditlog.register(model)
