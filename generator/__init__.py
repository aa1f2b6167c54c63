"""coursegen: course chapters written in YAML, turned into a MkDocs Material site.

The pipeline is one module a step: ``load`` (YAML to values with positions), ``validate``
(values to the typed model in ``model``), ``render`` (model to Markdown through Jinja2
templates) and ``write`` (Markdown into ``docs/``, then ``site`` runs MkDocs).
"""
