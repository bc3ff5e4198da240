"""One module per messenger: its updates become `Inbound`, `Outbound` becomes its API calls."""
