// Written into the site as assets/kata/packages.mjs by a build with LOOPGUIDE_WHEELS (loopguide/wheels.py):
// the wheels pyodide-lock.json pins were checked and published beside Pyodide's core, so kata
// packages come from the site itself.
export const PACKAGE_BASE = new URL("../pyodide/", import.meta.url).href;
