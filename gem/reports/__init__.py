"""Reports: definitions (query + columns + totals + parameters) rendered to PDF and Excel.

No Qt here: the window (gem.ui.reports_view), the CLI (``gem report``) and the tests run the
same definitions through :func:`run_report`.
"""

from gem.reports.base import NO_DATA, Chart, Column, Facts, Paragraphs, Report, Table
from gem.reports.params import Param
from gem.reports.registry import (
    ReportDefinition,
    UnsupportedFormat,
    build_report,
    get_report,
    report_names,
    run_report,
    write_report,
)

__all__ = [
    "NO_DATA", "Chart", "Column", "Facts", "Paragraphs", "Param", "Report", "ReportDefinition",
    "Table", "UnsupportedFormat", "build_report", "get_report", "report_names", "run_report",
    "write_report",
]
