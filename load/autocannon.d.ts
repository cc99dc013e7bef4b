/** The part of autocannon's API `npm run load` uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    /** The request autocannon is about to send; `setupRequest` returns it changed. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }
    /** Per-connection state shared by `setupRequest` and `onResponse`. */
    type Context = Record<string, unknown>;
    /** One step of each connection's request sequence. */
    interface RequestStep {
      setupRequest?: (request: Request, context: Context) => Request;
      onResponse?: (status: number, body: string, context: Context) => void;
    }
    /** The options `npm run load` passes. */
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      requests?: RequestStep[];
    }
    /** A percentile summary (only the fields used). */
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }
    /** A finished run. */
    interface Result {
      requests: Histogram;
      latency: Histogram;
      errors: number;
      timeouts: number;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
