/**
 * The extension APIs the content script uses, without loading webextension-polyfill into every console page:
 * Firefox and Chrome 148+ have a promise-based `browser`; MV3 Chrome's `chrome.storage` and `chrome.runtime`
 * return promises too. Only storage, runtime and i18n's synchronous getMessage are used.
 */
import type { Browser } from 'webextension-polyfill';

type Api = Pick<Browser, 'storage' | 'runtime' | 'i18n'>;
const g = globalThis as unknown as { browser?: Api; chrome?: Api };

export const api: Api = (g.browser?.runtime?.id ? g.browser : g.chrome) as Api;
