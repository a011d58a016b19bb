/**
 * Phone pages for residents and grid workers (/h5/*). No login required by the layout itself: pages that
 * need one wrap themselves in <RequireLogin loginPath="/h5/login">. Signed-in users get the account menu.
 */
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useMe } from '../../lib/auth';
import { useI18n } from '../../lib/i18n';
import { productName } from '../session';
import { PhoneFrame } from './PhoneFrame';
import { UserMenu } from './UserMenu';

export function H5Layout() {
  const { data: me } = useMe();
  const { tl } = useI18n();
  return (
    <PhoneFrame
      home="/h5"
      actions={me ? <UserMenu me={me} compact loginPath="/h5/login" /> : null}
      footer={tl(productName)}
    />
  );
}

/** Public pages (/p/*, e.g. 亮身份 from a building QR code): no account at all, language switch instead. */
export function PublicLayout() {
  const { tl } = useI18n();
  return <PhoneFrame home="/p" actions={<LanguageSwitch />} footer={tl(productName)} />;
}
