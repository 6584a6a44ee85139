import type { PlaybookInput } from '../../playbook/schema.ts';
import { HIBOB_HOSTS, PAGES } from './pages.ts';

export const learnampHibobIntegration: PlaybookInput = {
  id: 'learnamp-hibob-integration',
  version: '0.1.0',
  title: 'Learn Amp: HiBob integration',
  summary: 'A HiBob service user with a read-only permission group for the Learn Amp integration.',
  vendor: { name: "Learn Amp" },
  app: { name: 'HiBob', hosts: HIBOB_HOSTS },
  revokeAfterDays: 7,
  params: { serviceUserName: { label: 'Service user name', default: 'Learn Amp' } },
  steps: [
    {
      id: 'create-service-user',
      phase: 'grant',
      stage: 'Create the service user',
      title: 'Create a service user',
      instruction: 'Click Create service user.',
      page: PAGES.serviceUsers,
      target: { role: 'button', name: { contains: ['service user'] } },
    },
    {
      id: 'revoke-delete-service-user',
      phase: 'revoke',
      stage: 'Revoke access',
      title: 'Delete the service user',
      instruction: 'Delete “{{serviceUserName}}” from the service users list.',
      manual: true,
    },
  ],
};
