import type { RegisterIncoming } from '../../src/contract/incoming';
import type { SubmitInput } from '../../src/server/platform/flow/engine';
import type { UnitRole } from '../../src/server/platform/flow/schema';

/** An open (or waiting) task as the history needs it to decide who acts next. */
export interface OpenTask {
  id: string;
  itemId: string;
  stepKey: string;
  kind: 'do' | 'read';
  state: 'open' | 'waiting';
  assigneePersonId: string;
  groupId: string;
  slot: string;
  seq: number | null;
  dueDate: string | null;
  forUnitId: string | null;
  forDepartmentId: string | null;
  unitRole: UnitRole | null;
}

/**
 * Where the history is written. `services` runs the product's commands (registerIncoming, submitTask,
 * markRead, runDueJobs) one transaction each; `bulk` writes the rows those commands write, in batches.
 * The conformance check runs one scenario through both and compares the databases.
 */
export interface Backend {
  register(at: Date, registrarId: string, input: RegisterIncoming): Promise<string>;
  submit(at: Date, actorId: string, task: OpenTask, input: SubmitInput): Promise<void>;
  /** The person opens their messages (before acting). */
  markAllRead(at: Date, personId: string): Promise<void>;
  /** The earliest pending job, if any. */
  nextJobAt(): Promise<Date | null>;
  /** Runs the jobs due at `at`, as the job runner would at that moment. */
  runJobs(at: Date): Promise<void>;
  openTasks(itemId: string): Promise<OpenTask[]>;
  /** Writes what is still buffered; the history is complete after this. */
  finish(): Promise<void>;
}
