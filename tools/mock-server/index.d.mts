/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** The OpenAPI document to mock; openapi/anthale.yaml when omitted. */
  contract?: string;
  /** Milliseconds to wait for Prism to start. Default 60000. */
  startTimeout?: number;
}

/** A running Prism mock server. */
export interface MockServer {
  /** Base URL of the server, such as `http://127.0.0.1:41234`. */
  url: string;
  /** Port the server listens on. */
  port: number;
  /** What Prism has printed so far, for diagnostics. */
  output(): string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Path of the project's contract, openapi/anthale.yaml. */
export declare const contractPath: string;

/** Starts Prism over the contract in the mode that rejects requests breaking it. */
export declare function startMockServer(options?: MockServerOptions): Promise<MockServer>;
