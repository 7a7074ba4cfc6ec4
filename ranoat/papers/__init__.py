"""The papers of a review round as Word documents (Decision 24/2021/QĐ-TTg; docs/papers.md).

Mẫu số 02 (the chair's decision with the lists annexed), Mẫu số 03 (the certificates), Mẫu số 01
and 04 (the households' requests, pre-filled), the minutes of the village meetings and the posting
notice with its list. This package lays out plain data given to it (`fields` says which): it reads
no database — `ranoat.operations.papers` does, and hands the data over. Templates are .docx files
with docxtpl (Jinja) fields, shipped in `resources/papers/` and replaceable by a province's own.
"""
