/** How the accepted forms of a Science Pipelines version are shown to someone who mistyped one. */
export const STACK_VERSION_FORMS =
  'weekly w_YYYY_WW (w_2025_47), daily d_YYYY_MM_DD (d_2025_11_20), release vMAJOR.MINOR.PATCH (v29.1.0, or v29_1_0 as older tags are written; .rc1 for a candidate), or other:<text> for anything else';

const WEEKLY = /^w_(\d{4})_(\d{2})$/;
const DAILY = /^d_(\d{4})_(\d{2})_(\d{2})$/;
const RELEASE = /^v\d+(\.\d+\.\d+(\.rc\d+)?|_\d+_\d+(_rc\d+)?)$/;

/**
 * What is wrong with a stack version as written (`w_2025_47`, `d_2025_11_20`, `v29.1.0`,
 * `v29_1_0`, `other:<text>`), or undefined when it is one of those. The message shows the
 * accepted forms.
 */
export function stackVersionProblem(text: string): string | undefined {
  const version = text.trim();
  if (version.startsWith('other:')) {
    return version.slice('other:'.length).trim() === '' ? 'Write what the software was after other:, e.g. other:ticket branch DM-51234' : undefined;
  }
  const problem = `"${version}" is not a Science Pipelines version. Accepted: ${STACK_VERSION_FORMS}.`;
  const weekly = WEEKLY.exec(version);
  if (weekly) {
    const week = Number(weekly[2]);
    return week >= 1 && week <= 53 ? undefined : `Week ${weekly[2]} does not exist (01 to 53). ${problem}`;
  }
  const daily = DAILY.exec(version);
  if (daily) return isDate(Number(daily[1]), Number(daily[2]), Number(daily[3])) ? undefined : `${version.slice(2)} is not a date. ${problem}`;
  if (RELEASE.test(version)) return undefined;
  return problem;
}

function isDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
