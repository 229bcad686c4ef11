"""The insatser pages, one module per subject (insats, rekvisitioner,
rapporter, ekonomi, export). Thin: access, selectors and services do the work."""
