import { fileURLToPath } from 'node:url';

/** The data folder: DATA_DIR if set (as for the server), else the repository's data/. */
export const DATA_DIR = process.env.DATA_DIR ?? fileURLToPath(new URL('../../data', import.meta.url));
