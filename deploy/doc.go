// Package deploy holds how the built site is served: nginx.conf, a whole
// nginx configuration for an operator to drop in, and iscsite.conf, the
// site's rules (types, precompressed files, caching, 404 pages per
// language), which nginx.conf includes in its server block. Its tests
// build the repository's site with compression, serve it with the real
// nginx through iscsite.conf, and fetch every page.
package deploy
