"""People import from HR exports (CSV or XLSX): read, map columns, validate, apply.

``reading`` turns a file into rows, ``columns`` matches headers to fields, ``rows`` checks
and normalises one row, ``engine`` decides new / updated / unchanged / rejected and
writes, ``errors`` writes the rejected rows back out for the office to fix.
"""
