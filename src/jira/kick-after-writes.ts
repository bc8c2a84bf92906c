import type { Notebook } from '../campaign/notebook.js';

/** The notebook, calling `kick` after each write use case returns (its transaction has committed by then). */
export function kickAfterWrites(notebook: Notebook, kick: () => void): Notebook {
  const after =
    <A extends unknown[], R>(write: (...args: A) => R) =>
    (...args: A): R => {
      const result = write(...args);
      kick();
      return result;
    };
  return {
    ...notebook,
    defineCampaign: after(notebook.defineCampaign),
    startWorkflow: after(notebook.startWorkflow),
    recordRun: after(notebook.recordRun),
    changeStatus: after(notebook.changeStatus),
    addNote: after(notebook.addNote),
    recordBpsReport: after(notebook.recordBpsReport),
    recordDueReminders: after(notebook.recordDueReminders),
  };
}
