"""The `hitboard` command line: a thin layer over the store, the scheduler and the dashboard."""
