// exceljs ships types for its index only; its Workbook module is the same class.
declare module 'exceljs/lib/doc/workbook.js' {
  const Workbook: unknown;
  export default Workbook;
}
