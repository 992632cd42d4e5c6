/** Text made safe to put inside HTML, attribute values included: every character markup could use is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
