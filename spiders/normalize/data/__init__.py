"""Data files the normalizers read (packaged with them)."""
