// The personal data the browser tests type. end2end/run.mjs checks that none of it ever
// appears whole in the server's log.
export const TEST_PHONES = ['13912345678', '13712340000'];
