"""Views of the registry app, one module per concept."""
