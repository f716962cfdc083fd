"""Writes of the early-warning app, one module per concept. Each is one transaction."""
