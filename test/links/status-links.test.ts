import { describe, expect, it } from 'vitest';
import { WMS_NAMES } from '../../src/campaign/records.js';
import { fileConfigSchema } from '../../src/config.js';
import { statusLinks } from '../../src/links/status-links.js';
import { statusTemplateProblems } from '../../src/links/status-template-problems.js';

// the README's example config, read through the real schema
const config = fileConfigSchema.parse({
  status_tools: {
    panda: [{ label: 'PanDA tasks', url: 'https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name={run_name}*' }],
    htcondor: [{ label: 'Status', command: 'bps report --id {run_id}' }],
    any: [
      { label: 'Logs', url: 'https://grafana.example.org/d/logs?var-bps_run={run_name}' },
      { label: 'Outputs', url: 'https://butler.example.org/{butler_repo}/collections?name={output_run}&campaign={campaign}' },
    ],
  },
});
const templates = config.status_tools;

describe('statusLinks', () => {
  it("fills the WMS's templates and then those for any WMS", () => {
    const links = statusLinks(templates, 'panda', { run_name: 'u_jdoe_pipelines_check_20211117T155008Z', run_id: '176261' });
    expect(links).toEqual([
      { label: 'PanDA tasks', url: 'https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name=u_jdoe_pipelines_check_20211117T155008Z*' },
      { label: 'Logs', url: 'https://grafana.example.org/d/logs?var-bps_run=u_jdoe_pipelines_check_20211117T155008Z' },
    ]);
  });

  it('URL-encodes values inside a url but keeps the template text as written', () => {
    const links = statusLinks(templates, 'other', { butler_repo: 'embargo', output_run: 'LSSTCam/runs/w07 rc2&x', campaign: 'CMP-7' });
    expect(links).toEqual([{ label: 'Outputs', url: 'https://butler.example.org/embargo/collections?name=LSSTCam%2Fruns%2Fw07%20rc2%26x&campaign=CMP-7' }]);
  });

  it('puts values into a command as they are, quoting only what a shell would split', () => {
    expect(statusLinks(templates, 'htcondor', { run_id: '21054.0' })).toEqual([{ label: 'Status', command: 'bps report --id 21054.0' }]);
    expect(statusLinks(templates, 'htcondor', { run_id: "1; rm -rf ~ 'x'" })).toEqual([{ label: 'Status', command: `bps report --id '1; rm -rf ~ '\\''x'\\'''` }]);
  });

  it('leaves out a link until every value it needs is known', () => {
    expect(statusLinks(templates, 'panda', {})).toEqual([]);
    expect(statusLinks(templates, 'panda', { run_name: '' })).toEqual([]);
    expect(statusLinks(templates, 'htcondor', { run_name: 'r' }).map((link) => link.label)).toEqual(['Logs']);
  });

  it('gives nothing when no status tools are configured', () => {
    expect(statusLinks(undefined, 'panda', { run_id: '1' })).toEqual([]);
  });
});

describe('statusTemplateProblems', () => {
  it('accepts the example configuration', () => {
    expect(statusTemplateProblems(templates, WMS_NAMES)).toEqual([]);
  });

  it('names the key of an unknown placeholder, an unknown WMS, a stray brace and a non-http url', () => {
    expect(
      statusTemplateProblems(
        {
          pnda: [{ label: 'x', url: 'https://x.org/?id={run_id}' }],
          panda: [
            { label: 'a', url: 'https://x.org/?id={runid}' },
            { label: 'b', command: 'bps report --id {run_id' },
            { label: 'c', url: 'x.org/{run_id}' },
          ],
        },
        WMS_NAMES,
      ),
    ).toEqual([
      'status_tools.pnda: unknown WMS; expected one of panda, htcondor, pegasus, parsl, prompt, other, any',
      'status_tools.panda[0].url: unknown placeholder {runid}; expected one of {campaign}, {campaign_name}, {workflow}, {label}, {run_id}, {run_name}, {output_run}, {butler_repo}',
      'status_tools.panda[1].command: unbalanced brace in "bps report --id {run_id"; placeholders are written {name}',
      'status_tools.panda[2].url: expected an http:// or https:// URL, got "x.org/{run_id}"',
    ]);
  });
});

describe('the config schema', () => {
  it('refuses a status-tool template with an unknown placeholder, naming the key', () => {
    const result = fileConfigSchema.safeParse({ status_tools: { panda: [{ label: 'x', url: 'https://x.org/?id={runid}' }] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'status_tools.panda[0].url: unknown placeholder {runid}; expected one of {campaign}, {campaign_name}, {workflow}, {label}, {run_id}, {run_name}, {output_run}, {butler_repo}',
    ]);
  });
});
