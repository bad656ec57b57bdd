"""Running the pipeline: ``process_shard``, executors, run manifests and progress."""

from cronica.run.shard import DocResult, ShardResult, process_shard

__all__ = ["DocResult", "ShardResult", "process_shard"]
