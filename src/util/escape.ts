// HTML/XML text escaping for the pages irdeck writes by hand (preview chrome,
// QA and tie-out reports). The deck's own HTML is escaped by Handlebars.
export function escapeHtml(s: string | number | boolean): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
