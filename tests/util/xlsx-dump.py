#!/usr/bin/python3
# A second reader for the data book tests: openpyxl (Debian's python3-openpyxl)
# opens an .xlsx and prints every sheet as JSON: its cells (value; formula
# text when it has one, with the cached value beside it), number formats, bold
# and italic, frozen panes and column widths.
#   xlsx-dump.py BOOK.xlsx            -> JSON on stdout
#   xlsx-dump.py BOOK.xlsx --strip OUT -> OUT: the same workbook without cached formula results
import json, sys
import openpyxl

path = sys.argv[1]
if len(sys.argv) > 3 and sys.argv[2] == '--strip':
    # openpyxl writes formulas without cached values: a workbook only a calculating reader can show
    openpyxl.load_workbook(path).save(sys.argv[3])
    sys.exit(0)

formulas = openpyxl.load_workbook(path)
values = openpyxl.load_workbook(path, data_only=True)
out = {'sheets': []}
for ws in formulas.worksheets:
    wv = values[ws.title]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            v = wv[c.coordinate].value
            e = {'v': v}
            if c.data_type == 'f':
                e['f'] = str(c.value)
            if c.number_format != 'General':
                e['fmt'] = c.number_format
            if c.font is not None and c.font.b:
                e['b'] = True
            if c.font is not None and c.font.i:
                e['i'] = True
            cells[c.coordinate] = e
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    out['sheets'].append({'name': ws.title, 'freeze': ws.freeze_panes, 'cells': cells, 'widths': widths})
json.dump(out, sys.stdout, default=str)
