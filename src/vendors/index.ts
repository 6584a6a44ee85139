/** Every built-in playbook. One vendor's page knowledge stays in its folder. */
import { drivetrainSalesforceSupport } from './salesforce/drivetrain-salesforce-support.ts';
import { drivetrainHibobSupport } from './hibob/drivetrain-hibob-support.ts';
import { learnampHibobIntegration } from './hibob/learnamp-hibob-integration.ts';

export const BUILTIN_PLAYBOOKS: unknown[] = [drivetrainHibobSupport, learnampHibobIntegration, drivetrainSalesforceSupport];
