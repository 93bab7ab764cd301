// exceljs's Workbook on its own. The package's index also loads its streaming
// reader and writer (archiver, unzipper, tmp), which irdeck never runs:
// loading the index took 190 ms of CPU, the Workbook alone 88 ms (unbundled,
// this machine). The types are the package's own.
import type ExcelJS from 'exceljs';
import WorkbookClass from 'exceljs/lib/doc/workbook.js';

export const Workbook = WorkbookClass as unknown as typeof ExcelJS.Workbook;
export type { ExcelJS };
