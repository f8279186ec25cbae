// Package pagetest checks the pages of the real site, as visitors get them:
// it builds the repository's own content and layouts into a temporary folder
// and tests the output.
//
//   - browser_test.go loads the pages in headless Chromium (through
//     generator/internal/browsertest) at 1280 and 390 CSS pixels wide, in the
//     light and the dark colour scheme: no page scrolls sideways, axe-core
//     finds no WCAG 2.1 A/AA violation, and a screenshot of each is written to
//     $SCREENSHOT_DIR, or testdata/screenshots-out when it is unset. It also
//     drives the table filter with JavaScript on and off, the sticky table
//     headers, the skip link and the print stylesheet.
//   - size_test.go keeps each page's HTML, CSS and JavaScript under 60 KB,
//     except the two full tables.
//   - links_test.go follows every link of the output: each internal link
//     reaches a file and, with a fragment, an element with that id; every
//     record page links to its rows in the tables; and the site built under
//     a sub-path of its baseURL links only inside it.
//   - search_test.go searches the real site by keyboard, with the filters
//     and without JavaScript, and compares the script's folding of words
//     with the index's; search_large_test.go measures the index and what
//     searches fetch on a generated site of 10,000 records.
//   - validate_test.go runs html-validate, once, over every page kind in
//     every language, translated and not, with the rules of
//     testdata/htmlvalidate.json, and over a page broken on purpose.
//
// The browser tests need Chromium and axe-core, and validate_test.go
// html-validate, which `bash .ci/run` installs; they fail, never skip,
// when these are missing.
package pagetest
