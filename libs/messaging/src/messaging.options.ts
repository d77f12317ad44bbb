export interface MessagingOptions {
  servers: string;
  requestTimeoutMs: number;
  /** Shown in NATS monitoring as the connection name. */
  name: string;
}
