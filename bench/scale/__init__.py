"""`make bench-scale` and `make bench-load`: Cairn at statewide scale on PostgreSQL."""
