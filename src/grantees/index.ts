/** Every built-in grantee playbook, one per grantee × console (raw data: src/builtins.ts parses them once). */
import { drivetrainHibobSupport } from './drivetrain/hibob.ts';
import { drivetrainSalesforceSupport } from './drivetrain/salesforce.ts';
import { learnampHibobIntegration } from './learnamp/hibob.ts';

export const BUILTIN_PLAYBOOKS: unknown[] = [drivetrainHibobSupport, learnampHibobIntegration, drivetrainSalesforceSupport];
