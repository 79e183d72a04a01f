// The personal data the browser tests type. end2end/run.mjs checks that none of it ever
// appears whole in the server's log.
export const TEST_PHONES = ['13912345678', '13712340000'];
// Valid 居民身份证 numbers (checksums computed), one per sign-in test.
export const TEST_IDS = ['430104199003070023', '433124198511110048'];
