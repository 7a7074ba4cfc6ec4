"""Printed documents: laid out with QTextDocument, written to PDF or sent to a printer."""
