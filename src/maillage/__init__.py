"""Maillage: early-childhood care matching, sector recruitment and territorial observatory."""
