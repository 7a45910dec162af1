// The one failure of a build that is not a guide's nor the machine's.

/**
 * The setup, not a guide, is wrong: an option names something that is not there (`--only
 * nosuch`), or a template or the taxonomy cannot be read. Exit status 2.
 */
export class SetupError extends Error {}
