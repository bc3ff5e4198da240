"""Digests for the standing committee: aggregation (pure), the message, the chart, the
spreadsheet, and the periods and schedules they cover."""
