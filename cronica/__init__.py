"""cronica: news reports in, auditable protest and political-violence event data out."""

__version__ = "0.1.0"
