import { connect } from "node:net";

/**
 * Opens a TCP connection to `port`, writes `first` (if any), and resets it (an RST, not a FIN), as port
 * scanners and load balancers' TCP health checks do. Resolves once the reset has gone out.
 */
export function resetConnection(port: number, first?: string | Buffer, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => {
      if (first === undefined) return void socket.resetAndDestroy();
      socket.write(first, () => setImmediate(() => socket.resetAndDestroy()));
    });
    socket.once("close", () => resolve());
    socket.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" ? resolve() : reject(error),
    );
  });
}

/** The ways a connection is reset: before a byte, inside HTTP/2's preface, and inside an HTTP/1.1 body. */
export const RESETS: readonly { name: string; first?: string }[] = [
  { name: "before its first byte" },
  { name: "after HTTP/2's preface", first: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
  {
    name: "inside an HTTP/1.1 body",
    first: "POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{",
  },
];
