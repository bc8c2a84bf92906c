import { UserError } from './user-error.js';

/** One pex_config override as pipetask takes it: `-c label:name=value` or `-C label:file`. */
export type ConfigOverride =
  | { readonly kind: 'value'; readonly label: string; readonly name: string; readonly value: string }
  | { readonly kind: 'file'; readonly label: string; readonly file: string };

const ACCEPTED = 'task:field=value, -c task:field=value, or -C task:file';
const LABEL = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const SHOWN_PROBLEMS = 5;

/**
 * The overrides written one a line (`task:field=value`, `-c task:field=value`, `--config …`,
 * `-C task:file`, `--config-file …`; blank lines and `#` comments skipped). Lines of another
 * shape are a UserError on the `config_overrides` field naming each line.
 */
export function parseConfigOverrides(text: string): ConfigOverride[] {
  const overrides: ConfigOverride[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parsed = parseLine(line);
    if (typeof parsed === 'string') problems.push(`line ${index + 1} (${JSON.stringify(line)}): ${parsed}`);
    else overrides.push(parsed);
  });
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more lines` : '';
    const message = `Config overrides, one a line as ${ACCEPTED}: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`;
    throw new UserError(message, { config_overrides: message });
  }
  return overrides;
}

/** The override as pipetask's option and its argument (`['-c', 'isr:doDark=False']`). */
export function configOverrideArguments(override: ConfigOverride): [string, string] {
  return override.kind === 'value' ? ['-c', `${override.label}:${override.name}=${override.value}`] : ['-C', `${override.label}:${override.file}`];
}

function parseLine(line: string): ConfigOverride | string {
  const option = /^(-c|--config|-C|--config-file)(?:\s+|=)(.*)$/.exec(line);
  if (option) return option[1] === '-C' || option[1] === '--config-file' ? parseFile(option[2]!.trim()) : parseValue(option[2]!.trim());
  if (line.startsWith('-')) return `unknown option; expected ${ACCEPTED}`;
  return parseValue(line);
}

function parseValue(text: string): ConfigOverride | string {
  const colon = text.indexOf(':');
  if (colon < 0) return `no task label before ":"; expected ${ACCEPTED}`;
  const label = text.slice(0, colon).trim();
  const rest = text.slice(colon + 1);
  const equals = rest.indexOf('=');
  if (equals < 0) return `no "=" between the field and its value; expected ${ACCEPTED}`;
  const name = rest.slice(0, equals).trim();
  const value = rest.slice(equals + 1).trim();
  if (!LABEL.test(label)) return `"${label}" is not a task label (letters, digits, _ and -, starting with a letter)`;
  if (!NAME.test(name)) return `"${name}" is not a config field name (e.g. doDark, connections.inputName)`;
  if (value === '') return `no value after "="; write '' for an empty string`;
  return { kind: 'value', label, name, value };
}

function parseFile(text: string): ConfigOverride | string {
  const colon = text.indexOf(':');
  if (colon < 0) return 'expected -C task:file';
  const label = text.slice(0, colon).trim();
  const file = text.slice(colon + 1).trim();
  if (!LABEL.test(label)) return `"${label}" is not a task label (letters, digits, _ and -, starting with a letter)`;
  if (file === '') return 'no file after "task:"';
  return { kind: 'file', label, file };
}
