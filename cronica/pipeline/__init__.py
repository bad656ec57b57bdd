"""One report's walk through cronica, as declared stages over one shared context.

``context.DocContext`` holds everything known about a report: its text, its language, its
sentences, the dates and figures of any span (found once), and what each stage adds. Each stage
(one module here, one function) declares the values it ``requires`` and ``assigns``;
``registry.Registry`` checks the order before a run and runs the stages; ``default.default_pipeline``
is the pipeline ``extract_document`` runs and ``cronica stages`` prints.
"""
