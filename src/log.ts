// The process's logger. A failed query is logged without the values it carried (drizzle's error lists them in its
// message, the driver's keeps them, and the server's own message may quote one: contact details, needs' texts):
// what is logged is the query's text, the server's error code and constraint, and where it was called from.
import { pino } from 'pino';

export type Logger = pino.Logger;

/** Fields of drizzle's and postgres.js's errors that hold a query's bound values. */
const VALUE_FIELDS = ['params', 'parameters', 'args'];

/** drizzle's message is "Failed query: <sql>\nparams: <values>": the values go. */
export const redactMessage = (text: string): string => text.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');

type ErrorLike = Error & Record<string, unknown>;

function chainOf(err: Error): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e as ErrorLike);
  return chain;
}

/** An error (or its message) as logged: a failed query's without the values it carried, any other as pino logs it. */
export function redactError(value: unknown): unknown {
  if (typeof value === 'string') return redactMessage(value);
  if (!(value instanceof Error)) return value;
  const chain = chainOf(value);
  if (!chain.some((e) => VALUE_FIELDS.some((f) => f in e))) return pino.stdSerializers.err(value);
  const server = chain.find((e) => typeof e.code === 'string');
  const frames = (value.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  // The driver's own error carries the server's message, which may quote a value.
  const message = value.message.startsWith('Failed query:') ? redactMessage(value.message) : `${value.name}: message withheld (it may quote a value)`;
  return {
    type: value.name,
    message,
    ...(server ? { code: server.code, constraint: server.constraint_name ?? server.constraint } : {}),
    stack: [message, ...frames].join('\n'),
  };
}

/** Logs to stdout, or to `destination` (tests read what was logged). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, serializers: { err: redactError } }, destination);
}
