import { LogLevel, type Logger } from '@slack/bolt';
import { describeLogValue, type Log, type LogFields } from '../log.js';

const ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** The same log as a Bolt `Logger` (Bolt and its WebClient log through it). */
export function boltLogger(log: Log, initialLevel: LogLevel = LogLevel.INFO): Logger {
  let level = initialLevel;
  let name = 'slack';
  const at = (lineLevel: LogLevel, write: (message: string, fields?: LogFields) => void) => (...parts: unknown[]) => {
    if (ORDER.indexOf(lineLevel) < ORDER.indexOf(level)) return;
    const fields: Record<string, unknown> = { logger: name };
    const texts: string[] = [];
    for (const part of parts) {
      if (part && typeof part === 'object' && !(part instanceof Error) && !Array.isArray(part)) Object.assign(fields, part);
      else texts.push(describeLogValue(part));
    }
    write(texts.join(' '), fields);
  };
  return {
    debug: at(LogLevel.DEBUG, log.debug),
    info: at(LogLevel.INFO, log.info),
    warn: at(LogLevel.WARN, log.warn),
    error: at(LogLevel.ERROR, log.error),
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: (next) => (name = next),
  };
}
