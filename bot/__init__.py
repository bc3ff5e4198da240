"""fieldreport-bot: reminders, step-by-step reports and digests for Party-cell meetings."""
