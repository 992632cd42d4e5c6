/** One headline figure, in full (never abbreviated), with its change. */
export function Headline({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="card">
      <p className="label">{label}</p>
      <p className="value" data-testid={testId}>
        {value}
      </p>
      {note ? <p className="note">{note}</p> : null}
    </div>
  );
}

/** Where one part's subgraph could not answer: that part says so, the rest of the page renders. */
export function Unavailable({ text }: { text: string }) {
  return (
    <p className="unavailable" data-testid="unavailable">
      {text}
    </p>
  );
}
