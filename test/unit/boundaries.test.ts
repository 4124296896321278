import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The process boundary is the architecture (STYLE.md): a wrong import must be a lint error.
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('the renderer may not import the main process, Node or Electron', async () => {
    expect(
      await importErrors('renderer/x.ts', "import { openEngine } from '../electron/main/engine';\nopenEngine;\n"),
    ).not.toEqual([]);
    expect(await importErrors('renderer/x.ts', "import { readFileSync } from 'node:fs';\nreadFileSync;\n")).not.toEqual(
      [],
    );
    expect(await importErrors('renderer/x.ts', "import { ipcRenderer } from 'electron';\nipcRenderer;\n")).not.toEqual(
      [],
    );
    expect(await importErrors('renderer/x.ts', "import { contract } from '../shared/contract';\ncontract;\n")).toEqual(
      [],
    );
  });

  it('shared/ may import neither Node, the DOM side nor Electron', async () => {
    expect(await importErrors('shared/x.ts', "import { createHash } from 'node:crypto';\ncreateHash;\n")).not.toEqual(
      [],
    );
    expect(await importErrors('shared/x.ts', "import path from 'path';\npath;\n")).not.toEqual([]);
    expect(await importErrors('shared/x.ts', "import { call } from '../renderer/api/client';\ncall;\n")).not.toEqual(
      [],
    );
    expect(await importErrors('shared/x.ts', "import { z } from 'zod';\nz;\n")).toEqual([]);
  });

  it('the engine has no electron import; only index.ts and shell/ do', async () => {
    expect(await importErrors('electron/main/api/x.ts', "import { app } from 'electron';\napp;\n")).not.toEqual([]);
    expect(await importErrors('electron/main/shell/x.ts', "import { app } from 'electron';\napp;\n")).toEqual([]);
    expect(await importErrors('electron/main/index.ts', "import { app } from 'electron';\napp;\n")).toEqual([]);
  });

  it('the store does not know about the layers above it', async () => {
    expect(
      await importErrors('electron/main/store/x.ts', "import { dispatch } from '../api/dispatch';\ndispatch;\n"),
    ).not.toEqual([]);
    expect(
      await importErrors('electron/main/store/x.ts', "import { openEngine } from '../engine';\nopenEngine;\n"),
    ).not.toEqual([]);
  });

  it('the preload exposes the contract and imports nothing from main or Node', async () => {
    expect(
      await importErrors('electron/preload/x.ts', "import { openEngine } from '../main/engine';\nopenEngine;\n"),
    ).not.toEqual([]);
    expect(await importErrors('electron/preload/x.ts', "import fs from 'node:fs';\nfs;\n")).not.toEqual([]);
  });
});
