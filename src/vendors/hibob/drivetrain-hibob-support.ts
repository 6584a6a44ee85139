import type { PlaybookInput } from '../../playbook/schema.ts';
import { HIBOB_HOSTS, PAGES } from './pages.ts';

export const drivetrainHibobSupport: PlaybookInput = {
  id: 'drivetrain-hibob-support',
  version: '0.1.0',
  title: 'Drivetrain: temporary HiBob access',
  summary: 'A HiBob service user with a read-only permission group for Drivetrain support, and its removal.',
  vendor: { name: 'Drivetrain' },
  app: { name: 'HiBob', hosts: HIBOB_HOSTS },
  revokeAfterDays: 7,
  params: { serviceUserName: { label: 'Service user name', default: 'Drivetrain Support' } },
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
