import { stringify } from 'yaml';
import type { DataIdList } from '../lists/data-id-list.js';
import { listToButlerQuery } from '../lists/list-to-butler-query.js';
import { listToEcsv } from '../lists/list-to-ecsv.js';
import { configOverrideArguments, parseConfigOverrides } from './config-overrides.js';
import type { ExportFile } from './notebook.js';
import type { Campaign, Wms, Workflow } from './records.js';
import { isUserError } from './user-error.js';
import { workflowSettings } from './workflow-settings.js';

/**
 * pipetask gets the data query as one command-line argument (`-d "{dataQuery}"`), and Linux caps
 * one argument at 128 KiB (MAX_ARG_STRLEN): the whole query stays under this.
 */
export const BPS_QUERY_MAX_CHARS = 100_000;

// The plugins ctrl_bps documents as well known (doc/lsst.ctrl.bps/quickstart.rst).
const WMS_SERVICE_CLASS: Partial<Record<Wms, string>> = {
  htcondor: 'lsst.ctrl.bps.htcondor.HTCondorService',
  panda: 'lsst.ctrl.bps.panda.PanDAService',
  parsl: 'lsst.ctrl.bps.parsl.ParslService',
};

/** A stored list's entries by fingerprint. */
export type ListEntries = (sha256: string) => DataIdList;

export interface BpsExport {
  /** The submit YAML first, then the data-ID tables it names. */
  readonly files: readonly ExportFile[];
  /** What the files could not express, in plain words (also at the top of the YAML). */
  readonly unexpressed: readonly string[];
}

/**
 * What a pilot needs to submit a recorded workflow again with `bps submit`: a submit YAML
 * (pipelineYaml, project, campaign, operator, payload {payloadName, butlerConfig, inCollection,
 * dataQuery, output, outputRun}, extraQgraphOptions, wmsServiceClass) whose dataQuery is the
 * recorded query with each exclusion list ANDed as `NOT (...)`, and each inclusion list as an
 * ECSV table given to pipetask with `--data-id-table` (a join: it narrows). An exclusion list that
 * no query fragment can hold is said plainly, not dropped silently.
 */
export function bpsSubmitExport(campaign: Campaign, workflow: Workflow, listEntries: ListEntries): BpsExport {
  const base = workflow.id.replace('/', '-');
  const unexpressed: string[] = [];
  const tables: ExportFile[] = [];
  const qgraphOptions: string[] = [];

  for (const attached of workflow.lists.filter((list) => list.kind === 'include')) {
    const name = `${base}.include-${attached.sha256.slice(0, 12)}.ecsv`;
    tables.push({ name, content: listToEcsv(listEntries(attached.sha256)) });
    qgraphOptions.push('--data-id-table', name);
  }

  const recordedQuery = workflow.dataQuery?.trim();
  if (recordedQuery?.includes('"')) {
    unexpressed.push('The recorded data query holds a double quote ("), which bps cannot pass on (it runs pipetask -d "{dataQuery}"): write its strings in single quotes.');
  }
  const exclusions: string[] = [];
  let budget = BPS_QUERY_MAX_CHARS - (recordedQuery?.length ?? 0);
  for (const attached of workflow.lists.filter((list) => list.kind === 'exclude')) {
    const list = listEntries(attached.sha256);
    try {
      const fragment = `NOT (${listToButlerQuery(list, { maxChars: budget - 11 })})`;
      exclusions.push(fragment);
      budget -= fragment.length + 5;
    } catch (error) {
      if (!isUserError(error)) throw error;
      const why = holdsQuote(list)
        ? "one of its values holds a quote ('), which a Butler query cannot write"
        : `its data IDs do not compress into a query fragment that keeps the whole dataQuery under ${BPS_QUERY_MAX_CHARS.toLocaleString('en-US')} characters (bps passes it to pipetask as one command-line argument)`;
      unexpressed.push(
        `The exclusion list sha256:${attached.sha256.slice(0, 12)} (${attached.count.toLocaleString('en-US')} data IDs: ${attached.reason}) is NOT applied by this dataQuery: ${why}. pipetask takes data-ID tables only as inclusions: exclude these data IDs another way (a narrower query, or an inclusion table of the complement).`,
      );
    }
  }
  const dataQuery = [recordedQuery !== undefined && exclusions.length > 0 ? `(${recordedQuery})` : recordedQuery, ...exclusions]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(' AND ');

  if (workflow.configOverrides !== undefined) {
    for (const override of parseConfigOverrides(workflow.configOverrides)) {
      qgraphOptions.push(...configOverrideArguments(override));
      if (override.kind === 'file') {
        unexpressed.push(`The config file ${override.file} (-C ${override.label}:${override.file}) is named by the record, not kept in it: put it beside this file.`);
      }
    }
  }

  const serviceClass = WMS_SERVICE_CLASS[workflow.wms];
  if (workflow.wms === 'prompt') unexpressed.push(`${workflow.id} ran in Prompt Processing, not BPS: this is what BPS would need to run the same pipeline on the same data.`);
  else if (serviceClass === undefined) unexpressed.push(`No BPS plugin is known for the workflow system "${workflow.wms}": set wmsServiceClass yourself.`);

  const { stackVersion, butlerRepo, inputCollections } = workflowSettings(campaign, workflow);
  const notRecorded = [
    ...(workflow.pipeline === undefined ? ['pipelineYaml'] : []),
    ...(butlerRepo === undefined ? ['butlerConfig'] : []),
    ...(inputCollections === undefined ? ['inCollection'] : []),
    ...(dataQuery === '' ? ['dataQuery'] : []),
    ...(stackVersion === undefined ? ['the software (stack_version)'] : []),
  ];
  if (notRecorded.length > 0) unexpressed.push(`Not recorded, so not set: ${notRecorded.join(', ')}.`);

  const inCollection = inputCollections?.split(/[\s,]+/).filter(Boolean).join(',');
  const submit = withoutEmpty({
    pipelineYaml: workflow.pipeline,
    project: campaign.production,
    campaign: campaign.shortName,
    operator: workflow.startedBy.name,
    payload: withoutEmpty({
      payloadName: `${campaign.shortName}_${workflow.label}`.replace(/[^A-Za-z0-9._-]+/g, '_'),
      butlerConfig: butlerRepo,
      inCollection,
      dataQuery: dataQuery === '' ? undefined : dataQuery,
      output: campaign.outputCollection,
      outputRun: workflow.outputRun,
    }),
    extraQgraphOptions: qgraphOptions.length > 0 ? qgraphOptions.map(shellQuote).join(' ') : undefined,
    wmsServiceClass: serviceClass,
  });

  const header = [
    `BPS submit YAML for ${workflow.id} "${workflow.label}" of ${campaign.id} (${campaign.shortName}), written by campaign-notebook.`,
    `Software: ${stackVersion ?? 'not recorded'}. Set up that stack before bps submit.`,
    ...(tables.length > 0 ? ['Run bps submit in this directory: the data-ID tables are named relative to it (pipetask --data-id-table needs ctrl_mpexec 29.1 or later).'] : []),
    ...(workflow.outputRun !== undefined ? [`outputRun is the run ${workflow.id} wrote: a new submission needs a new one (leave it out and bps makes {output}/{timestamp}).`] : []),
    `operator is who started ${workflow.id}; left out, bps uses your login. Add your site's settings (computeSite, ...) or includeConfigs.`,
    ...(workflow.bpsCommand !== undefined ? ['Recorded BPS command:', ...workflow.bpsCommand.split('\n').map((line) => `  ${line}`)] : []),
    ...(unexpressed.length > 0 ? ['NOT EXPRESSED HERE:', ...unexpressed.map((line) => `- ${line}`)] : []),
  ];
  const yaml = `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${stringify(submit, { lineWidth: 0 })}`;
  return { files: [{ name: `${base}.bps.yaml`, content: yaml }, ...tables], unexpressed };
}

function holdsQuote(list: DataIdList): boolean {
  return list.entries.some((entry) => Object.values(entry.dataId).some((value) => typeof value === 'string' && value.includes("'")));
}

/** An argument as Python's shlex.split reads it back (bps splits extraQgraphOptions so, with no shell). */
function shellQuote(argument: string): string {
  if (/^[\w@%+=:,./$-]+$/.test(argument)) return argument;
  if (!/["\\]/.test(argument)) return `"${argument}"`;
  return `'${argument.replace(/'/g, `'"'"'`)}'`;
}

function withoutEmpty<T extends Record<string, unknown>>(record: T): Partial<T> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)) continue;
    kept[key] = value;
  }
  return kept as Partial<T>;
}
