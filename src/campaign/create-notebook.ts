import { DAF_BUTLER_UNIVERSE, type DimensionUniverse } from '../lists/dimension-universe.js';
import { addNote } from './add-note.js';
import { changeStatus, showRecord, statusChangesSince } from './change-status.js';
import { compareRecords } from './compare-records.js';
import { defineCampaign } from './define-campaign.js';
import { digest, recordDueDigests } from './digest.js';
import { exportBps } from './export-bps.js';
import { exportRecord } from './export-record.js';
import { history } from './history.js';
import { home } from './home.js';
import type { Notebook } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import type { NotebookStore } from './notebook-store.js';
import { recordBpsReport } from './record-bps-report.js';
import { recordCard } from './record-card.js';
import { recordDueReminders } from './record-due-reminders.js';
import { recordRun } from './record-run.js';
import { resolveCampaign, resolveWorkflow } from './resolve-record.js';
import { setOperators } from './set-operators.js';
import { startWorkflow } from './start-workflow.js';
import { who } from './who.js';
import { getList, resolveListReference, storeList } from './stored-lists.js';
import { why } from './why.js';

/** The notebook's use cases over a store: what the CLI and the chat adapters call. */
export function createNotebook(options: { store: NotebookStore; now?: () => Date; universe?: DimensionUniverse }): Notebook {
  const deps: NotebookDeps = {
    store: options.store,
    now: options.now ?? (() => new Date()),
    universe: options.universe ?? DAF_BUTLER_UNIVERSE,
  };
  const { store } = deps;
  return {
    defineCampaign: (input, by, channel) => defineCampaign(deps, input, by, channel),
    startWorkflow: (campaignRef, input, lists, by) => startWorkflow(deps, campaignRef, input, lists, by),
    recordRun: (workflowRef, runId, runName, by) => recordRun(deps, workflowRef, runId, runName, by),
    changeStatus: (ref, status, reason, by, options) => changeStatus(deps, ref, status, reason, by, options),
    addNote: (ref, text, by, source) => addNote(deps, ref, text, by, source),
    recordDueReminders: (periods) => recordDueReminders(deps, periods),
    recordDueDigests: (time) => recordDueDigests(deps, time),
    digest: (channel, quietMs) => digest(deps, channel, quietMs),
    home: (actorId) => home(deps, actorId),
    recordBpsReport: (workflowRef, text, by, options) => recordBpsReport(deps, workflowRef, text, by, options),
    show: (ref, options) => showRecord(deps, ref, options?.workflowLimit),
    card: (ref) => recordCard(store, ref),
    statusChangesSince: (ref, seq) => statusChangesSince(store, ref, seq),
    findCampaign: (ref) => resolveCampaign(store, ref),
    listCampaigns: (filter) => store.campaigns(filter),
    openWorkflows: () => store.openWorkflows(),
    history: (ref) => history(deps, ref),
    why: (dataId) => why(deps, dataId),
    exportRecord: (ref) => exportRecord(deps, ref),
    exportBps: (ref) => exportBps(deps, ref),
    setOperators: (ref, operators, by) => setOperators(deps, ref, operators, by),
    who: (user) => who(deps, user),
    actorNames: (ids) => store.actorNames(ids),
    diff: (refA, refB) => compareRecords(deps, refA, refB),
    storeList: (list, meta, by) => storeList(deps, list, meta, by),
    storedLists: () => store.storedLists(),
    resolveListReference: (ref) => resolveListReference(store, ref),
    getList: (sha256) => getList(store, sha256),
    attachedLists: (workflowRef) => resolveWorkflow(store, workflowRef).workflow.lists,
  };
}
