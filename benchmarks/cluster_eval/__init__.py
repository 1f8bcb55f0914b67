"""Cluster evaluation: the generated set, the real captures and their hand labels."""
