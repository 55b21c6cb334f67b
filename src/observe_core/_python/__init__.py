"""Pure-Python reference backend of observe-core (the executable form of docs/metrics.md)."""
