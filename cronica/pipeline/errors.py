"""What goes wrong when stages are declared or ordered badly."""

from __future__ import annotations

from cronica.errors import CronicaError


class PipelineError(CronicaError):
    """A pipeline of stages is declared, ordered or run against its declarations."""


class StageOrderError(PipelineError):
    """A stage requires a value that no stage before it assigns."""

    def __init__(self, stage: str, missing: str, available: tuple[str, ...]) -> None:
        self.stage = stage
        self.missing = missing
        known = ", ".join(available) or "nothing"
        super().__init__(
            f"stage {stage!r} requires {missing!r}, which no stage before it assigns "
            f"(assigned by then: {known})"
        )


class StageDeclarationError(PipelineError):
    """A stage is registered twice, or reads or writes a value it does not declare."""


class UnassignedValueError(PipelineError):
    """A value of the context was read before any stage assigned it."""
