/** Browser-level notices in the popup (issue 12): host access withdrawn, values set by the organisation's policy. */
import { HostAccess } from './HostAccess.tsx';
import { PolicyNotice } from './PolicyNotice.tsx';

export function KeyholeNotices() {
  return (
    <>
      <HostAccess />
      <PolicyNotice />
    </>
  );
}
