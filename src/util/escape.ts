// Text escaping for markup irdeck writes by hand. The deck's own HTML is
// escaped by Handlebars.

/** HTML text and attributes (preview chrome, QA and tie-out reports). */
export function escapeHtml(s: string | number | boolean): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** XML text and double-quoted attributes (the OOXML parts of the PPTX and its charts). */
export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
