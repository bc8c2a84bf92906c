import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { alice, lines, openTestNotebook } from './open-test-notebook.js';

describe('exportRecord', () => {
  it('exports the campaign, workflows, timeline and list summaries as YAML, and each list as JSON, ECSV and a query', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly', butlerRepo: '/repo/main' }, alice);
    const list = lines('visit=100 detector=1 # vignetted\nvisit=100 detector=2\nvisit=101 detector=1');
    const workflow = notebook.startWorkflow('w07', { label: 'step1', wms: 'panda' }, [{ kind: 'exclude', reason: 'bad CCDs', list }], alice);
    notebook.recordRun('CMP-1/1', '176261', 'u_x', alice);
    notebook.addNote('w07', 'fine', alice);
    const sha256 = workflow.lists[0]!.sha256;
    const stem = `list-${sha256.slice(0, 16)}`;

    const files = notebook.exportRecord('w07');
    expect(files.map((file) => file.name)).toEqual(['CMP-1.yaml', `${stem}.json`, `${stem}.ecsv`, `${stem}.where.txt`]);

    const record = parse(files[0]!.content);
    expect(record.campaign).toMatchObject({ id: 'CMP-1', shortName: 'w07', butlerRepo: '/repo/main', status: 'running' });
    expect(record.workflows).toHaveLength(1);
    expect(record.workflows[0]).toMatchObject({ id: 'CMP-1/1', status: 'submitted', runId: '176261', runName: 'u_x' });
    expect(record.workflows[0].lists).toEqual([{ kind: 'exclude', reason: 'bad CCDs', sha256, count: 3, dimensions: ['detector', 'visit'], provenance: 'not recorded' }]);
    expect(record.timeline.map((event: { kind: string }) => event.kind)).toEqual([
      'campaign_defined',
      'workflow_started',
      'list_attached',
      'status_changed',
      'run_recorded',
      'status_changed',
      'note_added',
    ]);
    expect(record.lists).toEqual([
      { sha256, count: 3, dimensions: ['detector', 'visit'], files: [`${stem}.json`, `${stem}.ecsv`, `${stem}.where.txt`] },
    ]);

    // every exported encoding reads back as the same list
    for (const file of files.slice(1, 3)) {
      expect(fingerprintList(parseDataIdList(file.content, { source: file.name }))).toBe(sha256);
    }
    expect(files[3]!.content).toContain('visit');
  });

  it('exports one workflow with only its own events and lists', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly' }, alice);
    notebook.startWorkflow('w07', { label: 'a', wms: 'panda' }, [{ kind: 'include', reason: 'r', list: lines('visit=1') }], alice);
    notebook.startWorkflow('w07', { label: 'b', wms: 'panda' }, [], alice);
    const files = notebook.exportRecord('CMP-1/2');
    expect(files.map((file) => file.name)).toEqual(['CMP-1-2.yaml']);
    const record = parse(files[0]!.content);
    expect(record.workflows.map((w: { id: string }) => w.id)).toEqual(['CMP-1/2']);
    expect(record.timeline.map((event: { record: string }) => event.record)).toEqual(['CMP-1/2']);
  });
});
