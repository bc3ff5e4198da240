"""What the bot does when someone writes: transport-neutral, `Inbound` in, `Outbound` out."""
