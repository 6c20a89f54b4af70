// The password rules the forms apply before the API does (the API's policy is the one that counts).

/** Longer input is cut here: hashing megabytes would be a denial of service. */
export const MAX_PASSWORD = 1024;
/** The API's minimum length, shown and checked in the browser too. */
export const MIN_PASSWORD = 12;
