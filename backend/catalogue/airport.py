"""Airport-transfer timing: when bags must be ready for a to-airport pickup (domain.md §1)."""

from __future__ import annotations

from datetime import time

from catalogue.models import AirportTransferConfig


def bags_ready_time(flight_time: time) -> time:
    """Early flights need bags ready early; the hours are catalogue data."""
    config = AirportTransferConfig.load()
    return config.early_ready_time if flight_time < config.early_flight_before else config.late_ready_time
