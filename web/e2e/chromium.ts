/** The browser the end-to-end tests drive: Debian's chromium (`.ci/run` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
