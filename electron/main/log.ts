/**
 * The main process's logger. Callers pass facts as fields, never a request payload:
 * no password, code, answer or TOTP secret is ever handed to it.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function consoleLogger(scope: string): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = `[${scope}] ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`;
    if (level === 'error') console.error(line);
    else console.log(line);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** For tests and quiet runs: keeps the lines so a test can check that no secret reached them. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`);
  };
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}
