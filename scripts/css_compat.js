// CSS features against a browserslist environment, with doiuse on a whole-file PostCSS parse
// (doiuse's command line tokenizes a stream and stops at some comments, missing the rest).
// Usage: node scripts/css_compat.js ENV FILE...   (ENV from package.json "browserslist")
// Prints each unsupported or partially supported feature as FILE:LINE:COL and exits 1 if any.
"use strict";

const fs = require("fs");
const browserslist = require("browserslist");
const postcss = require("postcss");
const doiuse = require("doiuse");

// doiuse reads every `overflow` as the two-value / `clip` syntax that Chromium 69 lacks; the
// player uses only the single keyword `hidden`, which every engine has.
const IGNORE = ["css-overflow"];

const [env, ...files] = process.argv.slice(2);
const browsers = browserslist(undefined, { env, path: process.cwd() });
let found = 0;
for (const file of files) {
  const plugin = doiuse({
    browsers,
    ignore: IGNORE,
    onFeatureUsage(usage) {
      found += 1;
      console.log(usage.message);
    },
  });
  postcss([plugin]).process(fs.readFileSync(file, "utf8"), { from: file }).sync();
}
process.exit(found ? 1 : 0);
