import { version } from '../../../package.json';

/** The release, from package.json: `--version`, SARIF's driver and the JSON output carry it. */
export const GRACEFUL_VERSION: string = version;
