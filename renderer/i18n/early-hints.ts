// The early curtain's words (renderer/app/early-curtain.ts), before the locale files are loaded.

/** The curtain's hint in each language, as the locale files have it (a unit test holds them equal). */
export const earlyHints: Record<string, string> = {
  en: 'Press any key or click to sign in',
  de: 'Drücken Sie eine beliebige Taste, oder klicken Sie, um sich anzumelden',
  'pt-BR': 'Pressione qualquer tecla ou clique para entrar',
};
