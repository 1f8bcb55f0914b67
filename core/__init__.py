"""What every part of hitboard shares: its settings and its vocabulary. Imports nothing else."""
