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


class ExtractionLimitError(CronicaError):
    """One report would take more work than the limits allow (``max_document_chars``,
    ``extract_timeout_s``); the report fails alone, with this message as its reason."""


class DocumentTooLongError(ExtractionLimitError):
    """A report is longer than ``max_document_chars`` after normalisation."""


class ExtractionTimeoutError(ExtractionLimitError):
    """Extracting one report took longer than ``extract_timeout_s``."""


class InvalidCursor(CronicaError, ValueError):
    """A page cursor that this server did not write, or that was changed on the way."""
