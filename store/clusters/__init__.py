"""One job, one cluster: matching postings across sources and runs (docs/clusters.md).

fingerprints (what is kept of a posting) → matching (the pair rule) → grouping (pairs to
clusters) → sync (kept up to date by the store's writers) → signals (what is shown).
"""
