/** A numbered, forward-only schema change; `up` is plain SQL so the bundler carries it with the code. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
