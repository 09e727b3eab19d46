// Written into the site as assets/kata/packages.mjs by a build without LOOPGUIDE_WHEELS (loopguide/wheels.py):
// kata packages (NumPy) come from the CDN folder of the Pyodide version the site ships.
import { version } from "../pyodide/pyodide.mjs";

export const PACKAGE_BASE = `https://cdn.jsdelivr.net/pyodide/v${version}/full/`;
