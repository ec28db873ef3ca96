// Package browsertest holds the web console's browser tests: they drive a
// real headless Chromium (internal/cdp) against a seeded emulator. They
// live apart from the console's own tests so that those stay quick; where
// no browser can be found they skip, saying so (.ci/run installs Debian's
// chromium package so that CI runs them).
//
// MIXCOATL_CHROMIUM names the browser binary; MIXCOATL_SCREENSHOTS a
// directory that receives a screenshot of each page (default: a directory
// under the test's temporary directory, removed afterwards);
// MIXCOATL_README_SCREENSHOT a file that receives the Jobs page after a
// launch's job completed live (the window only): the README's picture.
package browsertest
