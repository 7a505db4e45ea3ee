/**
 * libphonenumber-js with its full ("max") metadata, the one library the nodes use that n8n does not provide.
 * n8n forbids runtime dependencies in community packages, so the build replaces this file's compiled output with a
 * single-file bundle of the library (gulpfile.js, `vendor`); tests and type checks use the installed package.
 */
export { parsePhoneNumberFromString } from 'libphonenumber-js/max';
export type { CountryCode } from 'libphonenumber-js/max';
