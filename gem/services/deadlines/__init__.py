"""The deadline engine: Québec holidays, counting per the Interpretation Act and C.p.c.
art. 83, versioned rules, deadlines on files, and what is due.

The UI, the reports and the CLI call the functions re-exported here; nothing in this package
imports Qt.
"""

from gem.services.deadlines.calendar import (
    Holiday,
    HolidayCalendar,
    easter_sunday,
    holiday_date,
    load_calendar,
)
from gem.services.deadlines.calendars import Calendars, Resolved, load_calendars
from gem.services.deadlines.compute import (
    ComputedDeadline,
    compute_adhoc,
    compute_rule,
    compute_with_version,
    length_text,
)
from gem.services.deadlines.counting import add_months, add_working_days, count
from gem.services.deadlines.due import (
    DueDeadline,
    DueHearing,
    DueSummary,
    InactiveFile,
    hearings_between,
    inactive_grievances,
    overdue_deadlines,
    upcoming_deadlines,
    what_is_due,
)
from gem.services.deadlines.files import (
    effective_due,
    explain_deadline,
    extend_deadline,
    file_deadlines,
    get_deadline,
    mark_met,
    recheck_deadlines,
    sync_file_deadlines,
    waive_deadline,
)
from gem.services.deadlines.holidays import HolidayAdded, add_proclaimed_holiday
from gem.services.deadlines.rules import (
    AffectedDeadline,
    ConfirmationRequired,
    RuleChangePreview,
    apply_rule_change,
    get_rule,
    list_rules,
    preview_rule_change,
    select_version,
    version_for,
)

__all__ = [
    "AffectedDeadline", "Calendars", "ComputedDeadline", "ConfirmationRequired", "DueDeadline",
    "DueHearing", "DueSummary", "Holiday", "HolidayAdded", "HolidayCalendar", "InactiveFile",
    "RuleChangePreview", "add_months", "add_proclaimed_holiday", "add_working_days",
    "apply_rule_change", "compute_adhoc", "compute_rule", "compute_with_version", "count",
    "easter_sunday", "effective_due", "explain_deadline", "extend_deadline", "file_deadlines",
    "get_deadline", "get_rule", "hearings_between", "holiday_date", "inactive_grievances",
    "length_text", "list_rules", "load_calendar", "load_calendars", "mark_met",
    "overdue_deadlines", "preview_rule_change", "recheck_deadlines", "Resolved",
    "select_version", "sync_file_deadlines", "upcoming_deadlines",
    "version_for", "waive_deadline", "what_is_due",
]
