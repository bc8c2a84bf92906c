import { describe, expect, it } from 'vitest';
import { campaignNewForm, workflowStartForm } from '../../src/chat/chat-form.js';
import type { Campaign } from '../../src/campaign/records.js';
import { dialogErrors, fitBytes, renderDialog } from '../../src/mattermost/render-dialog.js';

const campaign: Campaign = {
  id: 'CMP-3',
  number: 3,
  shortName: 'w07-rc2',
  description: 'RC2',
  status: 'defined',
  butlerRepo: '/repo/main',
  inputCollections: 'LSSTCam/defaults',
  definedBy: { id: 'mattermost:u1', name: 'jdoe' },
  definedAt: '2025-11-25T10:00:00Z',
};

const bytes = (value: string | undefined) => Buffer.byteLength(value ?? '');

describe('renderDialog', () => {
  it('renders every non-file field as an element named by its id, inside the server limits', () => {
    for (const form of [campaignNewForm({ shortName: 'w07-rc2' }), workflowStartForm(campaign, { label: 'step1' })]) {
      const dialog = renderDialog(form, 'signed-state');
      expect(dialog.callback_id).toBe(form.id);
      expect(dialog.state).toBe('signed-state');
      expect(bytes(dialog.title)).toBeLessThanOrEqual(24);
      expect(dialog.elements.map((element) => element.name)).toEqual(form.fields.filter((field) => field.kind !== 'file').map((field) => field.id));
      for (const element of dialog.elements) {
        expect(bytes(element.display_name)).toBeLessThanOrEqual(24);
        expect(bytes(element.help_text)).toBeLessThanOrEqual(150);
        expect(bytes(element.default)).toBeLessThanOrEqual(element.type === 'text' ? 150 : 3000);
        expect(bytes(element.placeholder)).toBeLessThanOrEqual(element.type === 'text' ? 150 : 3000);
        expect(element.optional).toBe(!form.fields.find((field) => field.id === element.name)!.required);
      }
    }
  });

  it('offers the workflow systems as a select, prefills from the command and the campaign, and explains pasted lists', () => {
    const dialog = renderDialog(workflowStartForm(campaign, { label: 'step1' }), 's');
    const byName = new Map(dialog.elements.map((element) => [element.name, element]));
    expect(byName.get('wms')).toMatchObject({ type: 'select', optional: false });
    expect(byName.get('wms')?.options?.map((option) => option.value)).toContain('panda');
    expect(byName.get('label')?.default).toBe('step1');
    expect(byName.get('butler_repo')?.default).toBe('/repo/main');
    expect(byName.get('exclude_list')).toMatchObject({ type: 'textarea', max_length: 3000 });
    expect(byName.get('exclude_reason')).toMatchObject({ type: 'text', max_length: 1000 });
    expect(dialog.introduction_text).toContain('list:NAME');
    const operators = renderDialog(campaignNewForm(), 's').elements.find((element) => element.name === 'operators');
    expect(operators).toMatchObject({ type: 'select', data_source: 'users', multiselect: true });
  });

  it('puts errors for shown fields inline and any other error at the top', () => {
    const dialog = renderDialog(workflowStartForm(campaign), 's');
    expect(dialogErrors(dialog, { exclude_reason: 'Say why.' })).toEqual({ errors: { exclude_reason: 'Say why.' } });
    expect(dialogErrors(dialog, { exclude_file: 'Too big.', wms: 'Choose.' })).toEqual({ errors: { wms: 'Choose.' }, error: 'Too big.' });
  });
});

describe('fitBytes', () => {
  it('cuts by UTF-8 bytes, as the server counts, with an ellipsis', () => {
    expect(fitBytes('Description: what and why', 24)).toBe('Description: what and…');
    expect(bytes(fitBytes('é'.repeat(30), 24))).toBeLessThanOrEqual(24);
    expect(fitBytes('short', 24)).toBe('short');
  });
});
