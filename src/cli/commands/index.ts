/** Every sub-command of `model-monitor`, in help order. Add a command by adding its module here. */
import type { Command } from 'commander';
import { register as registerData } from './data.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerIngest } from './ingest.js';
import { register as registerNextRuns } from './next-runs.js';
import { register as registerSchedule } from './schedule.js';
import { register as registerValidate } from './validate.js';

export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerValidate,
  registerNextRuns,
  registerEvaluate,
  registerData,
  registerIngest,
  registerSchedule,
];
