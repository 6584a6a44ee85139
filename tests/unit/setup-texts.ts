// The unit tests read Keyhole's texts from the same catalog the browser does (src/core/texts.ts), with the
// placeholder rules of i18n.getMessage: `$NAME$` is its placeholder's content, `$n` the n-th substitution.
import messages from '../../public/_locales/en/messages.json';
import { useTexts } from '../../src/core/texts.ts';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
const catalog = messages as Record<string, Entry>;

export function getMessage(key: string, subs: string[] = []): string {
  const e = catalog[key];
  if (!e) return '';
  const named = e.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name: string) => e.placeholders?.[name.toLowerCase()]?.content ?? all);
  return named.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
}

useTexts(getMessage);
