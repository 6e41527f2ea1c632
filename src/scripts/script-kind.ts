import * as path from 'node:path';
import type { Language } from '../commands/token-requests';

/** Script files linted beside templates, by extension. */
const BY_EXTENSION: Record<string, Language> = {
  '.sh': 'shell',
  '.bash': 'shell',
  '.ps1': 'powershell',
  '.psm1': 'powershell',
  '.cmd': 'cmd',
  '.bat': 'cmd',
  '.py': 'python',
};

/** cloud-init user data: cloud-init.yml, cloud-config.yaml, cloudinit.txt, *.cloud-init... */
const CLOUD_INIT_NAME = /cloud-?init|cloud-config/i;
const CLOUD_INIT_EXTENSIONS = new Set(['.yml', '.yaml', '.txt', '.cfg', '.cloud-init', '.cloud-config', '']);

/** What discovery searches a directory for, beside templates. */
export const SCRIPT_PATTERNS = ['**/*.{sh,bash,ps1,psm1,cmd,bat,py}', '**/*{cloud-init,cloudinit,cloud-config}*'];

export type ScriptKind = { language: Language; cloudInit: boolean };

/** The script kind of a file by its name; undefined for templates and other files. */
export function scriptKind(filePath: string): ScriptKind | undefined {
  const base = path.basename(filePath);
  const extension = path.extname(base).toLowerCase();
  const language = BY_EXTENSION[extension];
  if (language) return { language, cloudInit: false };
  if (CLOUD_INIT_NAME.test(base) && CLOUD_INIT_EXTENSIONS.has(extension)) return { language: 'shell', cloudInit: true };
  return undefined;
}
