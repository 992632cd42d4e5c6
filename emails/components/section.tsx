import { Heading, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** A titled block of the report, or its empty-state sentence when there is nothing to list. */
export function ReportSection({
  title,
  empty,
  children,
}: {
  title: string;
  empty?: string;
  children?: ReactNode;
}) {
  return (
    <Section style={{ marginTop: 24 }}>
      <Heading as="h2" style={{ fontSize: 18, margin: "0 0 12px", color: "#111827" }}>
        {title}
      </Heading>
      {empty ? <Text style={{ color: "#6b7280", fontSize: 14, margin: 0 }}>{empty}</Text> : children}
    </Section>
  );
}
