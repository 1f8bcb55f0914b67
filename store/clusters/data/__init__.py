"""Data the matcher reads: companies.csv (brands, agencies and vendors, with sources)."""
