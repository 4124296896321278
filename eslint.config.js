// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'node:*'];

/** The process boundary is the architecture: each folder may only import what its process can run. */
const boundaries = {
  renderer: {
    paths: [...nodeBuiltins, 'electron', 'better-sqlite3', '@napi-rs/keyring'].map((name) => ({
      name,
      message: 'The renderer runs in the page: it talks to the main process through the contract only.',
    })),
    patterns: [
      { group: ['**/electron/**', 'node:*'], message: 'The renderer may not import the main process or Node.' },
    ],
  },
  shared: {
    paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'better-sqlite3'].map((name) => ({
      name,
      message: 'shared/ runs anywhere: no Node, no DOM, no Electron, no React.',
    })),
    patterns: [
      { group: ['**/electron/**', '**/renderer/**', 'node:*'], message: 'shared/ may not import either side.' },
    ],
  },
  engine: {
    paths: [
      { name: 'electron', message: 'The engine has no Electron import: only electron/main/index.ts and shell/ do.' },
    ],
    patterns: [{ group: ['**/renderer/**'], message: 'The main process may not import the renderer.' }],
  },
  store: {
    paths: [{ name: 'electron', message: 'The store has no Electron import.' }],
    patterns: [
      {
        group: [
          '**/api/**',
          '**/flows/**',
          '**/policy/**',
          '**/sign-in/**',
          '**/browser-shell/**',
          '**/shell/**',
          '**/engine',
        ],
        message: 'Layers only point down: the store knows nothing of policy, flows or shells.',
      },
    ],
  },
  preload: {
    paths: nodeBuiltins.map((name) => ({ name, message: 'A sandboxed preload cannot use Node modules.' })),
    patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload exposes the contract, nothing else.' }],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', boundaries.renderer],
    },
  },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', boundaries.shared] } },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/index.ts', 'electron/main/shell/**'],
    rules: { 'no-restricted-imports': ['error', boundaries.engine] },
  },
  { files: ['electron/main/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', boundaries.store] } },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', boundaries.preload] },
  },
  // Playwright fixtures that depend on nothing are declared with an empty pattern.
  { files: ['test/e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  prettier,
);
