"""Tệp → Nhập danh sách từ Excel…: the import wizard, one module per page (issue #7).

1. `file_page`: the file and its sheet.
2. `mapping_page`: the header rows and which column holds which field, suggested from the header
   text (or the mapping remembered for the same headers); the mapping can be saved for `ranoat import`.
3. `preview_page`: every row, every problem highlighted with its message, legacy (TCVN3/VNI) text
   shown before → after.
4. `matches_page`: households already in the database: update, skip or add as new, per household.
5. `run_page`: the import itself, off the GUI thread with progress and cancel, then the report.

`wizard` holds the pages together and runs their work on a worker thread; `common` holds what the
pages share. The core does the work (`ranoat.operations.importing`); the wizard only shows it.
"""

from ui.dialogs.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
