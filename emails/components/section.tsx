import { Heading, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { styles } from "../styles.ts";

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
    <Section style={styles.section}>
      <Heading as="h2" style={styles.sectionTitle}>
        {title}
      </Heading>
      {empty ? <Text style={styles.empty}>{empty}</Text> : children}
    </Section>
  );
}
