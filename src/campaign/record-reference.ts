import { UserError } from './user-error.js';

export type RecordReference =
  | { readonly type: 'campaign'; readonly campaign: CampaignKey }
  | { readonly type: 'workflow'; readonly campaign: CampaignKey; readonly workflowNumber: number };

/** A campaign named by number (`CMP-12`) or by short name (`w07-rc2`). */
export type CampaignKey = { readonly number: number } | { readonly shortName: string };

export function campaignId(number: number): string {
  return `CMP-${number}`;
}

export function workflowId(campaignNumber: number, number: number): string {
  return `CMP-${campaignNumber}/${number}`;
}

const CAMPAIGN_ID = /^cmp-(\d+)$/i;
const SHORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether `name` may be a campaign short name: letters, digits, `.`, `_`, `-`, not shaped like an id. */
export function shortNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'A short name is required';
  if (!SHORT_NAME.test(name)) {
    return `Short name "${name}" must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`;
  }
  if (CAMPAIGN_ID.test(name)) return `Short name "${name}" looks like a campaign id (CMP-<n>); choose another`;
  return undefined;
}

/** Parses `CMP-12`, `w07-rc2`, `CMP-12/3` or `w07-rc2/3`; anything else is a UserError naming what was given. */
export function parseRecordReference(ref: string): RecordReference {
  const text = ref.trim();
  const [campaignPart, workflowPart, ...rest] = text.split('/');
  const expected = 'expected a campaign (CMP-12 or its short name) or a workflow (CMP-12/3)';
  if (campaignPart === undefined || campaignPart === '' || rest.length > 0) {
    throw new UserError(`"${ref}" is not a record reference: ${expected}`);
  }
  const campaign = parseCampaignKey(campaignPart, ref, expected);
  if (workflowPart === undefined) return { type: 'campaign', campaign };
  if (!/^\d+$/.test(workflowPart) || Number(workflowPart) < 1) {
    throw new UserError(`"${ref}" is not a workflow reference: the part after "/" must be a workflow number from 1`);
  }
  return { type: 'workflow', campaign, workflowNumber: Number(workflowPart) };
}

function parseCampaignKey(text: string, ref: string, expected: string): CampaignKey {
  const id = CAMPAIGN_ID.exec(text);
  if (id) return { number: Number(id[1]) };
  if (!SHORT_NAME.test(text)) throw new UserError(`"${ref}" is not a record reference: ${expected}`);
  return { shortName: text };
}
