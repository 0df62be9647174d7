/**
 * Builds the staff editor (Sveltia CMS from npm, editor/main.js) into build/editor/, which the
 * site build copies to /admin/ (scripts/portal/editor.py). `make editor` runs it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Sveltia UI declares its three web fonts with `@font-face` rules that point at jsDelivr, and
 * registers the same fonts from the bundle (setupSelfHostedAssets) through the CSS Font Loading
 * API. Chromium fetches both, so the CDN rules are removed here: the bundled fonts are the only
 * source. If a new version changes those rules, the build stops instead of fetching from a CDN.
 */
const CDN_FONT_FACE = /@font-face \{[^{}]*https:\/\/cdn\.jsdelivr\.net\/[^{}]*\}/g;
const EXPECTED_CDN_FONT_FACES = 3;

const noCdnFonts = () => ({
  name: 'portal-no-cdn-fonts',
  transform(code, id) {
    if (!id.includes('/@sveltia/cms/npm/index.js')) {
      return null;
    }
    const found = code.match(CDN_FONT_FACE) ?? [];
    if (found.length !== EXPECTED_CDN_FONT_FACES || code.replace(CDN_FONT_FACE, '').includes('cdn.jsdelivr.net')) {
      throw new Error(
        `@sveltia/cms: expected ${EXPECTED_CDN_FONT_FACES} @font-face rules on jsDelivr, found ${found.length}; ` +
          'update editor/vite.config.js for this version so that no font comes from a CDN.',
      );
    }
    return { code: code.replace(CDN_FONT_FACE, ''), map: null };
  },
});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [noCdnFonts()],
  build: {
    outDir: fileURLToPath(new URL('../build/editor', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
