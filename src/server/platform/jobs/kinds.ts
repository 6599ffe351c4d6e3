import { auditCheckJob, AUDIT_CHECK_JOB } from '../audit/check';
import { escalationJob } from '../flow/progress';
import { autoRemindJob } from '../flow/tasks';
import type { JobHandler } from './queue';

/**
 * The kernel's own kinds of job. Modules declare theirs in their declaration (`ModuleDef.jobs`); `installModules`
 * registers both when the server is built, so a kind of job never depends on which file happened to be imported.
 * A function, not a constant: the modules' registry imports this file, and the kernel files it names import the
 * registry (a cycle read at call time, not while the files load).
 */
export const kernelJobs = (): Record<string, JobHandler> => ({
  'task.autoRemind': autoRemindJob,
  'task.progress.escalate': escalationJob,
  [AUDIT_CHECK_JOB]: auditCheckJob,
});
