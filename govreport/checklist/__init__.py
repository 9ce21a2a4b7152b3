"""The figures list (数据核对表): every figure of a report sent out for checking, and back.

Before a report goes to the congress its figures are checked by the departments that own them
(数据核实). ``build.py figures FILE`` writes a workbook with a row per indicator — the figure, its
words and every sentence quoting it — and empty columns for the checker; ``build.py figures
FILE --apply 核对表.xlsx`` reads the checker's corrections back into FILE (a round trip of the
YAML: comments, order and layout kept); ``build.py diff OLD NEW`` lists what changed between two
drafts.

Modules, each importing only the ones above it:

- ``rows``: the rows of the list, from a ``Report`` (figure, words, period, quoting sentences);
- ``xlsx``: what both workbooks share: widths, fonts, printing, properties from the content;
- ``sheet``: the figures workbook written (XlsxWriter);
- ``read``: a checker's workbook read back (openpyxl), every bad cell named;
- ``apply``: the corrections written into the YAML (ruamel.yaml round trip), checked, FILE.bak;
- ``diff``: two drafts compared: figures, indicators added and removed, texts; plain or a workbook;
- ``command``: the ``figures`` and ``diff`` subcommands.
"""
