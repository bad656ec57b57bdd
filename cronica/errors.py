"""Exceptions the library raises; the CLI turns each into a one-line message."""


class CronicaError(Exception):
    """Base of every error cronica raises on purpose."""


class ConfigError(CronicaError):
    """A setting is unknown, malformed or out of range."""


class SourceError(CronicaError):
    """An input could not be read or parsed into documents."""


class StoreError(CronicaError):
    """The database could not be opened, migrated or written."""


class ModelUnavailableError(CronicaError):
    """A language pipeline or data package that a stage needs is not installed."""
