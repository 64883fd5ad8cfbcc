"""Bringing the office's spreadsheets in (issue 14): members from an institution's employee
list, invoice lines for union leave, files from the previous system.

This package holds the parts every import shares and that touch no database: reading a
workbook or a CSV row by row (``sheets``), reading a cell as a date, an amount or a text
(``values``), and proposing which column holds which field from the headers (``columns``).
The imports themselves (preview, all-or-nothing writes, batches) build on them.
"""
