import type { CSSProperties } from "react";

/** The emails' palette: every colour once, by what it is for. */
export const colors = {
  page: "#f3f4f6",
  card: "#ffffff",
  ink: "#111827",
  body: "#374151",
  muted: "#6b7280",
  faint: "#9ca3af",
  rule: "#e5e7eb",
  credit: "#166534",
  creditBackground: "#f0fdf4",
  buttonText: "#ffffff",
} as const;

type Styles = Record<string, CSSProperties>;

/**
 * Inline styles by role (mail clients drop style sheets, so React Email inlines these). A style names
 * what the text is, not how it looks, so one change of look is one edit here.
 */
export const styles = {
  page: {
    backgroundColor: colors.page,
    fontFamily: "-apple-system, 'Segoe UI', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif",
  },
  card: { backgroundColor: colors.card, padding: 32, maxWidth: 600, borderRadius: 8 },
  eyebrow: { color: colors.muted, fontSize: 14, margin: 0 },
  title: { fontSize: 24, margin: "4px 0 0", color: colors.ink },
  subtitle: { color: colors.body, fontSize: 14, margin: "4px 0 0" },
  paragraph: { color: colors.body, fontSize: 15, lineHeight: "22px", margin: "16px 0 0" },
  section: { marginTop: 24 },
  figures: { marginTop: 16 },
  half: { width: "50%" },
  sectionTitle: { fontSize: 18, margin: "0 0 12px", color: colors.ink },
  empty: { color: colors.muted, fontSize: 14, margin: 0 },
  highlight: { marginTop: 24, padding: 16, backgroundColor: colors.creditBackground, borderRadius: 8 },
  highlightLabel: { color: colors.credit, fontSize: 13, margin: 0 },
  highlightFigure: { color: colors.ink, fontSize: 28, fontWeight: 700, margin: "2px 0" },
  figureLabel: { color: colors.muted, fontSize: 13, margin: 0 },
  figure: { color: colors.ink, fontSize: 24, fontWeight: 600, margin: "2px 0" },
  note: { color: colors.muted, fontSize: 12, margin: 0 },
  line: { padding: "8px 0", borderBottom: `1px solid ${colors.rule}` },
  rank: { width: 24, color: colors.faint, fontSize: 14 },
  cell: { fontSize: 15, color: colors.ink },
  detail: { fontSize: 12, color: colors.muted },
  creditDetail: { fontSize: 12, color: colors.credit },
  thumbnailColumn: { width: 56 },
  thumbnail: { borderRadius: 4 },
  button: {
    marginTop: 28,
    backgroundColor: colors.ink,
    color: colors.buttonText,
    padding: "12px 20px",
    borderRadius: 6,
    fontSize: 14,
  },
  rule: { margin: "32px 0 16px", borderColor: colors.rule },
  footer: { color: colors.faint, fontSize: 12, margin: 0 },
  expiry: { color: colors.faint, fontSize: 12, margin: "24px 0 0" },
  footerLink: { color: colors.muted },
} satisfies Styles;
