/** Stage 4: tell the grantee the user exists (never a password: Salesforce emails the user directly). */
import type { SalesforceGrantee } from '../playbook.ts';
import type { StepIn } from './common.ts';

export function notifyGrantee(g: SalesforceGrantee): StepIn[] {
  return [
    {
      id: 'notify-vendor',
      phase: 'notify',
      stage: `Notify ${g.name}`,
      title: g.notify.title,
      instruction: g.notify.instruction,
      manual: true,
    },
  ];
}
