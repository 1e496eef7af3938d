// ESLint 9 flat config for the JavaScript we ship (run by `make lint`, so by `make test`).
// Both sets are classic scripts limited to ES2017: the lobby TV boxes run Chromium 69
// (tests/test_player_syntax.py parses the player with acorn for the same reason).
"use strict";

const js = require("@eslint/js");
const globals = require("globals");
const compat = require("eslint-plugin-compat");

// The lobby screens' engine: every Web and ES API the player uses must exist in Chromium 69
// (package.json "browserslist" environment "screens"; checked statically by eslint-plugin-compat).
const screens = {
  plugins: { compat },
  settings: { browserslistOpts: { env: "screens" }, lintAllEsApis: true },
  rules: { "compat/compat": "error" },
};

const es2017Script = {
  ecmaVersion: 2017,
  sourceType: "script",
};

module.exports = [
  js.configs.recommended,
  {
    rules: {
      // ES2017 has no `catch {}` without a binding (that is ES2019), so an unused `err` in a
      // catch clause is unavoidable; every other unused name is still an error.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: ["gallery/screens/player/*.js"],
    ignores: ["gallery/screens/player/sw.js"],
    languageOptions: { ...es2017Script, globals: { ...globals.browser } },
    ...screens,
  },
  {
    files: ["gallery/screens/player/sw.js"],
    languageOptions: { ...es2017Script, globals: { ...globals.serviceworker } },
    ...screens,
  },
  {
    files: ["overrides/assets/javascripts/*.js"],
    languageOptions: { ...es2017Script, globals: { ...globals.browser } },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
];
