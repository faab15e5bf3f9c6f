"""The format: reading, validating and describing worksheets, settings and assignments."""
