"""Importing existing household lists from Excel (issue #7): safe reading, header detection, column
mapping, legacy TCVN3/VNI text, the three list layouts, matching against the database, and the
all-or-nothing write. The entry points are in `ranoat.operations.importing`."""
