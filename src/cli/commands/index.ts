/** Every sub-command of `model-monitor`, in help order. Add a command by adding its module here. */
import type { Command } from 'commander';
import { register as registerData } from './data.js';

export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [registerData];
