"""The pdfplumber peer: open each PDF and extract the tables of every page.

Usage: python3 bench/plumber_tables.py FILE.pdf...
Prints one line per file (pages, tables, rows) so the work cannot be skipped.
"""
import sys

import pdfplumber


def main(paths):
    for path in paths:
        tables = rows = 0
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for table in page.extract_tables():
                    tables += 1
                    rows += len(table)
                page.close()
            print(f"{path}\tpages={len(pdf.pages)}\ttables={tables}\trows={rows}")


if __name__ == "__main__":
    main(sys.argv[1:])
