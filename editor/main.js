/**
 * The staff editor at /admin/: Sveltia CMS, bundled from npm by Vite (`make editor`), so that
 * nothing is fetched from a CDN. Its configuration, /admin/config.yml, is generated from the
 * JSON Schemas at build time (scripts/portal/editor.py).
 */
import CMS from '@sveltia/cms';

import { clean } from './clean.js';

// What the editor writes must be what the validator accepts and what staff would write by hand.
CMS.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => entry.set('data', clean(entry.get('data').toJS())),
});

CMS.init();
