#!/usr/bin/env python3
"""An independent reader (openpyxl) checks fiducia's XLSX against its CSV files of the same audit.

usage: xlsx_check.py REPORT.xlsx CSV_DIR SHEET_NAME...   (sheet names in table order)
Exit 0 when every check holds; prints what differs otherwise.
"""
import csv
import datetime
import os
import sys

import openpyxl

TABLES = ["summary", "findings_silence", "findings_wording", "findings_promises",
          "findings_discordance", "findings_trust", "findings_team", "channels", "agents",
          "waiting", "grid", "promises", "heatmap"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fail(message):
    print("xlsx_check:", message)
    sys.exit(1)


def check_sheet(ws, rows, table):
    if ws.freeze_panes != "A2":
        fail(f"{table}: header row not frozen ({ws.freeze_panes})")
    if not ws.auto_filter.ref:
        fail(f"{table}: no filter on the header row")
    body = list(ws.iter_rows(min_row=2, values_only=False))
    if len(body) != len(rows) - 1:
        fail(f"{table}: {len(body)} rows in the sheet, {len(rows) - 1} in the CSV")
    header = rows[0]
    for cells, expected in zip(body, rows[1:]):
        for cell, column, text in zip(cells, header, expected):
            check_cell(cell, column, text, table)


def check_cell(cell, column, text, table):
    value = cell.value
    if cell.data_type == "f":
        fail(f"{table}.{column}: a formula: {value!r}")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        fail(f"{table}.{column}: text that a spreadsheet reads as a formula: {value!r}")
    if column in ("at", "since"):
        if not isinstance(value, datetime.datetime):
            fail(f"{table}.{column}: not an Excel date: {value!r}")
        if value.strftime("%Y-%m-%dT%H:%M") != text[:16]:
            fail(f"{table}.{column}: {value} is not {text}")
    elif column.endswith("_hours") and text != "":
        if abs(float(value) - float(text)) > 0.006:
            fail(f"{table}.{column}: {value} hours, CSV says {text}")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if abs(float(value) - float(text)) > 0.0001:
            fail(f"{table}.{column}: {value}, CSV says {text}")
    elif (value or "") != text:
        fail(f"{table}.{column}: {value!r}, CSV says {text!r}")


def main():
    path, csv_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    book = openpyxl.load_workbook(path)
    if book.sheetnames != names:
        fail(f"sheets {book.sheetnames}, expected {names}")
    for table, name in zip(TABLES, names):
        with open(os.path.join(csv_dir, table + ".csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        check_sheet(book[name], rows, table)
    print(f"xlsx_check: {len(names)} sheets agree with the CSV files")


if __name__ == "__main__":
    main()
