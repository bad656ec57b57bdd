"""Language identification, sentence segmentation and the spaCy pipelines."""
